// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Foundation
import KataLinux
import QEMU
import Synchronization
import SystemPackage

/// A QMP server on a temporary unix socket that speaks the protocol from a script: it sends the
/// greeting, answers `qmp_capabilities`, and lets `handler` answer every other command with lines
/// (replies and events) or by dropping the connection.
final class StubQMPServer: Sendable {
    /// What the server does with one command.
    enum Action: Sendable {
        /// Writes these messages in order; `reply(_:)` builds a return with the request's id.
        case send([QMP.Value])
        /// Closes the connection without answering.
        case drop
    }

    /// A command as the server received it.
    struct Request: Sendable {
        var message: QMP.Value
        var descriptors: Int

        var command: String { message["execute"]?.stringValue ?? "" }
        var id: QMP.Value { message["id"] ?? .null }

        /// `{"return": value, "id": <id>}`.
        func reply(_ value: QMP.Value = [:]) -> QMP.Value { ["return": value, "id": id] }

        /// `{"error": {"class":…, "desc":…}, "id": <id>}`.
        func error(_ errorClass: String, _ description: String) -> QMP.Value {
            ["error": ["class": .string(errorClass), "desc": .string(description)], "id": id]
        }
    }

    static let greeting: QMP.Value = [
        "QMP": [
            "version": ["qemu": ["major": 7, "minor": 2, "micro": 22], "package": "stub"],
            "capabilities": ["oob"],
        ]
    ]

    let path: String
    private let listener: FileDescriptor
    private let requests = Mutex<[Request]>([])

    /// Starts listening and serves one connection on a dedicated thread.
    init(greeting: QMP.Value = StubQMPServer.greeting, handler: @escaping @Sendable (Request) -> Action) throws {
        path = "/tmp/stub-qmp-\(UUID().uuidString.prefix(8)).sock"
        listener = try UnixSocket.listen(path: path)
        let listener = listener
        let thread = Thread { [self] in self.serve(listener, greeting: greeting, handler: handler) }
        thread.start()
    }

    deinit {
        UnixSocket.shutdown(listener)
        try? listener.close()
        try? FileSystem.remove(path)
    }

    /// The commands received so far, `qmp_capabilities` included.
    var received: [Request] { requests.withLock { $0 } }

    /// An event message as QEMU writes it.
    static func event(_ name: String, _ data: QMP.Value = [:]) -> QMP.Value {
        ["event": .string(name), "data": data, "timestamp": ["seconds": 1_700_000_000, "microseconds": 5]]
    }

    private func serve(
        _ listener: FileDescriptor, greeting: QMP.Value, handler: @Sendable (Request) -> Action
    ) {
        guard let connection = try? UnixSocket.accept(listener) else { return }
        defer { try? connection.close() }
        // QEMU ends lines with \r\n.
        func write(_ message: QMP.Value) -> Bool {
            (try? UnixSocket.send(connection, Array((message.description + "\r\n").utf8))) != nil
        }
        guard write(greeting) else { return }
        var buffer: [UInt8] = []
        while let received = try? UnixSocket.receive(connection), !received.bytes.isEmpty {
            for fd in received.descriptors { try? fd.close() }
            buffer += received.bytes
            while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = Data(buffer[..<newline])
                buffer.removeSubrange(...newline)
                guard let message = try? JSONDecoder().decode(QMP.Value.self, from: line) else { return }
                let request = Request(message: message, descriptors: received.descriptors.count)
                requests.withLock { $0.append(request) }
                let action = request.command == "qmp_capabilities" ? .send([request.reply()]) : handler(request)
                switch action {
                case .send(let messages):
                    for message in messages where !write(message) { return }
                case .drop:
                    UnixSocket.shutdown(connection)
                    return
                }
            }
        }
    }
}
