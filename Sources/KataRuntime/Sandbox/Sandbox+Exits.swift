// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataError
import KataLinux

extension Sandbox {
    /// Starts the owned task that waits for `key`'s exit: its streams' end and WaitProcess, or the
    /// VM's end (255); then its output reaching the client; then records the exit.
    func watchExit(_ key: ProcessKey) {
        guard monitors[key] == nil else { return }
        monitors[key] = Task { await self.awaitExit(key) }
    }

    /// Cancels and awaits every exit watcher (the daemon is going away).
    package func stopMonitors() async {
        let tasks = Array(monitors.values)
        monitors = [:]
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
    }

    private func awaitExit(_ key: ProcessKey) async {
        let status = await exitStatus(key)
        if let io = (try? process(key))?.io, await !io.drain(timeout: Self.outputDrainTimeout) {
            logger.warning("output not drained before exit", metadata: ["process": "\(key)"])
        }
        // Deleted meanwhile (Delete cancelled this watch): nothing is left to record.
        guard !Task.isCancelled else { return }
        recordExit(key, status)
    }

    /// How the process ended, as the guest tells it: after its streams reached end of file,
    /// WaitProcess; if the VM ends first, 255. A container's 137 first waits briefly for the
    /// agent's OOM event, so TaskOOM precedes TaskExit.
    private func exitStatus(_ key: ProcessKey) async -> ExitStatus {
        guard case .running(let vm) = phase else { return ExitStatus(code: ExitStatus.unknownCode) }
        let streams = (try? process(key))?.streams
        let status = await Self.waitForExit(key, streams: streams, vm: vm)
        // SIGKILL is what the OOM killer sends: its event must be handed on before this exit.
        if key.execID == nil, status.code == 137 { await awaitOOMEvent(of: key.containerID) }
        return status
    }

    /// Marks the process stopped, publishes TaskExit and then releases its waiters.
    func recordExit(_ key: ProcessKey, _ status: ExitStatus) {
        monitors[key] = nil
        guard let record = try? process(key) else { return }
        switch record.state {
        case .stopped, .deleting: return
        case .creating, .created, .starting, .running, .paused: break
        }
        update(key) { $0.state = .stopped(pid: record.state.pid, exit: status) }
        events.publish(.exited(key, pid: record.state.pid, status: status))
        record.exit.resolve(status)
        if key.execID == nil { abandonUnstartedExecs(of: key.containerID) }
    }

    /// Execs registered but never started cannot run once init is gone: they stop with 255 so
    /// their Waits return.
    private func abandonUnstartedExecs(of containerID: String) {
        guard let execs = containers[containerID]?.execs else { return }
        let lost = ExitStatus(code: ExitStatus.unknownCode)
        for (execID, exec) in execs {
            guard case .created = exec.state else { continue }
            update(ProcessKey(containerID: containerID, execID: execID)) { $0.state = .stopped(pid: 0, exit: lost) }
            exec.exit.resolve(lost)
        }
    }

    /// One WaitProcess racing the VM's end.
    private static func waitForExit(
        _ key: ProcessKey, streams: AgentProcessStreams?, vm: Running
    ) async -> ExitStatus {
        await withTaskGroup(of: ExitStatus?.self) { group in
            group.addTask {
                // The agent drops a process's output when WaitProcess returns: drain first.
                await streams?.drained()
                do {
                    return ExitStatus(code: UInt32(bitPattern: try await vm.agent.waitProcess(key)))
                } catch {
                    return Task.isCancelled ? nil : ExitStatus(code: ExitStatus.unknownCode)
                }
            }
            group.addTask {
                guard await vm.vm.waitUnlessCancelled() != nil else { return nil }
                streams?.endAll()
                return ExitStatus(code: ExitStatus.unknownCode)
            }
            var result = ExitStatus(code: ExitStatus.unknownCode)
            if let first = await group.next(), let status = first { result = status }
            group.cancelAll()
            streams?.endAll()
            return result
        }
    }
}
