// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import AgentAPI
import FoundationEssentials
package import KataError
import KataLinux
import OCISpec
import SystemPackage

extension Pod {
    /// Creates a container (booting the VM first if this is the first): reads the bundle, mounts
    /// containerd's rootfs mounts on `<bundle>/rootfs`, binds the rootfs and volumes into the
    /// shared tree, then sends CreateContainer.
    /// - Parameters:
    ///   - id: the container id.
    ///   - bundle: the bundle directory holding config.json.
    ///   - rootfsMounts: containerd's rootfs mounts (empty when the bundle's rootfs is ready).
    ///   - terminal: whether containerd asked for a terminal.
    /// - Returns: the pid to report: QEMU's, as Kata does.
    /// - Throws: `KataError` naming the container and what to fix; nothing made is left behind.
    package func createContainer(
        id: String, bundle: String, rootfsMounts: [RootfsMount], terminal: Bool
    ) async throws(KataError) -> Int32 {
        guard containers[id] == nil else {
            throw KataError(.alreadyExists, "container \(id) already exists in sandbox \(sandboxID)")
        }
        let loadedBundle: OCISpec.Bundle
        do {
            loadedBundle = try OCISpec.Bundle.load(path: bundle)
        } catch {
            throw KataError(.invalidArgument, "container \(id): \(error)")
        }
        let vm = try await running(
            hostname: loadedBundle.spec.hostname ?? "",
            networkNamespace: PodNetwork.namespacePath(of: loadedBundle.spec))
        guard containers[id] == nil else {
            throw KataError(.alreadyExists, "container \(id) already exists in sandbox \(sandboxID)")
        }
        let start = ContinuousClock.now
        let context = OCITranslation.Context(
            containerID: id, sandboxID: sandboxID, bundlePath: bundle, configuration: loaded.configuration,
            agentSupportsSeccomp: vm.supportsSeccomp, sandboxHasSHM: false)
        var translated: TranslatedContainer
        do {
            translated = try OCITranslation.translate(loadedBundle.spec, context: context)
        } catch {
            throw KataError(.invalidArgument, "\(error) (bundle \(bundle))")
        }
        if terminal { translated.container.spec.process?.terminal = true }
        var record = ContainerRecord(
            id: id, bundle: bundle, terminal: translated.container.spec.process?.terminal ?? false, state: .created,
            mounts: [], createdPaths: [])
        do throws(KataError) {
            if !rootfsMounts.isEmpty, let rootfs = loadedBundle.rootfsPath {
                for mount in rootfsMounts {
                    try HostMount.mount(mount, at: rootfs)
                    record.mounts.append(rootfs)
                    try persist(adding: record)
                }
            }
            for share in translated.shares {
                try makeTarget(for: share, record: &record)
                try HostMount.bind(share.hostSource, onto: share.hostTarget, readOnly: share.readOnly)
                record.mounts.append(share.hostTarget)
                try persist(adding: record)
            }
            do {
                let timeout = Duration.seconds(Int64(loaded.configuration.runtime.createContainerTimeoutSeconds))
                _ = try await vm.agent.createContainer(
                    Grpc_CreateContainerRequest(translated.container), options: .init(timeout: timeout))
            } catch {
                throw KataError.agent(error, rpc: "CreateContainer", object: "container \(id)")
            }
        } catch {
            undoHostChanges(of: record)
            try? persist()
            throw error
        }
        containers[id] = record
        processes[ProcessKey(containerID: id)] = ProcessRecord(state: .created, terminal: record.terminal)
        if !state.containers.contains(id) { state.containers.append(id) }
        state.mounts += record.mounts
        state.files += record.createdPaths
        try persist()
        recordTiming(\.createContainer, since: start)
        logger.info("container created", metadata: ["cid": "\(id)", "timings": "\(timingsValue)"])
        return vm.qemu.pid
    }

    /// Removes a container: SIGKILL to all its processes, RemoveContainer, then the host's mounts
    /// and paths for it in reverse.
    /// - Parameters:
    ///   - id: the container.
    ///   - vm: the running VM, nil when it is gone (only the host side is cleaned).
    /// - Throws: `KataError(.notFound)`; agent errors other than "not found" once the host is cleaned.
    func deleteContainer(_ id: String, vm: Running?) async throws(KataError) {
        guard var record = containers[id] else {
            throw KataError(.notFound, "container \(id) does not exist in sandbox \(sandboxID)")
        }
        var failure: KataError?
        if let vm {
            var signal = Grpc_SignalProcessRequest()
            signal.containerID = id
            signal.signal = 9
            _ = try? await vm.agent.signalProcess(signal, options: .init(timeout: .seconds(10)))
            var remove = Grpc_RemoveContainerRequest()
            remove.containerID = id
            do {
                _ = try await vm.agent.removeContainer(remove, options: .init(timeout: .seconds(60)))
            } catch {
                let converted = KataError.agent(error, rpc: "RemoveContainer", object: "container \(id)")
                if converted.code != .notFound { failure = converted }
            }
        }
        record.state = .removed
        undoHostChanges(of: record)
        containers[id] = nil
        for key in processes.keys where key.containerID == id {
            processes[key]?.waiter?.cancel()
            processes[key] = nil
        }
        state.containers.removeAll { $0 == id }
        for target in record.mounts {
            if let index = state.mounts.lastIndex(of: target) { state.mounts.remove(at: index) }
        }
        state.files.removeAll { record.createdPaths.contains($0) }
        try? persist()
        if let failure { throw failure }
    }

    /// PauseContainer.
    /// - Parameter id: the container.
    /// - Throws: `KataError`.
    package func pause(containerID id: String) async throws(KataError) {
        let vm = try runningVM("pause container \(id)")
        do {
            _ = try await vm.agent.pauseContainer(.with { $0.containerID = id }, options: .init(timeout: .seconds(60)))
        } catch {
            throw KataError.agent(error, rpc: "PauseContainer", object: "container \(id)")
        }
    }

    /// ResumeContainer.
    /// - Parameter id: the container.
    /// - Throws: `KataError`.
    package func resume(containerID id: String) async throws(KataError) {
        let vm = try runningVM("resume container \(id)")
        do {
            _ = try await vm.agent.resumeContainer(.with { $0.containerID = id }, options: .init(timeout: .seconds(60)))
        } catch {
            throw KataError.agent(error, rpc: "ResumeContainer", object: "container \(id)")
        }
    }

    /// UpdateContainer with OCI `linux.resources` JSON, converted as for CreateContainer.
    /// - Parameters:
    ///   - id: the container.
    ///   - resourcesJSON: the OCI `LinuxResources` object.
    /// - Throws: `KataError(.invalidArgument)` for bad JSON; agent errors.
    package func update(containerID id: String, resourcesJSON: [UInt8]) async throws(KataError) {
        let vm = try runningVM("update container \(id)")
        let resources: Linux.Resources
        do {
            resources = try JSONDecoder().decode(Linux.Resources.self, from: Data(resourcesJSON))
        } catch {
            throw KataError(.invalidArgument, "container \(id): the resources to update are not OCI JSON: \(error)")
        }
        var request = Grpc_UpdateContainerRequest()
        request.containerID = id
        request.resources = Grpc_LinuxResources(OCITranslation.constrained(resources))
        do {
            _ = try await vm.agent.updateContainer(request, options: .init(timeout: .seconds(60)))
        } catch {
            throw KataError.agent(error, rpc: "UpdateContainer", object: "container \(id)")
        }
    }

    /// StatsContainer.
    /// - Parameter id: the container.
    /// - Returns: the agent's cgroup and network statistics.
    /// - Throws: `KataError`.
    package func stats(containerID id: String) async throws(KataError) -> Grpc_StatsContainerResponse {
        let vm = try runningVM("stats of container \(id)")
        do {
            return try await vm.agent.statsContainer(
                .with { $0.containerID = id }, options: .init(timeout: .seconds(60)))
        } catch {
            throw KataError.agent(error, rpc: "StatsContainer", object: "container \(id)")
        }
    }

    /// The container's processes: not available, our agent protocol has no ListProcesses.
    /// - Parameter id: the container.
    /// - Returns: never.
    /// - Throws: `KataError(.unimplemented)`.
    package func pids(containerID id: String) throws(KataError) -> [Int32] {
        throw KataError(
            .unimplemented, "pids of container \(id): the agent protocol has no ListProcesses; not supported")
    }

    /// Creates the bind target of `share` (a directory, or an empty file for a file source),
    /// recording what was created.
    private func makeTarget(for share: SharedPath, record: inout ContainerRecord) throws(KataError) {
        let isDirectory = FileSystem.fileType(share.hostSource) == .directory
        guard FileSystem.fileType(share.hostSource) != nil else {
            throw KataError(
                .invalidArgument, "container \(record.id): the shared path \(share.hostSource) does not exist")
        }
        let parent = isDirectory ? share.hostTarget : FilePath(share.hostTarget).removingLastComponent().string
        let before = state.directories.count
        try makeDirectory(parent)
        record.createdPaths += state.directories[before...]
        state.directories.removeSubrange(before...)
        if !isDirectory, !FileSystem.exists(share.hostTarget) {
            do {
                try FileSystem.touch(share.hostTarget)
            } catch {
                throw KataError(
                    .internal, "cannot create \(share.hostTarget) for container \(record.id)", underlying: error)
            }
            record.createdPaths.append(share.hostTarget)
        }
    }

    /// Unmounts a container's mounts and removes its paths, in reverse.
    func undoHostChanges(of record: ContainerRecord) {
        for target in record.mounts.reversed() { HostMount.unmount(target) }
        for path in record.createdPaths.reversed() {
            if FileSystem.fileType(path) == .directory {
                try? FileSystem.removeDirectory(path)
            } else {
                try? FileSystem.remove(path)
            }
        }
    }

    /// Persists the state with a container's records added, so a crash midway is undone too.
    private func persist(adding record: ContainerRecord) throws(KataError) {
        var snapshot = state
        snapshot.mounts += record.mounts.filter { !snapshot.mounts.contains($0) }
        snapshot.files += record.createdPaths
        try store.save(snapshot)
    }
}
