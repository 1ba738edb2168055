// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import FoundationEssentials
import KataError
import ShimAPI
import SwiftProtobuf

extension TaskController {
    /// Kill: signals a process (with `all`, every process of the container).
    /// - Throws: `KataError`: .notFound for unknown or finished processes, .failedPrecondition for
    ///   an exec never started, .invalidArgument for `all` on an exec; or the runtime's error.
    package func kill(_ key: ProcessKey, signal: UInt32, all: Bool) async throws {
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
        try await runtime.kill(key, signal: signal, all: all)
        if case .created = record.state {
            // A created init that is killed exits without ever starting; report that exit.
            watchExit(key)
        }
    }

    /// Delete: forgets a stopped (or never started) process and releases its resources; for init
    /// publishes TaskDelete.
    /// - Returns: the pid and exit of the deleted process.
    /// - Throws: `KataError` (.notFound; .failedPrecondition while running) or the runtime's error.
    package func delete(_ key: ProcessKey) async throws -> (pid: UInt32, exit: ExitStatus) {
        let record = try process(key)
        let exit: ExitStatus
        switch record.state {
        case .stopped(_, let status):
            exit = status
        case .created:
            exit = ExitStatus(code: 0, exitedAt: Date())
        case .creating, .starting, .running, .paused, .deleting:
            throw KataError(.failedPrecondition, "\(describe(key)): cannot delete a \(record.state.name) process")
        }
        // Recorded before the await, so a concurrent Delete (ctr and CRI) fails instead of
        // releasing twice.
        update(key) { $0.state = .deleting(pid: record.state.pid, exit: exit) }
        do {
            try await runtime.delete(key)
        } catch {
            update(key) { $0.state = record.state }
            throw error
        }
        await record.copier?.close()
        if key.execID == nil, let container = containers[key.containerID] {
            for exec in container.execs.values {
                await exec.copier?.close()
                exec.exit.resolve(ExitStatus(code: ExitStatus.unknownCode, exitedAt: Date()))
            }
        }
        if let execID = key.execID {
            containers[key.containerID]?.execs[execID] = nil
        } else {
            containers[key.containerID] = nil
        }
        record.exit.resolve(exit)
        if key.execID == nil {
            var event = Containerd_Events_TaskDelete()
            event.containerID = key.containerID
            event.pid = record.state.pid
            event.exitStatus = exit.code
            event.exitedAt = Google_Protobuf_Timestamp(date: exit.exitedAt)
            events.publish(.taskDelete, message: event)
        }
        return (record.state.pid, exit)
    }

    /// ResizePty: applies now to a running process, or on Start to a created one.
    /// - Throws: `KataError` (.notFound, .failedPrecondition once stopped) or the runtime's error.
    package func resizePty(_ key: ProcessKey, width: UInt32, height: UInt32) async throws {
        let record = try process(key)
        switch record.state {
        case .creating, .created, .starting:
            update(key) { $0.pendingResize = (width, height) }
        case .running, .paused:
            try await runtime.resizePty(key, width: width, height: height)
        case .stopped, .deleting:
            throw KataError(.failedPrecondition, "\(describe(key)): cannot resize the terminal of a stopped process")
        }
    }

    /// CloseIO: forwards pending stdin, then closes the process's stdin.
    /// - Throws: `KataError.notFound`.
    package func closeStdin(_ key: ProcessKey) async throws {
        let record = try process(key)
        await record.copier?.closeStdin()
    }

    /// Pause: freezes a running container; publishes TaskPaused.
    /// - Throws: `KataError` (.notFound, .failedPrecondition unless running) or the runtime's error.
    package func pause(_ id: String) async throws {
        let state = try container(id).initProcess.state
        guard case .running(let pid) = state else {
            throw KataError(.failedPrecondition, "container \(id): cannot pause a \(state.name) container")
        }
        try await runtime.pause(id)
        update(ProcessKey(containerID: id)) { record in
            if case .running = record.state { record.state = .paused(pid: pid) }
        }
        var event = Containerd_Events_TaskPaused()
        event.containerID = id
        events.publish(.taskPaused, message: event)
    }

    /// Resume: thaws a paused container; publishes TaskResumed.
    /// - Throws: `KataError` (.notFound, .failedPrecondition unless paused) or the runtime's error.
    package func resume(_ id: String) async throws {
        let state = try container(id).initProcess.state
        guard case .paused(let pid) = state else {
            throw KataError(.failedPrecondition, "container \(id): cannot resume a \(state.name) container")
        }
        try await runtime.resume(id)
        update(ProcessKey(containerID: id)) { record in
            if case .paused = record.state { record.state = .running(pid: pid) }
        }
        var event = Containerd_Events_TaskResumed()
        event.containerID = id
        events.publish(.taskResumed, message: event)
    }

    /// Reports an OOM kill in a container (from the runtime's `OOMNotifying` stream); publishes
    /// TaskOOM, which must precede the container's TaskExit.
    package func reportOOM(_ id: String) {
        guard containers[id] != nil else {
            return
        }
        var event = Containerd_Events_TaskOOM()
        event.containerID = id
        events.publish(.taskOOM, message: event)
    }

    /// Checks that a container exists (for Update, Pids, Stats).
    /// - Throws: `KataError.notFound`.
    package func requireContainer(_ id: String) throws {
        _ = try container(id)
    }
}
