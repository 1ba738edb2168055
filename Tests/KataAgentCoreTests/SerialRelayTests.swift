// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Foundation
import KataLinux
import SystemPackage
import Testing

@testable import KataAgentCore

/// The relay between the agent channel and the ttRPC server, with socket pairs standing in for the
/// virtio-serial port (a port reads end of file when the host hangs up, as a socket does).
@Suite("SerialRelay")
struct SerialRelayTests {
    /// The four ends: the host's and the relay's ends of the "port", the relay's and the server's ends
    /// of the socket pair.
    struct Ends {
        let host: FileDescriptor
        let port: FileDescriptor
        let relay: FileDescriptor
        let server: FileDescriptor

        init() throws {
            (host, port) = try SocketPair.stream()
            (relay, server) = try SocketPair.stream()
            try SocketPair.setNonBlocking(port)
            try SocketPair.setNonBlocking(relay)
        }

        /// Closes the ends not closed yet. A descriptor closed twice could close another test's
        /// socket that got the same number in between.
        func close(except closed: [FileDescriptor] = []) {
            for fd in [host, port, relay, server] where !closed.contains(fd) { try? fd.close() }
        }
    }

    /// Runs `body` on a thread of its own: the relay and the test's blocking reads and writes would
    /// otherwise fill the cooperative pool, which has as few threads as the machine has cores.
    static func onThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try body() }) }.start()
        }
    }

    static func run(_ ends: Ends) async throws -> SerialRelay.Ending {
        let relay = SerialRelay(port: ends.port, socket: ends.relay)
        return try await onThread { try relay.run() }
    }

    static func readExactly(_ count: Int, from fd: FileDescriptor) throws -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: count)
        while bytes.count < count {
            let read = try chunk.withUnsafeMutableBytes { try fd.read(into: $0) }
            guard read > 0 else { break }
            bytes += chunk[..<min(read, count - bytes.count)]
        }
        return bytes
    }

    @Test("bytes cross both ways, then a host hang-up ends the relay")
    func copiesBothWaysUntilTheHostHangsUp() async throws {
        let ends = try Ends()
        var closed: [FileDescriptor] = []
        defer { ends.close(except: closed) }
        let relay = Task { try await Self.run(ends) }

        let request: [UInt8] = Array(0..<200).map { UInt8($0) }
        _ = try request.withUnsafeBytes { try ends.host.writeAll($0) }
        let server = ends.server
        #expect(try await Self.onThread { try Self.readExactly(request.count, from: server) } == request)

        // More than one chunk in the other direction, to exercise partial writes.
        let answer = [UInt8](repeating: 0x5a, count: SerialRelay.chunkSize * 3 + 17)
        async let written = Self.onThread { try answer.withUnsafeBytes { try server.writeAll($0) } }
        let host = ends.host
        #expect(try await Self.onThread { try Self.readExactly(answer.count, from: host) } == answer)
        _ = try await written

        closed.append(ends.host)
        try ends.host.close()
        #expect(try await relay.value == .hostHungUp)
    }

    @Test("the server closing its end ends the relay")
    func serverCloseEndsTheRelay() async throws {
        let ends = try Ends()
        defer { ends.close(except: [ends.server]) }
        let relay = Task { try await Self.run(ends) }
        try ends.server.close()
        #expect(try await relay.value == .serverClosed)
    }
}
