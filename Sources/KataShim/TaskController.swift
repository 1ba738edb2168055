// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import FoundationEssentials
import KataError
import KataLinux
package import Logging
package import ShimAPI
import SwiftProtobuf

/// The shim's containerd-facing state: every container and exec with its lifecycle, pid, exit and
/// stdio, and the rules containerd expects (state transitions, NOT_FOUND for unknown ids, Wait
/// before Start, Delete only when stopped, Shutdown only when empty). The work happens in the
/// injected SandboxRuntime; events go to the injected EventSink.
package actor TaskController {
    /// How long an exit waits for the process's output to reach the FIFOs (runc waits 2 s).
    package static let outputDrainTimeout: Duration = .seconds(2)

    let runtime: any SandboxRuntime
    let events: any EventSink
    let logger: Logger
    var containers: [String: ContainerRecord] = [:]
    var monitors: [ProcessKey: Task<Void, Never>] = [:]

    /// Creates a controller.
    /// - Parameters:
    ///   - runtime: the VM side.
    ///   - events: where lifecycle events are queued.
    ///   - logger: the shim's logger.
    package init(runtime: any SandboxRuntime, events: any EventSink, logger: Logger) {
        self.runtime = runtime
        self.events = events
        self.logger = logger
    }

    /// Whether no container is known (Shutdown may exit).
    package var isEmpty: Bool { containers.isEmpty }

    /// Create: registers the container, has the runtime create it, publishes TaskCreate.
    /// - Returns: the task pid.
    /// - Throws: `KataError` (.invalidArgument, .alreadyExists) or the runtime's error.
    package func create(_ creation: ContainerCreation, rootfs: [Containerd_Types_Mount]) async throws -> UInt32 {
        try Self.validate(id: creation.id, what: "container")
        guard containers[creation.id] == nil else {
            throw KataError(.alreadyExists, "container \(creation.id): already exists")
        }
        containers[creation.id] = ContainerRecord(
            bundle: creation.bundle, initProcess: ProcessRecord(stdio: creation.stdio))
        let pid: UInt32
        do {
            pid = try await runtime.createContainer(creation)
        } catch {
            containers[creation.id] = nil
            throw error
        }
        containers[creation.id]?.initProcess.state = .created(pid: pid)
        var event = Containerd_Events_TaskCreate()
        event.containerID = creation.id
        event.bundle = creation.bundle
        event.rootfs = rootfs
        event.io.stdin = creation.stdio.stdin ?? ""
        event.io.stdout = creation.stdio.stdout ?? ""
        event.io.stderr = creation.stdio.stderr ?? ""
        event.io.terminal = creation.stdio.terminal
        event.pid = pid
        events.publish(.taskCreate, message: event)
        return pid
    }

    /// Exec: registers a new process in a running container; publishes TaskExecAdded.
    /// - Throws: `KataError` (.notFound, .alreadyExists, .failedPrecondition) or the runtime's error.
    package func exec(_ key: ProcessKey, processSpec: Data, stdio: ProcessStdio) async throws {
        guard let execID = key.execID else {
            throw KataError(.invalidArgument, "exec in container \(key.containerID): exec id cannot be empty")
        }
        try Self.validate(id: execID, what: "exec")
        let container = try container(key.containerID)
        guard case .running = container.initProcess.state else {
            throw KataError(
                .failedPrecondition,
                "container \(key.containerID): cannot exec in a \(container.initProcess.state.name) state")
        }
        guard container.execs[execID] == nil else {
            throw KataError(.alreadyExists, "exec \(execID) in container \(key.containerID): already exists")
        }
        containers[key.containerID]?.execs[execID] = ProcessRecord(stdio: stdio)
        do {
            try await runtime.exec(key, processSpec: processSpec, stdio: stdio)
        } catch {
            containers[key.containerID]?.execs[execID] = nil
            throw error
        }
        update(key) { $0.state = .created(pid: 0) }
        var event = Containerd_Events_TaskExecAdded()
        event.containerID = key.containerID
        event.execID = execID
        events.publish(.taskExecAdded, message: event)
    }

    /// Start: starts init or an exec, connects its stdio, publishes TaskStart/TaskExecStarted and
    /// then watches for its exit.
    /// - Returns: the process's pid.
    /// - Throws: `KataError` (.notFound, .failedPrecondition, .invalidArgument for FIFOs) or the
    ///   runtime's error.
    package func start(_ key: ProcessKey) async throws -> UInt32 {
        let record = try process(key)
        guard case .created(let createdPid) = record.state else {
            throw KataError(.failedPrecondition, "\(describe(key)): cannot start a \(record.state.name) process")
        }
        if key.execID != nil, case .running = try container(key.containerID).initProcess.state {
        } else if key.execID != nil {
            throw KataError(.failedPrecondition, "\(describe(key)): container \(key.containerID) is not running")
        }
        let fifos = try StdioFIFOs(opening: record.stdio)
        update(key) { $0.state = .starting(pid: createdPid) }
        let started: StartedProcess
        do {
            started = try await runtime.start(key)
        } catch {
            fifos.closeAll()
            update(key) { $0.state = .created(pid: createdPid) }
            throw error
        }
        var copier: StdioCopier?
        if let streams = started.streams {
            copier = StdioCopier(fifos: fifos, streams: streams, logger: logger)
        } else {
            fifos.closeAll()
        }
        let pending = (try? process(key))?.pendingResize
        update(key) {
            $0.state = .running(pid: started.pid)
            $0.copier = copier
            $0.pendingResize = nil
        }
        copier?.start()
        if let pending {
            try? await runtime.resizePty(key, width: pending.width, height: pending.height)
        }
        if let execID = key.execID {
            var event = Containerd_Events_TaskExecStarted()
            event.containerID = key.containerID
            event.execID = execID
            event.pid = started.pid
            events.publish(.taskExecStarted, message: event)
        } else {
            var event = Containerd_Events_TaskStart()
            event.containerID = key.containerID
            event.pid = started.pid
            events.publish(.taskStart, message: event)
        }
        // Queued after TaskStart, so TaskExit can never overtake it.
        watchExit(key)
        return started.pid
    }

    /// The latch a Wait call awaits.
    /// - Throws: `KataError.notFound`.
    package func exitLatch(_ key: ProcessKey) throws -> ExitLatch {
        try process(key).exit
    }

    /// State: the process's lifecycle, bundle and stdio.
    /// - Throws: `KataError.notFound`.
    package func snapshot(_ key: ProcessKey) throws -> ProcessSnapshot {
        let bundle = try container(key.containerID).bundle
        let record = try process(key)
        return ProcessSnapshot(bundle: bundle, state: record.state, stdio: record.stdio)
    }

    /// The pid Connect reports for a task, 0 when the id is unknown.
    package func taskPid(_ containerID: String) -> UInt32 {
        containers[containerID]?.initProcess.state.pid ?? 0
    }

    /// Called by the exit watcher: marks the process stopped once its output is drained, queues
    /// TaskExit and then releases its waiters.
    func recordExit(_ key: ProcessKey, _ status: ExitStatus) {
        monitors[key] = nil
        guard let record = try? process(key) else {
            return
        }
        switch record.state {
        case .stopped, .deleting: return
        case .creating, .created, .starting, .running, .paused: break
        }
        update(key) { $0.state = .stopped(pid: record.state.pid, exit: status) }
        var event = Containerd_Events_TaskExit()
        event.containerID = key.containerID
        event.id = key.execID ?? key.containerID
        event.pid = record.state.pid
        event.exitStatus = status.code
        event.exitedAt = Google_Protobuf_Timestamp(date: status.exitedAt)
        events.publish(.taskExit, message: event)
        record.exit.resolve(status)
        if key.execID == nil {
            abandonUnstartedExecs(of: key.containerID)
        }
    }

    /// Execs registered but never started cannot run once init is gone: they stop with 255 so
    /// their Waits return.
    func abandonUnstartedExecs(of containerID: String) {
        guard let execs = containers[containerID]?.execs else {
            return
        }
        let lost = ExitStatus(code: ExitStatus.unknownCode, exitedAt: Date())
        for (execID, exec) in execs {
            guard case .created = exec.state else {
                continue
            }
            update(ProcessKey(containerID: containerID, execID: execID)) { $0.state = .stopped(pid: 0, exit: lost) }
            exec.exit.resolve(lost)
        }
    }

    /// Starts the owned task that waits for `key`'s exit.
    func watchExit(_ key: ProcessKey) {
        guard monitors[key] == nil else {
            return
        }
        let copier = (try? process(key))?.copier
        monitors[key] = Task { [runtime, logger] in
            let status: ExitStatus
            do {
                status = try await runtime.wait(key)
            } catch {
                logger.warning("wait failed; reporting exit 255", metadata: ["process": "\(key)", "error": "\(error)"])
                status = ExitStatus(code: ExitStatus.unknownCode, exitedAt: Date())
            }
            if let copier, await !copier.drain(timeout: Self.outputDrainTimeout) {
                logger.warning("output not drained before exit", metadata: ["process": "\(key)"])
            }
            self.recordExit(key, status)
        }
    }

    /// Has the runtime report OOM kills as `/tasks/oom`, if it watches for them. The runtime
    /// awaits each report before answering the container's wait, so TaskOOM precedes TaskExit.
    package func watchOOM() async {
        guard let notifying = runtime as? any OOMNotifying else {
            return
        }
        await notifying.watchOOM { [weak self] id in
            await self?.reportOOM(id)
        }
    }

    /// Cancels and awaits every exit watcher (daemon shutdown).
    package func stopWatching() async {
        let tasks = Array(monitors.values)
        monitors = [:]
        for task in tasks {
            task.cancel()
        }
        for task in tasks {
            await task.value
        }
    }

    func container(_ id: String) throws(KataError) -> ContainerRecord {
        guard let container = containers[id] else {
            throw KataError(.notFound, "container \(id): not found")
        }
        return container
    }

    func process(_ key: ProcessKey) throws(KataError) -> ProcessRecord {
        let container = try container(key.containerID)
        guard let execID = key.execID else {
            return container.initProcess
        }
        guard let record = container.execs[execID] else {
            throw KataError(.notFound, "exec \(execID) in container \(key.containerID): not found")
        }
        return record
    }

    func update(_ key: ProcessKey, _ body: (inout ProcessRecord) -> Void) {
        if let execID = key.execID {
            guard var record = containers[key.containerID]?.execs[execID] else {
                return
            }
            body(&record)
            containers[key.containerID]?.execs[execID] = record
        } else {
            guard var record = containers[key.containerID]?.initProcess else {
                return
            }
            body(&record)
            containers[key.containerID]?.initProcess = record
        }
    }

    func describe(_ key: ProcessKey) -> String {
        key.execID.map { "exec \($0) in container \(key.containerID)" } ?? "container \(key.containerID)"
    }

    /// containerd's identifier rule: `^[A-Za-z0-9]+([._-][A-Za-z0-9]+)*$`, at most 76 characters.
    static func validate(id: String, what: String) throws(KataError) {
        let isAlphanumeric: (UInt8) -> Bool = {
            ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122)
        }
        let bytes = Array(id.utf8)
        var valid = !bytes.isEmpty && bytes.count <= 76
        var previousWasSeparator = true
        for byte in bytes where valid {
            if isAlphanumeric(byte) {
                previousWasSeparator = false
            } else if byte == 46 || byte == 95 || byte == 45, !previousWasSeparator {
                previousWasSeparator = true
            } else {
                valid = false
            }
        }
        guard valid, !previousWasSeparator else {
            throw KataError(
                .invalidArgument,
                "\(what) id \"\(id)\" is invalid: use letters, digits and ._- between them, at most 76")
        }
    }
}
