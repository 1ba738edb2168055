// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataError
import KataLinux
import Synchronization

/// A started process's standard streams, carried over the agent's ReadStdout/ReadStderr/
/// WriteStdin/CloseStdin calls (kata-agent spec §6).
///
/// Keep one read outstanding per stream in a loop until it returns nil (end of file). The
/// sandbox waits for both streams to reach end of file before WaitProcess, because the agent
/// drops the process's output when WaitProcess returns.
final class AgentProcessStreams: ProcessStreams {
    /// The process.
    let key: ProcessKey
    private let agent: any StreamAgent
    private let stdoutEnded = Latch<Void>()
    private let stderrEnded = Latch<Void>()
    private static let chunk: UInt32 = 32 * 1024

    /// Streams of `key` over `agent`.
    /// - Parameters:
    ///   - key: the process.
    ///   - terminal: whether it has a terminal (its stderr is its stdout, so stderr ends at once).
    ///   - agent: the agent.
    init(key: ProcessKey, terminal: Bool, agent: any StreamAgent) {
        self.key = key
        self.agent = agent
        if terminal { stderrEnded.resolve(()) }
    }

    /// Reads the next bytes of stdout (the terminal for a tty process); nil at end of file, also
    /// when the VM is gone.
    func readStdout() async -> [UInt8]? {
        await read(stdoutEnded) { [agent, key] in try await agent.readStdout(key, maximum: Self.chunk) }
    }

    /// Reads the next bytes of stderr; nil at once for a tty process.
    func readStderr() async -> [UInt8]? {
        await read(stderrEnded) { [agent, key] in try await agent.readStderr(key, maximum: Self.chunk) }
    }

    /// Writes all of `bytes` to the process's stdin.
    /// - Throws: `KataError` when stdin is closed or the process is gone.
    func writeStdin(_ bytes: [UInt8]) async throws {
        var rest = bytes[...]
        while !rest.isEmpty {
            let written = try await agent.writeStdin(key, Array(rest))
            guard written > 0 else {
                throw KataError(.internal, "stdin of \(key): the agent took no bytes")
            }
            rest = rest.dropFirst(written)
        }
    }

    /// Closes the process's stdin (end of file for the process).
    /// - Throws: `KataError` when the process is gone.
    func closeStdin() async throws {
        try await agent.closeStdin(key)
    }

    /// Returns once both output streams have reached end of file.
    func drained() async {
        _ = await stdoutEnded.valueIgnoringCancellation()
        _ = await stderrEnded.valueIgnoringCancellation()
    }

    /// Marks both streams ended (the VM is gone), releasing `drained()`.
    func endAll() {
        stdoutEnded.resolve(())
        stderrEnded.resolve(())
    }

    private func read(_ ended: Latch<Void>, _ call: @Sendable () async throws -> [UInt8]) async -> [UInt8]? {
        guard ended.value == nil else { return nil }
        // No deadline: a read waits for output as long as the process lives. Errors after the
        // process ended (NOT_FOUND) and a lost VM both end the stream.
        if let data = try? await call(), !data.isEmpty { return data }
        ended.resolve(())
        return nil
    }
}
