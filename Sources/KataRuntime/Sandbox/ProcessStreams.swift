// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import AgentAPI
import FoundationEssentials
package import KataError
import Logging
import Synchronization

/// A started process's standard streams, carried over the agent's ReadStdout/ReadStderr/
/// WriteStdin/CloseStdin calls (kata-agent spec §6).
///
/// Keep one read outstanding per stream in a loop until it returns nil (end of file). The
/// sandbox's `wait` waits for both streams to reach end of file before WaitProcess, because the
/// agent drops the process's output when WaitProcess returns.
package final class ProcessStreams: Sendable {
    private struct State {
        var stdoutEnded = false
        var stderrEnded = false
        var drainWaiters: [CheckedContinuation<Void, Never>] = []
        var drained: Bool { stdoutEnded && stderrEnded }
    }

    /// The process.
    package let key: ProcessKey
    /// Whether the process has a terminal (its stderr is its stdout).
    package let terminal: Bool
    private let agent: Grpc_AgentServiceClient
    private let state: Mutex<State>
    private static let chunk: UInt32 = 32 * 1024

    /// Streams of `key` over `agent`.
    /// - Parameters:
    ///   - key: the process.
    ///   - terminal: whether it has a terminal.
    ///   - agent: the agent client.
    package init(key: ProcessKey, terminal: Bool, agent: Grpc_AgentServiceClient) {
        self.key = key
        self.terminal = terminal
        self.agent = agent
        // A terminal has one output stream; stderr ends at once.
        self.state = Mutex(State(stderrEnded: terminal))
    }

    /// Reads the next bytes of stdout (the terminal for a tty process).
    /// - Returns: the bytes, or nil at end of file (also when the VM is gone).
    package func readStdout() async -> [UInt8]? { await read(stdout: true) }

    /// Reads the next bytes of stderr; nil at once for a tty process.
    /// - Returns: the bytes, or nil at end of file.
    package func readStderr() async -> [UInt8]? { await read(stdout: false) }

    /// Writes `data` to the process's stdin.
    /// - Parameter data: the bytes (not empty: empty data would close stdin).
    /// - Returns: how many bytes the agent wrote.
    /// - Throws: `KataError` when stdin is closed or the process is gone.
    package func writeStdin(_ data: [UInt8]) async throws(KataError) -> Int {
        guard !data.isEmpty else { return 0 }
        var request = Grpc_WriteStreamRequest()
        request.containerID = key.containerID
        request.execID = key.agentExecID
        request.data = Data(data)
        do {
            return Int(try await agent.writeStdin(request).len)
        } catch {
            throw KataError.agent(error, rpc: "WriteStdin", object: key.description)
        }
    }

    /// Closes the process's stdin (end of file for the process).
    /// - Throws: `KataError` when the process is gone.
    package func closeStdin() async throws(KataError) {
        var request = Grpc_CloseStdinRequest()
        request.containerID = key.containerID
        request.execID = key.agentExecID
        do {
            _ = try await agent.closeStdin(request, options: .init(timeout: .seconds(60)))
        } catch {
            throw KataError.agent(error, rpc: "CloseStdin", object: key.description)
        }
    }

    /// Returns once both output streams have reached end of file.
    package func drained() async {
        await withCheckedContinuation { continuation in
            let done = state.withLock { state in
                if state.drained { return true }
                state.drainWaiters.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
    }

    /// Marks both streams ended (the VM is gone), releasing `drained()`.
    package func endAll() {
        let waiters = state.withLock { state in
            state.stdoutEnded = true
            state.stderrEnded = true
            defer { state.drainWaiters = [] }
            return state.drainWaiters
        }
        for waiter in waiters { waiter.resume() }
    }

    private func read(stdout: Bool) async -> [UInt8]? {
        let ended = state.withLock { stdout ? $0.stdoutEnded : $0.stderrEnded }
        guard !ended else { return nil }
        var request = Grpc_ReadStreamRequest()
        request.containerID = key.containerID
        request.execID = key.agentExecID
        request.len = Self.chunk
        let data: Data?
        do {
            // No deadline: a read waits for output as long as the process lives.
            data = try await stdout ? agent.readStdout(request).data : agent.readStderr(request).data
        } catch {
            // Errors after the process ended (NOT_FOUND) and a lost VM both end the stream.
            data = nil
        }
        if let data, !data.isEmpty { return [UInt8](data) }
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            if stdout { state.stdoutEnded = true } else { state.stderrEnded = true }
            guard state.drained else { return [] }
            defer { state.drainWaiters = [] }
            return state.drainWaiters
        }
        for waiter in waiters { waiter.resume() }
        return nil
    }
}
