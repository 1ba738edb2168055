// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import FoundationEssentials
import KataConfig
import KataError
import KataLinux
import SystemPackage

extension Sandbox {
    /// Boots the VM (kata-agent spec §9.1, config-cli-qemu §5.1): checks, directories, the shared
    /// tree, the host cgroups (the shim joins them, so QEMU and virtiofsd start inside), the pod network, the hypervisor (virtiofsd and QEMU), the agent, the interfaces,
    /// CreateSandbox, GetGuestDetails. Any failure undoes everything done so far: live resources
    /// through the undo stack, host changes through the persisted state.
    func boot(
        _ loaded: LoadedConfiguration, pod: GuestSandbox.Pod, networkNamespace: String?, cgroupsPath: String?
    ) async throws(KataError) -> Running {
        var undo = UndoStack()
        var network = AttachedNetwork()
        do throws(KataError) {
            var start = ContinuousClock.now
            try checkConfiguration(loaded)
            // The shared parents stay; only this sandbox's own directories are recorded and removed.
            for parent in [paths.stateDirectory, paths.vmDirectory, layout.root] {
                try makeParent(of: parent)
            }
            try makeDirectory(paths.stateDirectory)
            try persist()
            try makeDirectory(paths.vmDirectory)
            try makeSharedTree()
            try enterHostCgroups(
                cgroupsPath: cgroupsPath, sandboxCgroupOnly: loaded.configuration.runtime.sandboxCgroupOnly)
            undo.push("leave the host cgroups") { await self.leaveHostCgroups() }
            recordTiming(\.configuration, since: start)

            network = try await attachNetwork(networkNamespace, loaded: loaded)

            let request = VMBootRequest(
                sandboxID: sandboxID, configuration: loaded, paths: paths, sharedDirectory: layout.shared,
                nics: network.interfaces,
                record: { [weak self] process, identity async throws(KataError) in
                    try await self?.recordStarted(process, identity)
                })
            let vm = try await environment.hypervisor.boot(request)
            undo.push("stop the VM") {
                vm.kill()
                await vm.stop(grace: .zero) {}
            }
            // The hypervisor has its own copies now: the taps live as long as QEMU holds them.
            network.closeDescriptors()
            timings.virtioFSDaemonStart = vm.startTimings.sharedFileSystemDaemon
            timings.qemuSpawn = vm.startTimings.hypervisor
            await placeVCPUThreads(vm)

            start = ContinuousClock.now
            let agent: any AgentClient
            do {
                agent = try await environment.agentConnector.connect(to: vm, configuration: loaded)
            } catch {
                // What the guest printed (a kernel panic, an agent that failed) is the likeliest cause.
                throw KataError(error.code, error.message + vm.bootDiagnostics, underlying: error.underlying)
            }
            undo.push("close the agent connection") { await agent.close() }
            recordTiming(\.guestBoot, since: start)

            start = ContinuousClock.now
            try await announceNetwork(network.endpoints, agent: agent)
            let sandbox = GuestSandbox.build(id: sandboxID, pod: pod, configuration: loaded.configuration)
            try await agent.createSandbox(sandbox)
            let details = try await agent.guestDetails()
            recordTiming(\.createSandbox, since: start)
            logger.info("sandbox started", metadata: ["timings": "\(timings)"])
            return Running(vm: vm, agent: agent, details: details, sandboxHasSHM: sandbox.hasSHM)
        } catch {
            logger.error("sandbox start failed", metadata: ["error": "\(error)"])
            network.closeDescriptors()
            await undo.unwind()
            await SandboxCleanup.undo(state, paths: paths, layout: layout, cgroups: environment.hostCgroups)
            state = SandboxState(sandboxID: sandboxID)
            throw error
        }
    }

    /// Persists a process the hypervisor started, so a crash cleanup kills it.
    private func recordStarted(_ process: VMProcess, _ identity: ProcessIdentity?) throws(KataError) {
        switch process {
        case .hypervisor: state.qemu = identity
        case .sharedFileSystemDaemon: state.virtioFSDaemon = identity
        }
        try persist()
    }

    /// The accelerator and the guest assets, with the key and file to fix.
    private func checkConfiguration(_ loaded: LoadedConfiguration) throws(KataError) {
        if let problem = loaded.acceleratorProblem(facts: environment.facts) {
            throw KataError(.invalidArgument, "sandbox \(sandboxID): \(problem.description)")
        }
        let settings = loaded.configuration.hypervisor
        let checks: [(key: String, path: String?)] = [
            ("path", settings.path), ("kernel", settings.kernel), ("initrd", settings.initrd),
        ]
        for (key, path) in checks {
            guard let path, !FileSystem.exists(path) else { continue }
            throw KataError(
                .invalidArgument,
                "sandbox \(sandboxID): \(key) = \"\(path)\" does not exist: fix \(key) in [hypervisor.qemu] of "
                    + loaded.file(settingKey: "hypervisor.qemu.\(key)"))
        }
        if settings.sharedFS != .virtioFS {
            throw KataError(
                .unimplemented,
                "sandbox \(sandboxID): shared_fs = \"\(settings.sharedFS.rawValue)\" is not supported yet; set "
                    + "shared_fs = \"virtio-fs\" in [hypervisor.qemu] of "
                    + loaded.file(settingKey: "hypervisor.qemu.shared_fs"))
        }
    }

    /// `mounts/` bound on itself as a shared mount, and `shared/` a read-only slave bind of it,
    /// so binds made later under `mounts/` appear in `shared/` (and in virtiofsd's namespace);
    /// `staging/` a private bind of itself, where those binds are finished before they move in.
    private func makeSharedTree() throws(KataError) {
        try makeDirectory(layout.mounts, mode: 0o750)
        try makeDirectory(layout.shared, mode: 0o750)
        try makeDirectory(layout.staging, mode: 0o700)
        try HostMount.bind(layout.staging, onto: layout.staging, readOnly: false)
        state.mounts.append(layout.staging)
        try persist()
        try HostMount.setPropagation(layout.staging, .private)
        try HostMount.bind(layout.mounts, onto: layout.mounts, readOnly: false)
        state.mounts.append(layout.mounts)
        try persist()
        try HostMount.setPropagation(layout.mounts, .shared)
        try HostMount.bind(layout.mounts, onto: layout.shared, readOnly: true)
        state.mounts.append(layout.shared)
        try persist()
        try HostMount.setPropagation(layout.shared, .slave)
    }

    /// Creates the parent of `path` (e.g. `/run/vc/sbs`), not recorded: other sandboxes use it too.
    private func makeParent(of path: String) throws(KataError) {
        let parent = FilePath(path).removingLastComponent().string
        do {
            try FileSystem.mkdirAll(parent)
        } catch {
            throw KataError(.internal, "cannot create \(parent) for sandbox \(sandboxID)", underlying: error)
        }
    }

    /// Creates `path` and missing parents, recording each directory created.
    func makeDirectory(_ path: String, mode: UInt16 = 0o755) throws(KataError) {
        var missing: [String] = []
        var current = path
        while !current.isEmpty, current != "/", !FileSystem.exists(current) {
            missing.append(current)
            current = FilePath(current).removingLastComponent().string
        }
        for directory in missing.reversed() {
            do {
                try FileSystem.mkdirAll(directory, mode: FilePermissions(rawValue: UInt32(mode)))
            } catch {
                throw KataError(.internal, "cannot create \(directory) for sandbox \(sandboxID)", underlying: error)
            }
            state.directories.append(directory)
        }
    }
}
