// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import KataError
import KataLinux
package import KataRuntime
import Synchronization

/// Client stdio in memory: each process's output is read to its end into a string, as a client
/// reading its FIFOs would; stdin can be fed and closed.
package final class MemoryStdio: ProcessIOConnector {
    private let opened = Mutex<[MemoryProcessIO]>([])
    private let refusals = Mutex<[KataError]>([])

    /// A connector.
    package init() {}

    /// Makes the next open fail (as a missing FIFO does).
    package func refuseNextOpen(_ error: KataError) {
        refusals.withLock { $0.append(error) }
    }

    /// The stdio opened so far, oldest first.
    package var all: [MemoryProcessIO] { opened.withLock { $0 } }

    /// The latest stdio opened with this stdout path.
    package func named(_ stdout: String) -> MemoryProcessIO? {
        opened.withLock { $0.last { $0.stdio.stdout == stdout } }
    }

    /// Opens in-memory stdio for `stdio`.
    package func open(_ stdio: ProcessStdio) throws(KataError) -> any ProcessIO {
        if let error = refusals.withLock({ $0.isEmpty ? nil : $0.removeFirst() }) { throw error }
        let io = MemoryProcessIO(stdio: stdio)
        opened.withLock { $0.append(io) }
        return io
    }
}

/// One process's stdio in memory.
package final class MemoryProcessIO: ProcessIO {
    private struct State {
        var stdout: [UInt8] = []
        var stderr: [UInt8] = []
        var readers: Task<Void, Never>?
        var streams: (any ProcessStreams)?
        var closed = false
        var stdinClosed = false
    }

    private let state = Mutex(State())
    private let outputDone = Latch<Void>()
    /// What the client asked for.
    package let stdio: ProcessStdio

    init(stdio: ProcessStdio) {
        self.stdio = stdio
    }

    /// Everything the process wrote on stdout so far.
    package var stdout: String { String(decoding: state.withLock { $0.stdout }, as: UTF8.self) }
    /// Everything the process wrote on stderr so far.
    package var stderr: String { String(decoding: state.withLock { $0.stderr }, as: UTF8.self) }
    /// Whether the output reached its end.
    package var isDrained: Bool { outputDone.value != nil }
    /// Whether Delete closed it.
    package var isClosed: Bool { state.withLock { $0.closed } }
    /// Whether CloseIO closed the process's stdin.
    package var isStdinClosed: Bool { state.withLock { $0.stdinClosed } }

    /// Waits until both outputs reached their end.
    package func output() async -> (stdout: String, stderr: String) {
        _ = await outputDone.valueIgnoringCancellation()
        return (stdout, stderr)
    }

    /// Writes `text` to the process's stdin.
    package func type(_ text: String) async throws {
        try await state.withLock { $0.streams }?.writeStdin(Array(text.utf8))
    }

    /// Starts reading both outputs to their end.
    package func connect(_ streams: any ProcessStreams) {
        let readers = Task {
            async let out: Void = Self.read {
                try await streams.readStdout()
            } into: { bytes in
                self.state.withLock { $0.stdout += bytes }
            }
            async let err: Void = Self.read {
                try await streams.readStderr()
            } into: { bytes in
                self.state.withLock { $0.stderr += bytes }
            }
            _ = await (out, err)
            outputDone.resolve(())
        }
        state.withLock {
            $0.streams = streams
            $0.readers = readers
        }
    }

    /// Waits for the output's end, at most `timeout`.
    package func drain(timeout: Duration) async -> Bool {
        await outputDone.wait(until: .now + timeout) != nil
    }

    /// Closes the process's stdin.
    package func closeStdin() async {
        let streams = state.withLock { state in
            state.stdinClosed = true
            return state.streams
        }
        try? await streams?.closeStdin()
    }

    /// Stops reading.
    package func close() async {
        let readers = state.withLock { state in
            state.closed = true
            return state.readers
        }
        readers?.cancel()
        await readers?.value
    }

    private static func read(
        _ next: @Sendable () async throws -> [UInt8]?, into sink: @Sendable ([UInt8]) -> Void
    ) async {
        while !Task.isCancelled, let chunk = try? await next() { sink(chunk) }
    }
}
