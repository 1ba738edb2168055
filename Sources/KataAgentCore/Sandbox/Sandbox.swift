// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import AgentAPI
import KataLinux

/// The pod as the agent sees it: its storages, its containers and their processes.
///
/// An actor: RPCs arrive concurrently. Container creation suspends while the init helper works, so
/// an id being created is reserved first; process I/O runs outside the actor on the processes
/// themselves.
actor Sandbox {
    /// Where bundles live: `/run/kata-containers/<cid>`.
    static let containersDirectory = "/run/kata-containers"

    private struct Identity {
        var id: String
        var hostname: String
        /// Whether containers asking for `sandbox_pidns` join the first container's PID namespace.
        var sharedPidNamespace: Bool
    }

    private let launcher: ProcessLauncher
    private let reaper: Reaper
    private var identity: Identity?
    private var storages = StorageTable()
    private var sandboxStorages: [String] = []
    private var containers: [String: Container] = [:]
    private var reserved: Set<String> = []
    /// The first container's init: its IPC, UTS and PID namespaces are the pod's.
    private var podInit: Int32?

    /// Creates an empty sandbox.
    init(launcher: ProcessLauncher, reaper: Reaper) {
        self.launcher = launcher
        self.reaper = reaper
    }

    // MARK: Sandbox

    /// CreateSandbox: records the pod's identity and mounts its storages (the shared directory).
    /// - Throws: ``KataError`` when the sandbox exists or a storage fails.
    func create(_ request: Grpc_CreateSandboxRequest) throws {
        guard identity == nil else {
            throw KataError(.alreadyExists, "sandbox \(identity?.id ?? "") exists already")
        }
        if !request.kernelModules.isEmpty {
            throw KataError(
                .unimplemented, "CreateSandbox: loading kernel_modules is not supported by this agent yet")
        }
        try FileSystem.mkdirAll(Self.containersDirectory)
        sandboxStorages = try storages.acquire(request.storages)
        identity = Identity(id: request.sandboxID, hostname: request.hostname, sharedPidNamespace: request.sandboxPidns)
    }

    /// DestroySandbox: kills every container's processes and releases every mount.
    func destroy() async {
        for id in Array(containers.keys) {
            try? await remove(id, timeout: .seconds(5))
        }
        storages.releaseAll()
        identity = nil
    }

    // MARK: Containers

    /// CreateContainer: mounts the container's storages, binds its rootfs into its bundle and sets
    /// up its init process, held before exec.
    /// - Throws: ``KataError`` naming what is wrong; nothing of the container remains afterwards.
    func createContainer(_ request: Grpc_CreateContainerRequest) async throws {
        let id = request.containerID
        try Self.validate(containerID: id)
        guard containers[id] == nil, !reserved.contains(id) else {
            throw KataError(.alreadyExists, "container \(id) exists already")
        }
        guard request.hasOci, request.oci.hasProcess, !request.oci.process.args.isEmpty else {
            throw KataError(.invalidArgument, "container \(id): the OCI spec has no process args")
        }
        guard request.oci.hasRoot, request.oci.root.path.hasPrefix("/") else {
            throw KataError(.invalidArgument, "container \(id): root.path must be an absolute guest path")
        }
        reserved.insert(id)
        defer { reserved.remove(id) }

        let mounted = try storages.acquire(request.storages)
        let bundle = "\(Self.containersDirectory)/\(id)"
        var rootfsBound = false
        do {
            var spec = request.oci
            guard FileSystem.fileType(spec.root.path) == .directory else {
                throw KataError(
                    .notFound, "container \(id): rootfs \(spec.root.path) is not a directory in the guest")
            }
            try FileSystem.mkdirAll("\(bundle)/rootfs")
            try Mount.mount(source: spec.root.path, target: "\(bundle)/rootfs", type: nil, flags: [.bind, .recursive])
            rootfsBound = true
            spec.root.path = "\(bundle)/rootfs"
            spec.linux.namespaces = namespaces(for: request)

            var initRequest = request
            initRequest.oci = spec
            initRequest.execID = id
            let held = try await launcher.prepare(initRequest, mode: .container) { _ in }
            let process = ContainerProcess(execID: id, pid: held.pid, io: held.io, reaper: reaper)
            if podInit == nil { podInit = held.pid }
            containers[id] = Container(
                id: id, spec: spec, bundle: bundle, storages: mounted, initProcess: process, state: .created(held))
        } catch {
            if rootfsBound { try? Mount.unmount("\(bundle)/rootfs", detach: true) }
            try? FileSystem.removeDirectory("\(bundle)/rootfs")
            try? FileSystem.removeDirectory(bundle)
            storages.release(mounted)
            throw error
        }
    }

    /// StartContainer: lets the init process exec.
    /// - Throws: ``KataError`` when the container is unknown, not created, or exec failed.
    func startContainer(_ id: String) async throws {
        let container = try container(id)
        guard case .created(let held) = container.state else {
            throw KataError(.failedPrecondition, "container \(id) is already started")
        }
        containers[id]?.state = .running
        try await launcher.start(held)
    }

    /// ExecProcess: starts a process in a running container's namespaces.
    /// - Throws: ``KataError`` for an unknown container, a duplicate exec id or a failed exec.
    func exec(_ request: Grpc_ExecProcessRequest) async throws {
        let container = try container(request.containerID)
        guard case .running = container.state, container.initProcess.termination == nil else {
            throw KataError(.failedPrecondition, "container \(container.id) is not running")
        }
        let execID = request.execID
        guard !execID.isEmpty, execID != container.id, container.execs[execID] == nil,
            !reserved.contains("\(container.id)/\(execID)")
        else {
            throw KataError(.alreadyExists, "container \(container.id) already has a process with exec id \(execID)")
        }
        guard request.hasProcess, !request.process.args.isEmpty else {
            throw KataError(.invalidArgument, "exec \(execID) in container \(container.id): the process has no args")
        }
        reserved.insert("\(container.id)/\(execID)")
        defer { reserved.remove("\(container.id)/\(execID)") }
        var spec = container.spec
        var process = request.process
        if !process.hasCapabilities { process.capabilities = spec.process.capabilities }
        spec.process = process
        spec.linux.namespaces = container.namespacesToJoin()
        var execRequest = Grpc_CreateContainerRequest()
        execRequest.containerID = container.id
        execRequest.execID = execID
        execRequest.oci = spec
        let held = try await launcher.prepare(execRequest, mode: .exec) { _ in }
        let started = ContainerProcess(execID: execID, pid: held.pid, io: held.io, reaper: reaper)
        containers[container.id]?.execs[execID] = started
        do {
            try await launcher.start(held)
        } catch {
            containers[container.id]?.execs[execID] = nil
            started.io.close()
            throw error
        }
    }

    /// The process `execID` of container `id`, for I/O and waiting.
    /// - Throws: ``KataError`` `notFound`.
    func process(container id: String, exec execID: String) throws -> ContainerProcess {
        try container(id).process(execID)
    }

    /// WaitProcess's bookkeeping once the process has ended: its stdio closes and an exec leaves the
    /// table (later I/O calls on it get NOT_FOUND).
    func reap(container id: String, exec execID: String) {
        guard let container = containers[id], let process = try? container.process(execID) else { return }
        process.io.close()
        if process !== container.initProcess {
            containers[id]?.execs[execID] = nil
        }
    }

    /// SignalProcess. Exec id "" with SIGKILL means every process of the container; SIGTERM to an
    /// init that neither catches, ignores nor blocks it becomes SIGKILL (as PID 1 of its namespace
    /// it would ignore it).
    /// - Throws: ``KataError`` for an unknown container or process.
    func signal(container id: String, exec execID: String, signal number: UInt32) throws {
        let container = try container(id)
        let signal = Signal(rawValue: Int32(clamping: number))
        guard number > 0, number < 65 else {
            throw KataError(.invalidArgument, "signal \(number) is not a valid signal number")
        }
        if execID.isEmpty, signal == .kill {
            for process in [container.initProcess] + container.execs.values {
                try? process.signal(.kill)
            }
            return
        }
        let process = try container.process(execID)
        var effective = signal
        if process === container.initProcess, signal == .terminate,
            (try? ProcessControl.handles(.terminate, pid: process.pid)) == false
        {
            effective = .kill
        }
        do {
            try process.signal(effective)
        } catch {
            throw KataError(
                .internal, "signalling process \(process.execID) of container \(id) failed", underlying: error)
        }
    }

    /// RemoveContainer: kills what still runs, unmounts the bundle and releases the storages.
    /// - Parameters:
    ///   - id: the container.
    ///   - timeout: how long the processes may take to die.
    /// - Throws: ``KataError`` for an unknown container or when its processes outlive `timeout`.
    func remove(_ id: String, timeout: Duration) async throws {
        let container = try container(id)
        let processes = [container.initProcess] + Array(container.execs.values)
        for process in processes { try? process.signal(.kill) }
        if case .created(let held) = container.state { try? held.sync.close() }
        let deadline = ContinuousClock.now + timeout
        for process in processes {
            while process.termination == nil {
                guard ContinuousClock.now < deadline else {
                    throw KataError(
                        .failedPrecondition, "container \(id): process \(process.execID) did not die within \(timeout)")
                }
                try await Task.sleep(for: .milliseconds(5))
            }
            process.io.close()
        }
        try? Mount.unmount(container.rootfs, detach: true)
        try? FileSystem.removeDirectory(container.rootfs)
        try? FileSystem.removeDirectory(container.bundle)
        storages.release(container.storages)
        containers[id] = nil
        if podInit == container.initProcess.pid { podInit = nil }
    }

    // MARK: Helpers

    private func container(_ id: String) throws -> Container {
        guard let container = containers[id] else {
            throw KataError(.notFound, "no container with id \(id) in this sandbox")
        }
        return container
    }

    /// The namespaces the init helper creates or joins: a new mount namespace always; the pod's IPC
    /// and UTS (those of its first container); the pod's PID namespace when the host asks for it.
    /// Network stays the VM's (the VM is the pod's network sandbox); user namespaces only when the
    /// spec asks.
    private func namespaces(for request: Grpc_CreateContainerRequest) -> [Grpc_LinuxNamespace] {
        let pod = podInit.flatMap { pid in FileSystem.exists("/proc/\(pid)/ns/ipc") ? pid : nil }
        func namespace(_ type: String, joining file: String?) -> Grpc_LinuxNamespace {
            .with {
                $0.type = type
                $0.path = file.flatMap { file in pod.map { "/proc/\($0)/ns/\(file)" } } ?? ""
            }
        }
        var result = [
            namespace("mount", joining: nil),
            namespace("ipc", joining: "ipc"),
            namespace("uts", joining: "uts"),
            namespace("pid", joining: request.sandboxPidns ? "pid" : nil),
        ]
        if request.oci.linux.namespaces.contains(where: { $0.type == "user" }) {
            result.append(namespace("user", joining: nil))
        }
        return result
    }

    private static func validate(containerID id: String) throws {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-")
        guard !id.isEmpty, id.count <= 256, id.allSatisfy({ allowed.contains($0) }), id != ".", id != ".." else {
            throw KataError(
                .invalidArgument, "invalid container id \"\(id)\": use 1-256 letters, digits, '_', '.' or '-'")
        }
    }
}
