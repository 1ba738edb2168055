// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Cgroups
import KataError
import KataLinux
import Logging
import OCISpec

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
        /// Whether every container joins the sandbox's PID namespace, as if it asked for `sandbox_pidns`.
        var sharedPidNamespace: Bool
    }

    private let launcher: ProcessLauncher
    private let reaper: Reaper
    private let poller: IOPoller
    /// The guest's cgroup hierarchy; nil when none is mounted (containers then run unconfined).
    private let cgroups: CgroupHierarchy?
    private let logger: Logger
    /// Loads the `kernel_modules` CreateSandbox asks for.
    private let modules: KernelModules
    /// GetOOMEvent's queue.
    let oomEvents = OOMEvents()
    private let hooks: Hooks
    private var guestHooks = Hooks.GuestHooks()
    private var identity: Identity?
    private var storages = StorageTable()
    private var sandboxStorages: [String] = []
    private var containers: [String: Container] = [:]
    private var reserved: Set<String> = []
    /// The pod's IPC and UTS namespaces, made by CreateSandbox.
    private var podNamespaces: PodNamespaces?
    /// The init of the sandbox's first container (the pause container under CRI): its PID namespace
    /// is the sandbox's, as upstream; once it is removed, the next container created takes its place.
    private var podInit: Int32?

    /// Creates an empty sandbox.
    /// - Parameters:
    ///   - launcher: starts container processes.
    ///   - reaper: reports their exits.
    ///   - poller: waits for OOM notifications.
    ///   - cgroups: where container cgroups go; nil when the guest has none.
    ///   - modules: loads the kernel modules the host asks for.
    ///   - logger: for what the host cannot be told in a reply (hooks, OOM watch failures).
    init(
        launcher: ProcessLauncher, reaper: Reaper, poller: IOPoller, cgroups: CgroupHierarchy?, modules: KernelModules,
        logger: Logger
    ) {
        self.launcher = launcher
        self.modules = modules
        self.reaper = reaper
        self.poller = poller
        self.cgroups = cgroups
        self.logger = logger
        self.hooks = Hooks(reaper: reaper)
    }

    // MARK: Sandbox

    /// CreateSandbox: loads the kernel modules asked for, records the pod's identity, mounts its
    /// storages (the shared directory, the sandbox shm) and makes its IPC and UTS namespaces.
    /// - Throws: ``KataError`` when the sandbox exists, a module, a storage or a namespace fails.
    func create(_ definition: SandboxDefinition) async throws {
        guard identity == nil, podNamespaces == nil else {
            throw KataError(.alreadyExists, "sandbox \(identity?.id ?? "") exists already")
        }
        try modules.load(definition.kernelModules.map { ($0.name, $0.parameters) }, logger: logger)
        try FileSystem.mkdirAll(Self.containersDirectory)
        let acquired = try storages.acquire(definition.storages)
        do {
            podNamespaces = try await PodNamespaces.make(
                hostname: definition.hostname, launcher: launcher, reaper: reaper)
        } catch {
            storages.release(acquired)
            throw error
        }
        sandboxStorages = acquired
        if let path = definition.guestHookPath {
            guestHooks = Hooks.GuestHooks(scanning: path)
        }
        identity = Identity(
            id: definition.id, hostname: definition.hostname, sharedPidNamespace: definition.sharedPIDNamespace)
    }

    /// DestroySandbox: kills every container's processes and releases every mount.
    func destroy() async {
        for id in Array(containers.keys) {
            try? await remove(id, timeout: .seconds(5))
        }
        storages.releaseAll()
        podNamespaces?.release()
        podNamespaces = nil
        oomEvents.close()
        identity = nil
    }

    // MARK: Containers

    /// CreateContainer: mounts the container's storages, binds its rootfs into its bundle and sets
    /// up its init process, held before exec.
    /// - Throws: ``KataError`` naming what is wrong; nothing of the container remains afterwards.
    func createContainer(_ definition: ContainerDefinition) async throws {
        let id = definition.id
        try Self.validate(containerID: id)
        guard containers[id] == nil, !reserved.contains(id) else {
            throw KataError(.alreadyExists, "container \(id) exists already")
        }
        guard var spec = definition.spec, let args = spec.process?.args, !args.isEmpty else {
            throw KataError(.invalidArgument, "container \(id): the OCI spec has no process args")
        }
        guard let root = spec.root?.path, root.hasPrefix("/") else {
            throw KataError(.invalidArgument, "container \(id): root.path must be an absolute guest path")
        }
        if !(spec.hooks?.createContainer ?? []).isEmpty || !(spec.hooks?.startContainer ?? []).isEmpty {
            throw KataError(
                .unimplemented,
                "container \(id): createContainer and startContainer hooks (run inside the container) are not supported"
            )
        }
        reserved.insert(id)
        defer { reserved.remove(id) }

        let cgroup = try cgroup(for: spec, containerID: id)
        let resources = CgroupResources(spec.linux?.resources ?? .init(), createdDevices: spec.linux?.devices ?? [])
        if !resources.devices.isEmpty, let cgroup, !cgroup.enforcesDeviceRules {
            logger.warning("device cgroup rules are not enforced on cgroup v2", metadata: ["cid": "\(id)"])
        }
        let mounted = try storages.acquire(definition.storages)
        let bundle = "\(Self.containersDirectory)/\(id)"
        var rootfsBound = false
        var cgroupCreated = false
        do {
            guard FileSystem.fileType(root) == .directory else {
                throw KataError(.notFound, "container \(id): rootfs \(root) is not a directory in the guest")
            }
            try FileSystem.mkdirAll("\(bundle)/rootfs")
            try KataLinux.Mount.mount(source: root, target: "\(bundle)/rootfs", type: nil, flags: [.bind, .recursive])
            rootfsBound = true
            spec.root?.path = "\(bundle)/rootfs"
            var linux = spec.linux ?? Linux()
            linux.namespaces = try namespaces(
                for: spec, containerID: id,
                sharedPIDNamespace: definition.sharedPIDNamespace || identity?.sharedPidNamespace == true,
                cgroup: cgroup)
            // The init helper binds this cgroup's directories for a `cgroup` mount on cgroup v1.
            if let cgroup { linux.cgroupsPath = cgroup.path }
            spec.linux = linux

            let held = try await launcher.prepare(spec, mode: .container) { pid in
                guard let cgroup else { return }
                do {
                    try cgroup.create()
                    cgroupCreated = true
                    try cgroup.apply(resources)
                    try cgroup.add(pid)
                } catch {
                    throw KataError(.invalidArgument, "container \(id): cgroup \(cgroup.path): \(error)")
                }
            }
            do {
                let state = {
                    Hooks.state(
                        id: id, status: "created", pid: held.pid, bundle: bundle, annotations: spec.annotations ?? [:])
                }
                try await hooks.run(spec.hooks?.createRuntime ?? [], kind: "createRuntime", state: state())
                try await hooks.run(spec.hooks?.prestart ?? [], kind: "prestart", state: state())
            } catch {
                try? ProcessControl.kill(held.pid, .kill)
                held.io.close()
                try? held.sync.close()
                throw error
            }
            let process = ContainerProcess(execID: id, pid: held.pid, io: held.io, reaper: reaper)
            if podInit == nil { podInit = held.pid }
            containers[id] = Container(
                id: id, spec: spec, bundle: bundle, storages: mounted, cgroup: cgroup, initProcess: process,
                state: .created(held),
                // Kata runs the guest's prestart hooks after start: the container exists by then.
                poststart: (spec.hooks?.poststart ?? []) + guestHooks.prestart + guestHooks.poststart,
                poststop: (spec.hooks?.poststop ?? []) + guestHooks.poststop)
        } catch {
            if cgroupCreated, let cgroup {
                try? await cgroup.killAll()
                try? await cgroup.remove()
            }
            if rootfsBound { try? KataLinux.Mount.unmount("\(bundle)/rootfs", detach: true) }
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
        if id != identity?.id, let cgroup = container.cgroup {
            containers[id]?.oomWatch = watchOOM(cgroup, containerID: id)
        }
        do {
            try await hooks.run(
                container.poststart, kind: "poststart",
                state: Hooks.state(
                    id: id, status: "running", pid: held.pid, bundle: container.bundle,
                    annotations: container.spec.annotations ?? [:]))
        } catch {
            // The runtime spec: a failing poststart hook is logged; the container keeps running.
            logger.warning("poststart hook failed", metadata: ["cid": "\(id)", "error": "\(error)"])
        }
    }

    /// Posts the container's OOM kills to ``oomEvents`` until the cgroup goes or the task is
    /// cancelled.
    private func watchOOM(_ cgroup: Cgroup, containerID id: String) -> Task<Void, Never>? {
        let watcher: OOMWatcher
        do {
            watcher = try OOMWatcher(cgroup)
        } catch {
            logger.warning("cannot watch for OOM kills", metadata: ["cid": "\(id)", "error": "\(error)"])
            return nil
        }
        return Task { [poller, oomEvents] in
            defer { watcher.close() }
            while !Task.isCancelled {
                guard (try? await poller.wait(for: .readable, on: watcher.descriptor)) != nil else { return }
                switch watcher.consume() {
                case .oom: oomEvents.post(id)
                case .gone: return
                case .none: continue
                }
            }
        }
    }

    /// ExecProcess: starts a process in a running container's namespaces.
    /// - Throws: ``KataError`` for an unknown container, a duplicate exec id or a failed exec.
    func exec(_ definition: ExecDefinition) async throws {
        let container = try container(definition.containerID)
        guard case .running = container.state, container.initProcess.termination == nil else {
            throw KataError(.failedPrecondition, "container \(container.id) is not running")
        }
        let execID = definition.execID
        guard !execID.isEmpty, execID != container.id, container.execs[execID] == nil,
            !reserved.contains("\(container.id)/\(execID)")
        else {
            throw KataError(.alreadyExists, "container \(container.id) already has a process with exec id \(execID)")
        }
        guard var process = definition.process, !(process.args ?? []).isEmpty else {
            throw KataError(.invalidArgument, "exec \(execID) in container \(container.id): the process has no args")
        }
        reserved.insert("\(container.id)/\(execID)")
        defer { reserved.remove("\(container.id)/\(execID)") }
        var spec = container.spec
        if process.capabilities == nil { process.capabilities = spec.process?.capabilities }
        spec.process = process
        var linux = spec.linux ?? Linux()
        linux.namespaces = container.namespacesToJoin()
        spec.linux = linux
        let held = try await launcher.prepare(spec, mode: .exec) { pid in
            do {
                try container.cgroup?.add(pid)
            } catch {
                throw KataError(.internal, "exec \(execID): joining the container's cgroup failed: \(error)")
            }
        }
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
    func signal(container id: String, exec execID: String, signal number: UInt32) async throws {
        let container = try container(id)
        let signal = Signal(rawValue: Int32(clamping: number))
        guard number > 0, number < 65 else {
            throw KataError(.invalidArgument, "signal \(number) is not a valid signal number")
        }
        if execID.isEmpty, signal == .kill {
            for process in [container.initProcess] + container.execs.values {
                try? process.signal(.kill)
            }
            // Processes the container forked and forgot are in its cgroup, not in the table.
            try? await container.cgroup?.killAll()
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
        if case .paused = container.state { try? await container.cgroup?.thaw() }
        for process in processes { try? process.signal(.kill) }
        try? await container.cgroup?.killAll()
        if case .created(let held) = container.state { try? held.sync.close() }
        let deadline = ContinuousClock.now + timeout
        for process in processes {
            guard await process.wait(until: deadline) != nil else {
                throw KataError(
                    .failedPrecondition, "container \(id): process \(process.execID) did not die within \(timeout)")
            }
            process.io.close()
        }
        do {
            try await hooks.run(
                container.poststop, kind: "poststop",
                state: Hooks.state(
                    id: id, status: "stopped", pid: 0, bundle: container.bundle,
                    annotations: container.spec.annotations ?? [:]))
        } catch {
            logger.warning("poststop hook failed", metadata: ["cid": "\(id)", "error": "\(error)"])
        }
        if let watch = container.oomWatch {
            watch.cancel()
            await watch.value
        }
        if let cgroup = container.cgroup {
            do {
                try await cgroup.remove()
            } catch {
                logger.warning("container cgroup left behind", metadata: ["cid": "\(id)", "error": "\(error)"])
            }
        }
        try? KataLinux.Mount.unmount(container.rootfs, detach: true)
        try? FileSystem.removeDirectory(container.rootfs)
        try? FileSystem.removeDirectory(container.bundle)
        storages.release(container.storages)
        containers[id] = nil
        if podInit == container.initProcess.pid { podInit = nil }
    }

    // MARK: Resources

    /// UpdateContainer: applies new limits to the container's cgroup.
    /// - Throws: ``KataError`` for an unknown container, no cgroups, or a limit the kernel refuses.
    func update(_ id: String, resources: Linux.Resources) throws {
        let cgroup = try cgroup(of: id, for: "UpdateContainer")
        do {
            try cgroup.apply(CgroupResources(resources))
        } catch {
            throw KataError(.invalidArgument, "container \(id): \(error)")
        }
    }

    /// StatsContainer: the container cgroup's usage.
    /// - Throws: ``KataError`` for an unknown container or no cgroups.
    func stats(_ id: String) throws -> CgroupStats {
        let cgroup = try cgroup(of: id, for: "StatsContainer")
        do {
            return try cgroup.stats()
        } catch {
            throw KataError(.internal, "container \(id): \(error)")
        }
    }

    /// PauseContainer: freezes every process of the container.
    /// - Throws: ``KataError`` for an unknown or not running container, or a freezer failure.
    func pause(_ id: String) async throws {
        let cgroup = try cgroup(of: id, for: "PauseContainer")
        guard case .running = try container(id).state else {
            throw KataError(.failedPrecondition, "container \(id) is not running, so it cannot be paused")
        }
        do {
            try await cgroup.freeze()
        } catch {
            throw KataError(.internal, "pausing container \(id): \(error)")
        }
        containers[id]?.state = .paused
    }

    /// ResumeContainer: thaws a paused container.
    /// - Throws: ``KataError`` for an unknown or not paused container, or a freezer failure.
    func resume(_ id: String) async throws {
        let cgroup = try cgroup(of: id, for: "ResumeContainer")
        guard case .paused = try container(id).state else {
            throw KataError(.failedPrecondition, "container \(id) is not paused, so it cannot be resumed")
        }
        do {
            try await cgroup.thaw()
        } catch {
            throw KataError(.internal, "resuming container \(id): \(error)")
        }
        containers[id]?.state = .running
    }

    // MARK: Helpers

    private func cgroup(of id: String, for rpc: String) throws -> Cgroup {
        guard let cgroup = try container(id).cgroup else {
            throw KataError(.failedPrecondition, "\(rpc): the guest has no cgroup hierarchy mounted")
        }
        return cgroup
    }

    /// The container's cgroup: `linux.cgroupsPath` with systemd's "slice:prefix:name" colons as
    /// slashes (the agent as PID 1 always drives cgroupfs), or "/<cid>" when the spec has none.
    private func cgroup(for spec: Spec, containerID id: String) throws -> Cgroup? {
        guard let cgroups else { return nil }
        let components = (spec.linux?.cgroupsPath ?? "").split(whereSeparator: { $0 == "/" || $0 == ":" })
        let path = components.isEmpty ? "/\(id)" : "/" + components.joined(separator: "/")
        do {
            return try Cgroup(path: path, hierarchy: cgroups)
        } catch {
            throw KataError(.invalidArgument, "container \(id): linux.cgroupsPath: \(error)")
        }
    }

    private func container(_ id: String) throws -> Container {
        guard let container = containers[id] else {
            throw KataError(.notFound, "no container with id \(id) in this sandbox")
        }
        return container
    }

    /// The namespaces the init helper creates or joins (see ``Sandbox/namespaces(spec:pod:sandboxPID:cgroupV2:)``).
    private func namespaces(
        for spec: Spec, containerID id: String, sharedPIDNamespace: Bool, cgroup: Cgroup?
    ) throws -> [Linux.Namespace] {
        var sandboxPID: String?
        if sharedPIDNamespace, let pid = podInit {
            sandboxPID = "/proc/\(pid)/ns/pid"
            guard FileSystem.exists(sandboxPID ?? "") else {
                throw KataError(
                    .failedPrecondition,
                    "container \(id): the sandbox's PID namespace (of process \(pid)) has ended; recreate the pod")
            }
        }
        var cgroupV2 = false
        if case .v2? = cgroup?.hierarchy { cgroupV2 = true }
        return Self.namespaces(spec: spec, pod: podNamespaces, sandboxPID: sandboxPID, cgroupV2: cgroupV2)
    }

    /// The namespaces of a container: a new mount namespace always; the pod's IPC and UTS (the
    /// sandbox's, made by CreateSandbox); the sandbox's PID namespace when the container shares it,
    /// else a new one; on cgroup v2 a new cgroup namespace, which the helper creates once the
    /// process is in its cgroup, so the container sees its own cgroup as the root of
    /// `/sys/fs/cgroup` (the upstream agent's rule). Network stays the VM's (the VM is the pod's
    /// network sandbox); user namespaces only when the spec asks.
    /// - Parameters:
    ///   - spec: the container's spec.
    ///   - pod: the pod's namespaces; nil before CreateSandbox (each container then gets its own).
    ///   - sandboxPID: the PID namespace to join, nil for a new one.
    ///   - cgroupV2: whether the container's cgroup is on cgroup v2.
    /// - Returns: the namespaces, for the init helper.
    static func namespaces(spec: Spec, pod: PodNamespaces?, sandboxPID: String?, cgroupV2: Bool) -> [Linux.Namespace] {
        var result = [Linux.Namespace(type: .mount)]
        result += pod?.shared ?? [Linux.Namespace(type: .ipc), Linux.Namespace(type: .uts)]
        result.append(Linux.Namespace(type: .pid, path: sandboxPID))
        if cgroupV2 { result.append(Linux.Namespace(type: .cgroup)) }
        if (spec.linux?.namespaces ?? []).contains(where: { $0.type == .user }) {
            result.append(Linux.Namespace(type: .user))
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
