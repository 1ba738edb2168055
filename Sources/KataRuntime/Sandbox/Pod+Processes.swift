// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import AgentAPI
import FoundationEssentials
package import KataError
import OCISpec

extension Pod {
    /// Defines an exec; it runs on `start`.
    /// - Parameters:
    ///   - key: the container and the new exec id.
    ///   - processJSON: the OCI `process` object.
    /// - Throws: `KataError` for an unknown container, a taken exec id or bad JSON.
    package func exec(_ key: ProcessKey, processJSON: [UInt8]) throws(KataError) {
        guard let execID = key.execID, !execID.isEmpty, execID != key.containerID else {
            throw KataError(
                .invalidArgument, "exec of container \(key.containerID) needs an exec id other than the container's")
        }
        guard containers[key.containerID] != nil else {
            throw KataError(.notFound, "container \(key.containerID) does not exist in sandbox \(sandboxID)")
        }
        guard processes[key] == nil else { throw KataError(.alreadyExists, "\(key) already exists") }
        let process: OCISpec.Process
        do {
            process = try JSONDecoder().decode(OCISpec.Process.self, from: Data(processJSON))
        } catch {
            throw KataError(.invalidArgument, "\(key): the process is not OCI process JSON: \(error)")
        }
        let translated = Grpc_Process(OCITranslation.process(process))
        processes[key] = ProcessRecord(state: .defined(translated), terminal: translated.terminal)
    }

    /// Starts a container's init (StartContainer) or an exec (ExecProcess).
    /// - Parameter key: the process.
    /// - Returns: the pid to report (QEMU's) and the process's streams.
    /// - Throws: `KataError` for an unknown process, one already started, or the agent's refusal.
    package func start(_ key: ProcessKey) async throws(KataError) -> (pid: Int32, streams: ProcessStreams) {
        let vm = try runningVM("start \(key)")
        guard let record = processes[key] else { throw KataError(.notFound, "\(key) does not exist") }
        let begin = ContinuousClock.now
        switch record.state {
        case .created:
            do {
                _ = try await vm.agent.startContainer(
                    .with { $0.containerID = key.containerID }, options: .init(timeout: .seconds(60)))
            } catch {
                throw KataError.agent(error, rpc: "StartContainer", object: key.description)
            }
            containers[key.containerID]?.state = .running
            resetHealth(of: key.containerID)
        case .defined(let process):
            var request = Grpc_ExecProcessRequest()
            request.containerID = key.containerID
            request.execID = key.agentExecID
            request.process = process
            do {
                _ = try await vm.agent.execProcess(request, options: .init(timeout: .seconds(60)))
            } catch {
                throw KataError.agent(error, rpc: "ExecProcess", object: key.description)
            }
        case .started, .exited:
            throw KataError(.failedPrecondition, "\(key) has already been started")
        }
        let streams = ProcessStreams(key: key, terminal: record.terminal, agent: vm.agent)
        processes[key]?.state = .started(streams)
        recordTiming(\.startContainer, since: begin)
        return (vm.qemu.pid, streams)
    }

    /// Waits for a process to end: after its streams reached end of file, WaitProcess; if the VM
    /// dies first, 255. Every caller shares one WaitProcess.
    /// - Parameter key: the process.
    /// - Returns: the exit status.
    /// - Throws: `KataError(.notFound)` for an unknown process.
    package func wait(_ key: ProcessKey) async throws(KataError) -> ExitStatus {
        guard let record = processes[key] else { throw KataError(.notFound, "\(key) does not exist") }
        if case .exited(let status) = record.state { return status }
        if let waiter = record.waiter { return await waiter.value }
        guard case .running(let vm) = phase else { return ExitStatus(code: 255) }
        let streams: ProcessStreams? = if case .started(let streams) = record.state { streams } else { nil }
        let waiter = Task {
            let status = await Self.waitForExit(key, streams: streams, vm: vm)
            // SIGKILL is what the OOM killer sends: its event must be handed on before this exit.
            if key.execID == nil, status.code == 137 { await awaitOOMEvent(of: key.containerID) }
            return status
        }
        processes[key]?.waiter = waiter
        let status = await waiter.value
        if processes[key] != nil { processes[key]?.state = .exited(status) }
        return status
    }

    /// Signals a process (SignalProcess); `all` signals every process of the container (exec id "").
    /// - Parameters:
    ///   - key: the process.
    ///   - signal: the signal number.
    ///   - all: every process of the container.
    /// - Throws: `KataError`.
    package func kill(_ key: ProcessKey, signal: UInt32, all: Bool) async throws(KataError) {
        let vm = try runningVM("signal \(key)")
        noteKill(containerID: key.containerID, signal: signal, initProcess: all || key.execID == nil)
        var request = Grpc_SignalProcessRequest()
        request.containerID = key.containerID
        request.execID = all ? "" : key.agentExecID
        request.signal = signal
        do {
            _ = try await vm.agent.signalProcess(request, options: .init(timeout: .seconds(60)))
        } catch {
            throw KataError.agent(error, rpc: "SignalProcess", object: key.description)
        }
    }

    /// Resizes a process's terminal (TtyWinResize).
    /// - Parameters:
    ///   - key: the process.
    ///   - width: columns.
    ///   - height: rows.
    /// - Throws: `KataError`.
    package func resizePty(_ key: ProcessKey, width: UInt32, height: UInt32) async throws(KataError) {
        let vm = try runningVM("resize the terminal of \(key)")
        var request = Grpc_TtyWinResizeRequest()
        request.containerID = key.containerID
        request.execID = key.agentExecID
        request.row = height
        request.column = width
        do {
            _ = try await vm.agent.ttyWinResize(request, options: .init(timeout: .seconds(60)))
        } catch {
            throw KataError.agent(error, rpc: "TtyWinResize", object: key.description)
        }
    }

    /// Deletes an exec's record, or a whole container (see `deleteContainer`) for an init key.
    /// - Parameter key: the process.
    /// - Throws: `KataError(.notFound)`; agent errors from RemoveContainer.
    package func delete(_ key: ProcessKey) async throws(KataError) {
        guard key.execID != nil else {
            let vm: Running? = if case .running(let vm) = phase { vm } else { nil }
            try await deleteContainer(key.containerID, vm: vm)
            return
        }
        guard let record = processes.removeValue(forKey: key) else {
            throw KataError(.notFound, "\(key) does not exist")
        }
        record.waiter?.cancel()
    }

    /// One WaitProcess racing the VM's exit.
    private static func waitForExit(_ key: ProcessKey, streams: ProcessStreams?, vm: Running) async -> ExitStatus {
        await withTaskGroup(of: ExitStatus?.self) { group in
            group.addTask {
                // The agent drops a process's output when WaitProcess returns: drain first.
                await streams?.drained()
                var request = Grpc_WaitProcessRequest()
                request.containerID = key.containerID
                request.execID = key.agentExecID
                do {
                    let answer = try await vm.agent.waitProcess(request)
                    return ExitStatus(code: UInt32(bitPattern: answer.status))
                } catch {
                    return Task.isCancelled ? nil : ExitStatus(code: 255)
                }
            }
            group.addTask {
                guard await vm.qemu.waitUnlessCancelled() != nil else { return nil }
                streams?.endAll()
                return ExitStatus(code: 255)
            }
            var result = ExitStatus(code: 255)
            if let first = await group.next(), let status = first { result = status }
            group.cancelAll()
            streams?.endAll()
            return result
        }
    }
}
