// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Foundation
import KataError
import KataLinux
import KataRuntime
import Logging
import Synchronization
import SystemPackage
import Testing

@testable import KataShim

enum FIFOTestSupport {
    static func make(_ path: String) throws {
        try FIFO.make(at: path)
    }

    /// Reads a FIFO to EOF on a thread of its own, as a client does (blocking open, read to EOF).
    /// A real thread, not a task: a blocking open on the cooperative pool (two threads on CI)
    /// starves the very copier it waits for.
    static func readAll(_ path: String) -> Task<String, any Error> {
        onThread {
            let fd = try FileDescriptor.open(path, .readOnly)
            defer { try? fd.close() }
            var data: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = try buffer.withUnsafeMutableBytes { try fd.read(into: $0) }
                if count == 0 { break }
                data += buffer[..<count]
            }
            return String(decoding: data, as: UTF8.self)
        }
    }

    /// Runs blocking `work` on a new thread and returns a task that yields its result.
    static func onThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) -> Task<T, any Error> {
        Task {
            try await withCheckedThrowingContinuation { continuation in
                Thread { continuation.resume(with: Result { try work() }) }.start()
            }
        }
    }

    static func directory() throws -> String {
        let directory = NSTemporaryDirectory() + "kshim-io-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return directory
    }
}

@Suite struct StdioCopierTests {
    static let monitor = try? ReadinessMonitor()
    let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    @Test func outputEOFReachesTheClient() async throws {
        let directory = try FIFOTestSupport.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let stdout = directory + "/out"
        try FIFOTestSupport.make(stdout)
        // The copier opens before the client: the private read end makes that work.
        let fifos = try StdioFIFOs(opening: ProcessStdio(stdin: "", stdout: stdout, stderr: "", terminal: true))
        let streams = FakeStreams()
        let copier = StdioCopier(fifos: fifos, monitor: Self.monitor, logger: logger)
        copier.connect(streams)
        streams.send("early ")
        let reader = FIFOTestSupport.readAll(stdout)
        streams.send("late")
        streams.finishOutput()
        // A generous bound: drain returns as soon as the output is copied; the bound only stops a hang.
        #expect(await copier.drain(timeout: .seconds(60)))
        #expect(try await reader.value == "early late")
        await copier.close()
    }

    @Test func stdinIsForwardedAndEOFClosesIt() async throws {
        let directory = try FIFOTestSupport.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let stdin = directory + "/in"
        try FIFOTestSupport.make(stdin)
        let fifos = try StdioFIFOs(opening: ProcessStdio(stdin: stdin, stdout: "", stderr: "", terminal: false))
        let streams = FakeStreams()
        let copier = StdioCopier(fifos: fifos, monitor: Self.monitor, logger: logger)
        copier.connect(streams)
        try await FIFOTestSupport.onThread {
            let fd = try FileDescriptor.open(stdin, .writeOnly)
            _ = try fd.writeAll(Array("input\n".utf8))
            try fd.close()
        }.value
        #expect(try await streams.stdinClosed.wait())
        #expect(String(decoding: streams.stdin.withLock { $0 }, as: UTF8.self) == "input\n")
        await copier.close()
    }

    @Test func closeIOForwardsPendingStdinThenCloses() async throws {
        let directory = try FIFOTestSupport.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let stdin = directory + "/in"
        try FIFOTestSupport.make(stdin)
        let fifos = try StdioFIFOs(opening: ProcessStdio(stdin: stdin, stdout: "", stderr: "", terminal: false))
        let streams = FakeStreams()
        let copier = StdioCopier(fifos: fifos, monitor: Self.monitor, logger: logger)
        copier.connect(streams)
        // The client keeps its writer open (ctr sends CloseIO instead of closing the FIFO).
        let writer = try FileDescriptor.open(stdin, .writeOnly, options: [.nonBlocking])
        defer { try? writer.close() }
        _ = try writer.writeAll(Array("abc".utf8))
        await copier.closeStdin()
        #expect(streams.stdinClosed.value == true)
        #expect(String(decoding: streams.stdin.withLock { $0 }, as: UTF8.self) == "abc")
        await copier.close()
    }

    /// CloseIO can arrive while bytes read from the FIFO are still on their way to the agent (ctr
    /// writes stdin, then sends CloseIO): those bytes must arrive before the close, never be lost.
    @Test func closeIODuringAStdinWriteLosesNothing() async throws {
        let directory = try FIFOTestSupport.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let stdin = directory + "/in"
        try FIFOTestSupport.make(stdin)
        let fifos = try StdioFIFOs(opening: ProcessStdio(stdin: stdin, stdout: "", stderr: "", terminal: false))
        let streams = GatedStdinStreams()
        let copier = StdioCopier(fifos: fifos, monitor: Self.monitor, logger: logger)
        copier.connect(streams)
        let writer = try FileDescriptor.open(stdin, .writeOnly, options: [.nonBlocking])
        defer { try? writer.close() }
        _ = try writer.writeAll(Array("echo hi\n".utf8))
        _ = try await streams.writing.wait()
        let close = Task { await copier.closeStdin() }
        // Give CloseIO time to reach the copier while the write is held (the outcome must not
        // depend on whether it did).
        try await Task.sleep(for: .milliseconds(50))
        streams.release.resolve(true)
        await close.value
        #expect(streams.received.withLock { $0 } == Array("echo hi\n".utf8))
        #expect(streams.closed.value == true)
        await copier.close()
    }

    @Test func drainIsBoundedWhenNobodyReads() async throws {
        let directory = try FIFOTestSupport.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let stdout = directory + "/out"
        try FIFOTestSupport.make(stdout)
        let fifos = try StdioFIFOs(opening: ProcessStdio(stdin: "", stdout: stdout, stderr: "", terminal: false))
        let streams = FakeStreams()
        let copier = StdioCopier(fifos: fifos, monitor: Self.monitor, logger: logger)
        copier.connect(streams)
        streams.send(String(repeating: "x", count: 200_000))
        #expect(await copier.drain(timeout: .milliseconds(200)) == false)
        await copier.close()
    }

    @Test func missingFifoIsInvalidArgument() {
        #expect(throws: KataError.self) {
            try StdioFIFOs(opening: ProcessStdio(stdin: "", stdout: "/nonexistent/fifo", stderr: "", terminal: false))
        }
    }
}

/// Streams whose stdin writes wait for `release` and, like a ttRPC call, fail when cancelled.
final class GatedStdinStreams: ProcessStreams {
    let writing = Latch<Bool>()
    let release = Latch<Bool>()
    let received = Mutex<[UInt8]>([])
    let closed = Latch<Bool>()

    func readStdout() async throws -> [UInt8]? { nil }

    func readStderr() async throws -> [UInt8]? { nil }

    func writeStdin(_ bytes: [UInt8]) async throws {
        writing.resolve(true)
        _ = try await release.wait()
        received.withLock { $0 += bytes }
    }

    func closeStdin() async throws { closed.resolve(true) }
}

/// Streams whose stdout the test feeds and whose stdin the test reads back.
final class FakeStreams: ProcessStreams {
    private let output: AsyncStream<[UInt8]>
    private let feed: AsyncStream<[UInt8]>.Continuation
    let stdin = Mutex<[UInt8]>([])
    let stdinClosed = Latch<Bool>()

    init() {
        (output, feed) = AsyncStream.makeStream(of: [UInt8].self)
    }

    func send(_ text: String) { feed.yield(Array(text.utf8)) }
    func finishOutput() { feed.finish() }

    func readStdout() async throws -> [UInt8]? {
        var iterator = output.makeAsyncIterator()
        return await iterator.next()
    }

    func readStderr() async throws -> [UInt8]? { nil }

    func writeStdin(_ bytes: [UInt8]) async throws {
        stdin.withLock { $0 += bytes }
    }

    func closeStdin() async throws { stdinClosed.resolve(true) }
}
