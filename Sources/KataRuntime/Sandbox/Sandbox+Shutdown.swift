// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import FoundationEssentials
package import KataError

extension Sandbox {
    /// How long the guest may take to power off after DestroySandbox before QEMU is killed.
    static let powerOffGrace: Duration = .seconds(10)

    /// Stops the sandbox (kata-agent spec §9.5, Go order): removes every container from the VM,
    /// DestroySandbox (the agent powers the VM off), SIGKILL to QEMU if it has not exited within
    /// the grace, virtiofsd stopped, then every mount, directory and the state removed. Every
    /// process still registered ends with 255. Idempotent; never throws: what cannot be undone is
    /// logged.
    package func shutdown() async {
        let started = ContinuousClock.now
        defer { recordTiming(\.teardown, since: started) }
        let current = phase
        phase = .stopped
        // Before the VM goes: its end is expected now, and the OOM loop's call would only fail.
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
                    try await removeFromVM(id)
                } catch {
                    logger.warning(
                        "container removal failed during shutdown", metadata: ["cid": "\(id)", "error": "\(error)"])
                }
            }
            await running.vm.stop(grace: Self.powerOffGrace) { try? await running.agent.destroySandbox() }
            await running.agent.close()
        }
        for task in monitors.values { task.cancel() }
        monitors = [:]
        let lost = ExitStatus(code: ExitStatus.unknownCode)
        for container in containers.values {
            undoHostChanges(mounts: container.mounts, createdPaths: container.createdPaths)
            for process in [container.initProcess] + Array(container.execs.values) {
                process.streams?.endAll()
                await process.io?.close()
                process.exit.resolve(lost)
            }
        }
        containers = [:]
        leaveHostCgroups()
        let left = await SandboxCleanup.undo(state, paths: paths, layout: layout, cgroups: environment.hostCgroups)
        if !left.isEmpty { logger.warning("sandbox cleanup left paths behind", metadata: ["paths": "\(left)"]) }
        state = SandboxState(sandboxID: sandboxID)
    }

    /// The VM goes with the sandbox's last container; a later Create boots a new one with the
    /// configuration its request names.
    func shutdownWithLastContainer() async {
        await shutdown()
        logger.info("sandbox stopped", metadata: ["timings": "\(timings)"])
        guard case .stopped = phase else { return }
        phase = .idle
        loaded = nil
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
            state.directories = [layout.root, layout.mounts, layout.shared, layout.staging]
        }
        let left = await SandboxCleanup.undo(state, paths: paths, layout: layout)
        if let readError { throw readError }
        guard left.isEmpty else {
            throw KataError(
                .internal, "cleanup of sandbox \(sandboxID) left \(left.joined(separator: ", ")) behind")
        }
    }
}
