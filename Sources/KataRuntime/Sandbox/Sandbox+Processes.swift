// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import FoundationEssentials
package import KataError
package import KataLinux
import OCISpec

extension Sandbox {
    /// Exec: registers a new process in a running container, not started; publishes TaskExecAdded.
    /// - Parameters:
    ///   - key: the container and the new exec id.
    ///   - processJSON: the OCI `process` object of the Exec request.
    ///   - stdio: its stdio.
    /// - Throws: `KataError` (.invalidArgument for a bad id or JSON, .notFound, .alreadyExists,
    ///   .failedPrecondition unless the container runs).
    package func exec(_ key: ProcessKey, processJSON: [UInt8], stdio: ProcessStdio) throws(KataError) {
        guard let execID = key.execID else {
            throw KataError(.invalidArgument, "exec in container \(key.containerID): exec id cannot be empty")
        }
        try Self.validate(id: execID, what: "exec")
        guard execID != key.containerID else {
            throw KataError(
                .invalidArgument, "exec of container \(key.containerID) needs an exec id other than the container's")
        }
        let container = try container(key.containerID)
        guard case .running = container.initProcess.state else {
            throw KataError(
                .failedPrecondition,
                "container \(key.containerID): cannot exec in a \(container.initProcess.state.name) state")
        }
        guard container.execs[execID] == nil else {
            throw KataError(.alreadyExists, "exec \(execID) in container \(key.containerID): already exists")
        }
        let process: OCISpec.Process
        do {
            process = try JSONDecoder().decode(OCISpec.Process.self, from: Data(processJSON))
        } catch {
            throw KataError(.invalidArgument, "\(key): the process is not OCI process JSON: \(error)")
        }
        let translated = OCITranslation.process(process)
        containers[key.containerID]?.execs[execID] = ProcessRecord(
            stdio: stdio, terminal: stdio.terminal || (translated.terminal ?? false), state: .created(pid: 0),
            definition: translated)
        events.publish(.execAdded(containerID: key.containerID, execID: execID))
    }

    /// Start: starts a container's init (StartContainer) or an exec (ExecProcess), connects its
    /// stdio, publishes TaskStart/TaskExecStarted and then watches for its exit.
    /// - Parameter key: the process.
    /// - Returns: the pid to report (the hypervisor's).
    /// - Throws: `KataError` (.notFound, .failedPrecondition, .invalidArgument for the client's
    ///   stdio) or the agent's refusal.
    package func start(_ key: ProcessKey) async throws(KataError) -> UInt32 {
        let record = try process(key)
        guard case .created(let createdPid) = record.state else {
            throw KataError(.failedPrecondition, "\(describe(key)): cannot start a \(record.state.name) process")
        }
        if key.execID != nil {
            guard case .running = try container(key.containerID).initProcess.state else {
                throw KataError(
                    .failedPrecondition, "\(describe(key)): container \(key.containerID) is not running")
            }
        }
        let io = try stdio.open(record.stdio)
        update(key) { $0.state = .starting(pid: createdPid) }
        let begin = ContinuousClock.now
        let vm: Running
        do throws(KataError) {
            vm = try runningVM("start \(key)")
            if key.execID == nil {
                try await vm.agent.startContainer(key.containerID)
                resetHealth(of: key.containerID)
            } else {
                guard let process = record.definition else {
                    throw KataError(.internal, "\(key) has no process definition to start")
                }
                try await vm.agent.execProcess(key, process: process)
            }
        } catch {
            await io.close()
            update(key) { $0.state = .created(pid: createdPid) }
            throw error
        }
        let pid = UInt32(bitPattern: vm.vm.pid)
        let streams = AgentProcessStreams(key: key, terminal: record.terminal, agent: vm.agent)
        let pending = (try? process(key))?.pendingResize
        update(key) {
            $0.state = .running(pid: pid)
            $0.io = io
            $0.streams = streams
            $0.definition = nil
            $0.pendingResize = nil
        }
        io.connect(streams)
        if let pending {
            try? await vm.agent.resizeTerminal(key, width: pending.width, height: pending.height)
        }
        recordTiming(\.startContainer, since: begin)
        if let execID = key.execID {
            events.publish(.execStarted(containerID: key.containerID, execID: execID, pid: pid))
        } else {
            events.publish(.started(containerID: key.containerID, pid: pid))
            logger.info("container started", metadata: ["cid": "\(key.containerID)", "timings": "\(timings)"])
        }
        // Queued after TaskStart, so TaskExit can never overtake it.
        watchExit(key)
        return pid
    }

    /// Kill: signals a process (SignalProcess); with `all`, every process of the container.
    /// - Parameters:
    ///   - key: the process.
    ///   - signal: the signal number.
    ///   - all: every process of the container (init only).
    /// - Throws: `KataError`: .notFound for unknown or finished processes, .failedPrecondition for
    ///   an exec never started, .invalidArgument for `all` on an exec; or the agent's.
    package func kill(_ key: ProcessKey, signal: UInt32, all: Bool) async throws(KataError) {
        let record = try process(key)
        if all, key.execID != nil {
            throw KataError(.invalidArgument, "\(describe(key)): kill --all applies to the init process only")
        }
        switch record.state {
        case .stopped, .deleting:
            throw KataError(.notFound, "\(describe(key)): process already finished: not found")
        case .creating, .starting:
            throw KataError(.failedPrecondition, "\(describe(key)): cannot signal a \(record.state.name) process")
        case .created where key.execID != nil:
            throw KataError(.failedPrecondition, "\(describe(key)): cannot signal an exec that was never started")
        case .created, .running, .paused:
            break
        }
        let vm = try runningVM("signal \(key)")
        noteKill(containerID: key.containerID, signal: signal, initProcess: all || key.execID == nil)
        try await vm.agent.signalProcess(key, signal: signal, allProcesses: all)
        if case .created = record.state {
            // A created init that is killed exits without ever starting; report that exit.
            watchExit(key)
        }
    }

    /// Delete: forgets a stopped (or never started) process and releases its resources; for an
    /// init also the container's (RemoveContainer, mounts), publishes TaskDelete, and with the
    /// sandbox's last container shuts the VM down.
    /// - Parameter key: the process.
    /// - Returns: the pid and exit of the deleted process.
    /// - Throws: `KataError` (.notFound; .failedPrecondition while running) or the agent's.
    package func delete(_ key: ProcessKey) async throws(KataError) -> (pid: UInt32, exit: ExitStatus) {
        let record = try process(key)
        let exit: ExitStatus
        switch record.state {
        case .stopped(_, let status):
            exit = status
        case .created:
            exit = ExitStatus(code: 0)
        case .creating, .starting, .running, .paused, .deleting:
            throw KataError(.failedPrecondition, "\(describe(key)): cannot delete a \(record.state.name) process")
        }
        // Recorded before the await, so a concurrent Delete (ctr and CRI) fails instead of
        // releasing twice.
        update(key) { $0.state = .deleting(pid: record.state.pid, exit: exit) }
        if key.execID == nil {
            do throws(KataError) {
                try await removeFromVM(key.containerID)
            } catch {
                update(key) { $0.state = record.state }
                throw error
            }
        }
        monitors[key]?.cancel()
        monitors[key] = nil
        await record.io?.close()
        if let execID = key.execID {
            containers[key.containerID]?.execs[execID] = nil
        } else if let container = containers.removeValue(forKey: key.containerID) {
            for (execID, exec) in container.execs {
                let execKey = ProcessKey(containerID: key.containerID, execID: execID)
                monitors[execKey]?.cancel()
                monitors[execKey] = nil
                await exec.io?.close()
                exec.exit.resolve(ExitStatus(code: ExitStatus.unknownCode))
            }
        }
        record.exit.resolve(exit)
        if key.execID == nil {
            if containers.isEmpty { await shutdownWithLastContainer() }
            events.publish(.deleted(containerID: key.containerID, pid: record.state.pid, status: exit))
        }
        return (record.state.pid, exit)
    }

    /// ResizePty: applies now to a running process (TtyWinResize), or on Start to a created one.
    ///
    /// A client resizes whenever its own window changes, so a resize can cross the process's exit:
    /// one that arrives after the exit, or whose call the exit overtook, has nothing left to resize
    /// and succeeds, as runc's shim answers it (and answers a resize of a process without a terminal).
    /// - Parameters:
    ///   - key: the process.
    ///   - width: columns.
    ///   - height: rows.
    /// - Throws: `KataError` (.notFound) or the agent's while the process still runs.
    package func resizePty(_ key: ProcessKey, width: UInt32, height: UInt32) async throws(KataError) {
        let record = try process(key)
        switch record.state {
        case .creating, .created, .starting:
            update(key) { $0.pendingResize = (width, height) }
        case .running, .paused:
            do {
                try await runningVM("resize the terminal of \(key)").agent.resizeTerminal(
                    key, width: width, height: height)
            } catch {
                // NOT_FOUND and UNAVAILABLE: the agent reaped the process, or it has no terminal
                // (runc's shim answers a resize without a console with success too).
                guard hasEnded(key) || [.notFound, .unavailable].contains(error.code) else { throw error }
                logger.debug("resize crossed the exit", metadata: ["process": "\(key)", "error": "\(error)"])
            }
        case .stopped, .deleting:
            logger.debug("resize after the exit ignored", metadata: ["process": "\(key)"])
        }
    }

    /// Whether `key` has stopped or gone, or the VM under it has ended (its exit is then on the way).
    private func hasEnded(_ key: ProcessKey) -> Bool {
        guard let record = try? process(key) else { return true }
        switch record.state {
        case .stopped, .deleting: return true
        case .creating, .created, .starting, .running, .paused: break
        }
        guard case .running(let vm) = phase else { return true }
        return vm.vm.exit != nil
    }

    /// CloseIO: forwards the stdin the client already wrote, then closes the process's stdin.
    /// - Parameter key: the process.
    /// - Throws: `KataError(.notFound)`.
    package func closeStdin(_ key: ProcessKey) async throws(KataError) {
        await (try process(key)).io?.closeStdin()
    }

    /// The latch a Wait call awaits.
    /// - Parameter key: the process.
    /// - Returns: its exit latch.
    /// - Throws: `KataError(.notFound)`.
    package func exitLatch(_ key: ProcessKey) throws(KataError) -> Latch<ExitStatus> {
        try process(key).exit
    }

    /// State: the process's lifecycle, bundle and stdio.
    /// - Parameter key: the process.
    /// - Returns: the snapshot.
    /// - Throws: `KataError(.notFound)`.
    package func snapshot(_ key: ProcessKey) throws(KataError) -> ProcessSnapshot {
        let bundle = try container(key.containerID).bundle
        let record = try process(key)
        return ProcessSnapshot(bundle: bundle, state: record.state, stdio: record.stdio)
    }

    /// The pid Connect reports for a task, 0 when the id is unknown.
    /// - Parameter containerID: the container.
    /// - Returns: its init's pid.
    package func taskPid(_ containerID: String) -> UInt32 {
        containers[containerID]?.initProcess.state.pid ?? 0
    }

    /// `container c1` or `exec e1 in container c1`, for messages.
    func describe(_ key: ProcessKey) -> String {
        key.execID.map { "exec \($0) in container \(key.containerID)" } ?? "container \(key.containerID)"
    }
}
