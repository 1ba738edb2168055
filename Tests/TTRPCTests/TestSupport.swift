// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Glibc
import KataTestSupport
import Logging
import NIOCore
import NIOPosix
import SwiftProtobuf
import Synchronization

@testable import TTRPC

/// The event loops every test shares: two threads, like the shim and the agent use.
let testGroup = MultiThreadedEventLoopGroup(numberOfThreads: 2)

let testLogger: Logger = {
    var logger = Logger(label: "ttrpc-tests")
    logger.logLevel = .critical
    return logger
}()

/// Creates a connected AF_UNIX stream pair: the in-memory transport for tests.
func socketPair() throws -> (CInt, CInt) {
    var fds: [CInt] = [0, 0]
    guard socketpair(AF_UNIX, CInt(SOCK_STREAM.rawValue) | CInt(SOCK_CLOEXEC.rawValue), 0, &fds) == 0 else {
        throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
    }
    return (fds[0], fds[1])
}

/// A server with the test services on one end of a socket pair and a client on the other.
struct Harness {
    let server: TTRPCServer
    let connection: TTRPCConnection
    let client: TTRPCClient

    static func start(services: [TTRPCService] = [EchoService.make()]) async throws -> Harness {
        let (serverFD, clientFD) = try socketPair()
        let server = TTRPCServer(services: services, group: testGroup, logger: testLogger)
        let connection = try await server.serve(connectedSocket: serverFD)
        let client = try await TTRPCClient.adopting(connectedSocket: clientFD, group: testGroup, logger: testLogger)
        return Harness(server: server, connection: connection, client: client)
    }

    func stop() async {
        await client.close()
        await server.shutdown()
    }
}

/// Counts how often a handler noticed it was cancelled.
final class CancellationProbe: Sendable {
    private let state = Mutex((started: 0, cancelled: 0))
    var started: Int { state.withLock { $0.started } }
    var cancelled: Int { state.withLock { $0.cancelled } }
    func markStarted() { state.withLock { $0.started += 1 } }
    func markCancelled() { state.withLock { $0.cancelled += 1 } }
}

/// `test.Echo`: methods used throughout the tests, on well-known message types.
enum EchoService {
    static let name = "test.Echo"

    static func make(probe: CancellationProbe = CancellationProbe()) -> TTRPCService {
        TTRPCService(
            name: name,
            methods: [
                "Echo": TTRPCMethod { (request: Google_Protobuf_StringValue, _) in request },
                "SlowEcho": TTRPCMethod { (request: Google_Protobuf_StringValue, _) in
                    // Sleeps a value-dependent time so answers come back out of order.
                    let delay = UInt64(abs(request.value.hashValue) % 20)
                    try await Task.sleep(nanoseconds: delay * 1_000_000)
                    return request
                },
                "Block": TTRPCMethod { (_: Google_Protobuf_Empty, _) -> Google_Protobuf_Empty in
                    probe.markStarted()
                    do {
                        try await Task.sleep(for: .seconds(3600))
                    } catch {
                        probe.markCancelled()
                        throw error
                    }
                    return Google_Protobuf_Empty()
                },
                "Fail": TTRPCMethod { (request: Google_Protobuf_StringValue, _) -> Google_Protobuf_Empty in
                    throw TTRPCStatus(.notFound, "container \(request.value) not found")
                },
                "Throw": TTRPCMethod { (_: Google_Protobuf_Empty, _) -> Google_Protobuf_Empty in
                    throw PlainError()
                },
                "Metadata": TTRPCMethod { (_: Google_Protobuf_Empty, context) -> Google_Protobuf_StringValue in
                    let pairs = context.metadata.sorted { $0.key < $1.key }.map {
                        "\($0.key)=\($0.value.joined(separator: ","))"
                    }
                    return .with { $0.value = pairs.joined(separator: ";") }
                },
                "Deadline": TTRPCMethod { (_: Google_Protobuf_Empty, context) -> Google_Protobuf_BoolValue in
                    .with { $0.value = context.deadline != nil }
                },
            ]
        )
    }

    struct PlainError: Error, CustomStringConvertible {
        var description: String { "plain failure" }
    }
}

/// A raw peer that writes bytes and reads frames, to test what a server does with bad input.
struct RawPeer {
    let fd: CInt

    func write(_ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            // Other suites start processes; their SIGCHLD may interrupt this thread's call.
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            offset += written
        }
    }

    /// Reads one frame. The blocking read runs on a dispatch thread: blocking the two-thread
    /// cooperative pool would starve the server under test. `timeout` only keeps a lost answer
    /// from pinning that thread forever; it is no verdict on speed (a loaded CI machine took
    /// more than 5 s to answer an echo).
    func readFrame(timeout: Int = 120) async throws -> (header: [UInt8], data: [UInt8]) {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try readFrameBlocking(timeout: timeout) })
            }
        }
    }

    private func readFrameBlocking(timeout: Int) throws -> (header: [UInt8], data: [UInt8]) {
        var tv = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        let header = try read(count: 10)
        let length = Int(header[0]) << 24 | Int(header[1]) << 16 | Int(header[2]) << 8 | Int(header[3])
        return (header, try read(count: length))
    }

    private func read(count: Int) throws -> [UInt8] {
        var out = [UInt8](repeating: 0, count: count)
        var offset = 0
        while offset < count {
            let got = out[offset...].withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if got < 0 && errno == EINTR { continue }
            guard got > 0 else { throw POSIXError(got == 0 ? .ECONNRESET : POSIXErrorCode(rawValue: errno) ?? .EIO) }
            offset += got
        }
        return out
    }

    static func frame(stream: UInt32, type: UInt8 = 1, data: [UInt8]) -> [UInt8] {
        let length = UInt32(data.count)
        return [
            UInt8(length >> 24), UInt8(length >> 16 & 0xff), UInt8(length >> 8 & 0xff), UInt8(length & 0xff),
            UInt8(stream >> 24), UInt8(stream >> 16 & 0xff), UInt8(stream >> 8 & 0xff), UInt8(stream & 0xff),
            type, 0,
        ] + data
    }
}

/// A unix socket path in a fresh temporary directory, short enough for sockaddr_un.
struct TemporarySocketPath {
    let directory: URL
    var path: String { directory.appendingPathComponent("s.sock").path }

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "ttrpc-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    func remove() {
        try? FileManager.default.removeItem(at: directory)
    }
}
