// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import AgentAPI
import FoundationEssentials
package import KataError

extension Pod {
    /// Stops the sandbox (kata-agent spec §9.5, Go order): removes every container,
    /// DestroySandbox (the agent powers the VM off), SIGKILL to QEMU if it has not exited within
    /// `grace`, virtiofsd stopped, then every mount, directory and the state removed.
    /// Idempotent; never throws: what cannot be undone is logged.
    /// - Parameter grace: how long QEMU may take to power off.
    package func shutdown(grace: Duration = .seconds(10)) async {
        let started = ContinuousClock.now
        defer { recordTiming(\.teardown, since: started) }
        let current = phase
        phase = .stopped
        // Before QEMU and virtiofsd go: their exits are expected now, and the OOM loop's call
        // would only fail.
        await stopWatching()
        let running: Running?
        switch current {
        case .running(let vm): running = vm
        case .booting(let task): running = try? await task.value.get()
        case .idle, .stopped: running = nil
        }
        if let running {
            for id in containers.keys.sorted() {
                do throws(KataError) {
                    try await deleteContainer(id, vm: running)
                } catch {
                    logger.warning(
                        "container removal failed during shutdown", metadata: ["cid": "\(id)", "error": "\(error)"])
                }
            }
            _ = try? await running.agent.destroySandbox(
                Grpc_DestroySandboxRequest(), options: .init(timeout: .seconds(5)))
            if await running.qemu.wait(timeout: grace) == nil {
                running.qemu.kill()
            }
            _ = await running.qemu.wait()
            await running.virtioFSDaemon.stop()
            running.qmp.close()
            await running.client.close()
        }
        for (key, record) in processes {
            record.waiter?.cancel()
            if case .started(let streams) = record.state { streams.endAll() }
            processes[key] = nil
        }
        for record in containers.values { undoHostChanges(of: record) }
        containers = [:]
        let left = await SandboxCleanup.undo(state, paths: paths, layout: layout)
        if !left.isEmpty { logger.warning("sandbox cleanup left paths behind", metadata: ["paths": "\(left)"]) }
        state = SandboxState(sandboxID: sandboxID)
    }

    /// Undoes a sandbox's host changes from its persisted state after its shim died (no live
    /// objects needed): kills its QEMU and virtiofsd, unmounts, removes directories and state.
    /// Idempotent.
    /// - Parameters:
    ///   - sandboxID: the sandbox.
    ///   - vmRoot: the parent of VM directories.
    ///   - stateRoot: the parent of state directories.
    /// - Throws: `KataError` when the state file is unreadable (the well-known paths are cleaned
    ///   anyway) or something could not be removed.
    package static func cleanup(
        sandboxID: String, vmRoot: String = VMPaths.defaultVMRoot, stateRoot: String = VMPaths.defaultStateRoot
    ) async throws(KataError) {
        let paths = VMPaths(sandboxID: sandboxID, vmRoot: vmRoot, stateRoot: stateRoot)
        let layout = SharedFSLayout(sandboxID: sandboxID)
        var readError: KataError?
        var state = SandboxState(sandboxID: sandboxID)
        do {
            state = try StateStore(path: paths.stateFile).load() ?? state
        } catch {
            readError = error
        }
        if state.directories.isEmpty {
            state.directories = [layout.root, layout.mounts, layout.shared]
        }
        let left = await SandboxCleanup.undo(state, paths: paths, layout: layout)
        if let readError { throw readError }
        guard left.isEmpty else {
            throw KataError(
                .internal, "cleanup of sandbox \(sandboxID) left \(left.joined(separator: ", ")) behind")
        }
    }
}
