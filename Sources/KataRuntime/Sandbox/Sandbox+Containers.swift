// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import Cgroups
import FoundationEssentials
import KataConfig
package import KataError
import KataLinux
import OCISpec
import SystemPackage

extension Sandbox {
    /// Create: registers the container; the first one loads the configuration and boots the VM;
    /// mounts containerd's rootfs mounts on `<bundle>/rootfs`, binds the rootfs and volumes into
    /// the shared tree, sends CreateContainer, then publishes TaskCreate.
    /// - Parameter creation: what containerd asked for.
    /// - Returns: the pid to report: the hypervisor's, as Kata does.
    /// - Throws: `KataError` naming the container and what to fix; nothing made is left behind.
    package func create(_ creation: ContainerCreation) async throws(KataError) -> UInt32 {
        try Self.validate(id: creation.id, what: "container")
        guard containers[creation.id] == nil else {
            throw KataError(.alreadyExists, "container \(creation.id): already exists")
        }
        let loaded = try configuration(for: creation)
        // Registered before the first await, so a concurrent Create of the same id fails.
        containers[creation.id] = ContainerRecord(
            id: creation.id, bundle: creation.bundle,
            initProcess: ProcessRecord(stdio: creation.stdio, terminal: creation.stdio.terminal))
        let pid: UInt32
        do throws(KataError) {
            pid = try await createInVM(creation, loaded: loaded)
        } catch {
            containers[creation.id] = nil
            throw error
        }
        update(ProcessKey(containerID: creation.id)) { $0.state = .created(pid: pid) }
        events.publish(
            .created(
                containerID: creation.id, bundle: creation.bundle, rootfs: creation.rootfs, stdio: creation.stdio,
                pid: pid))
        return pid
    }

    /// Delete of a container's init: SIGKILL to all its processes, RemoveContainer, then the host's
    /// mounts and paths for it in reverse. With a VM that has ended, only the host side is cleaned.
    /// - Parameter id: the container.
    /// - Throws: agent errors other than "not found", once the host is cleaned.
    func removeFromVM(_ id: String) async throws(KataError) {
        guard let record = containers[id] else { return }
        var failure: KataError?
        if case .running(let vm) = phase, vm.vm.exit == nil {
            let all = ProcessKey(containerID: id)
            try? await vm.agent.signalProcess(all, signal: 9, allProcesses: true)
            do {
                try await vm.agent.removeContainer(id)
            } catch  where error.code != .notFound {
                failure = error
            } catch {}
        }
        undoHostChanges(mounts: record.mounts, createdPaths: record.createdPaths)
        containers[id]?.mounts = []
        containers[id]?.createdPaths = []
        state.containers.removeAll { $0 == id }
        for target in record.mounts {
            if let index = state.mounts.lastIndex(of: target) { state.mounts.remove(at: index) }
        }
        state.files.removeAll { record.createdPaths.contains($0) }
        try? persist()
        if let failure { throw failure }
    }

    /// Pause: freezes a running container (PauseContainer); publishes TaskPaused.
    /// - Parameter id: the container.
    /// - Throws: `KataError` (.notFound, .failedPrecondition unless running) or the agent's.
    package func pause(_ id: String) async throws(KataError) {
        let state = try container(id).initProcess.state
        guard case .running(let pid) = state else {
            throw KataError(.failedPrecondition, "container \(id): cannot pause a \(state.name) container")
        }
        try await runningVM("pause container \(id)").agent.pauseContainer(id)
        update(ProcessKey(containerID: id)) { record in
            if case .running = record.state { record.state = .paused(pid: pid) }
        }
        events.publish(.paused(containerID: id))
    }

    /// Resume: thaws a paused container (ResumeContainer); publishes TaskResumed.
    /// - Parameter id: the container.
    /// - Throws: `KataError` (.notFound, .failedPrecondition unless paused) or the agent's.
    package func resume(_ id: String) async throws(KataError) {
        let state = try container(id).initProcess.state
        guard case .paused(let pid) = state else {
            throw KataError(.failedPrecondition, "container \(id): cannot resume a \(state.name) container")
        }
        try await runningVM("resume container \(id)").agent.resumeContainer(id)
        update(ProcessKey(containerID: id)) { record in
            if case .paused = record.state { record.state = .running(pid: pid) }
        }
        events.publish(.resumed(containerID: id))
    }

    /// Update: applies OCI `linux.resources` JSON, constrained as for CreateContainer.
    /// - Parameters:
    ///   - id: the container.
    ///   - resourcesJSON: the OCI `LinuxResources` object.
    /// - Throws: `KataError` (.notFound; .invalidArgument for bad JSON) or the agent's.
    package func update(_ id: String, resourcesJSON: [UInt8]) async throws(KataError) {
        _ = try container(id)
        let vm = try runningVM("update container \(id)")
        let resources: Linux.Resources
        do {
            resources = try JSONDecoder().decode(Linux.Resources.self, from: Data(resourcesJSON))
        } catch {
            throw KataError(.invalidArgument, "container \(id): the resources to update are not OCI JSON: \(error)")
        }
        try await growVM(for: id, asking: resources, running: vm)
        try await vm.agent.updateContainer(id, resources: OCITranslation.constrained(resources))
    }

    /// Stats: the container's cgroup statistics from the agent.
    /// - Parameter id: the container.
    /// - Returns: the statistics.
    /// - Throws: `KataError` (.notFound) or the agent's.
    package func stats(_ id: String) async throws(KataError) -> CgroupStats {
        _ = try container(id)
        return try await runningVM("stats of container \(id)").agent.statsContainer(id)
    }

    /// Pids: the hypervisor's pid, as Kata answers: the processes inside the VM have no host pids.
    /// - Parameter id: the container.
    /// - Returns: one pid.
    /// - Throws: `KataError` (.notFound; .failedPrecondition without a running VM).
    package func pids(_ id: String) throws(KataError) -> [UInt32] {
        _ = try container(id)
        guard let pid = hypervisorPID else {
            throw KataError(.failedPrecondition, "container \(id): the sandbox VM is not running")
        }
        return [UInt32(bitPattern: pid)]
    }

    /// The VM side of Create (the container is registered, `.creating`).
    private func createInVM(
        _ creation: ContainerCreation, loaded: LoadedConfiguration
    ) async throws(KataError)
        -> UInt32
    {
        let id = creation.id
        let bundle: OCISpec.Bundle
        do {
            bundle = try OCISpec.Bundle.load(path: creation.bundle)
        } catch {
            throw KataError(.invalidArgument, "container \(id): \(error)")
        }
        try HostNamespaces.refuseSharing(bundle.spec, containerID: id)
        let vm = try await running(
            loaded, networkNamespace: PodNetwork.namespacePath(of: bundle.spec),
            cgroupsPath: bundle.spec.linux?.cgroupsPath
        ) { () throws(KataError) in try Self.pod(of: bundle.spec, containerID: id) }
        let start = ContinuousClock.now
        let context = OCITranslation.Context(
            containerID: id, sandboxID: sandboxID, bundlePath: creation.bundle, configuration: loaded.configuration,
            agentSupportsSeccomp: vm.details.supportsSeccomp, sandboxHasSHM: vm.sandboxHasSHM)
        var translated: TranslatedContainer
        do {
            translated = try OCITranslation.translate(bundle.spec, context: context)
        } catch {
            throw KataError(.invalidArgument, "\(error) (bundle \(creation.bundle))")
        }
        if creation.stdio.terminal { translated.container.spec.process?.terminal = true }
        var mounts: [String] = []
        var createdPaths: [String] = []
        do throws(KataError) {
            if !creation.rootfs.isEmpty, let rootfs = bundle.rootfsPath {
                for mount in creation.rootfs {
                    try HostMount.mount(mount, at: rootfs)
                    mounts.append(rootfs)
                    try persist(adding: mounts, createdPaths)
                }
            }
            for share in translated.shares {
                try makeTarget(for: share, containerID: id, createdPaths: &createdPaths)
                try HostMount.share(
                    share.hostSource, onto: share.hostTarget, staging: stagingPoint(for: share),
                    readOnly: share.readOnly, propagation: share.propagation)
                if share.propagation == .bidirectional {
                    logger.warning(
                        "an rshared volume propagates host mounts into container \(id), not the container's to the host",
                        metadata: ["source": "\(share.hostSource)"])
                }
                mounts.append(share.hostTarget)
                try persist(adding: mounts, createdPaths)
            }
            try await growVM(for: id, asking: bundle.spec.linux?.resources, running: vm)
            try await vm.agent.createContainer(translated.container)
        } catch {
            undoHostChanges(mounts: mounts, createdPaths: createdPaths)
            try? persist()
            throw error
        }
        containers[id]?.mounts = mounts
        containers[id]?.createdPaths = createdPaths
        containers[id]?.initProcess.terminal = translated.container.spec.process?.terminal ?? false
        if !state.containers.contains(id) { state.containers.append(id) }
        state.mounts += mounts
        state.files += createdPaths
        try persist()
        recordTiming(\.createContainer, since: start)
        logger.info("container created", metadata: ["cid": "\(id)", "timings": "\(timings)"])
        return UInt32(bitPattern: vm.vm.pid)
    }

    /// The pod as the first container describes it; the host's shm is measured here, as the
    /// translation reads nothing on the host.
    private static func pod(of spec: OCISpec.Spec, containerID id: String) throws(KataError) -> GuestSandbox.Pod {
        do {
            return try GuestSandbox.Pod(spec: spec) { (path) throws(Syscall.Error) in
                try FileSystem.fileSystemSize(path)
            }
        } catch {
            throw KataError(
                .invalidArgument, "container \(id): cannot measure the /dev/shm mount's source", underlying: error)
        }
    }

    /// Where `share` is bound before it moves to its target: one flat name per target.
    private func stagingPoint(for share: SharedPath) -> String {
        layout.staging + "/"
            + share.hostTarget.dropFirst(layout.mounts.count).split(separator: "/").joined(separator: "-")
    }

    /// Creates the bind target of `share` (a directory, or an empty file for a file source),
    /// recording what was created.
    private func makeTarget(
        for share: SharedPath, containerID: String, createdPaths: inout [String]
    ) throws(KataError) {
        guard let type = FileSystem.fileType(share.hostSource) else {
            throw KataError(
                .invalidArgument, "container \(containerID): the shared path \(share.hostSource) does not exist")
        }
        let isDirectory = type == .directory
        let parent = isDirectory ? share.hostTarget : FilePath(share.hostTarget).removingLastComponent().string
        let before = state.directories.count
        try makeDirectory(parent)
        createdPaths += state.directories[before...]
        state.directories.removeSubrange(before...)
        if !isDirectory, !FileSystem.exists(share.hostTarget) {
            do {
                try FileSystem.touch(share.hostTarget)
            } catch {
                throw KataError(
                    .internal, "cannot create \(share.hostTarget) for container \(containerID)", underlying: error)
            }
            createdPaths.append(share.hostTarget)
        }
    }

    /// Unmounts a container's mounts and removes its paths, in reverse.
    func undoHostChanges(mounts: [String], createdPaths: [String]) {
        for target in mounts.reversed() { HostMount.unmount(target) }
        for path in createdPaths.reversed() {
            if FileSystem.fileType(path) == .directory {
                try? FileSystem.removeDirectory(path)
            } else {
                try? FileSystem.remove(path)
            }
        }
    }

    /// Persists the state with a container's changes so far added, so a crash midway is undone too.
    private func persist(adding mounts: [String], _ createdPaths: [String]) throws(KataError) {
        var snapshot = state
        snapshot.mounts += mounts.filter { !snapshot.mounts.contains($0) }
        snapshot.files += createdPaths
        try store.save(snapshot)
    }
}
