// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import FoundationEssentials
package import KataConfig
package import KataError
import KataLinux
package import Logging
import OCISpec

/// One sandbox (pod): its VM, its agent, and the one registry of its containers and processes
/// with the lifecycle containerd expects (state transitions, NOT_FOUND for unknown ids, Wait
/// before Start, Delete only when stopped). The shim serves it; its events go to the sink.
///
/// The first container's Create loads the configuration and boots the VM; the last container's
/// Delete shuts it down. Everything done on the host is recorded in a persisted `SandboxState`
/// before it is relied on, so that a failure undoes it and `Sandbox.cleanup(sandboxID:)` can undo
/// it after a crash.
package actor Sandbox {
    /// How long an exit waits for the process's output to reach the client (runc waits 2 s).
    package static let outputDrainTimeout: Duration = .seconds(2)

    /// The VM and its agent while the sandbox runs.
    struct Running: Sendable {
        let vm: any VirtualMachine
        let agent: any AgentClient
        let details: GuestDetails
        /// Whether CreateSandbox set up the sandbox shm that containers' `/dev/shm` binds.
        let sandboxHasSHM: Bool
    }

    /// The VM's lifecycle.
    enum Phase {
        case idle
        case booting(Task<Result<Running, KataError>, Never>)
        case running(Running)
        case stopped
    }

    /// The sandbox id (the shim's `-id`: the pod's sandbox container, or the single container).
    package let sandboxID: String
    let environment: SandboxEnvironment
    let configure: @Sendable (String?) throws(KataError) -> LoadedConfiguration
    let stdio: any ProcessIOConnector
    let events: any TaskEventSink
    let logger: Logger
    let paths: VMPaths
    let layout: SharedFSLayout
    let store: StateStore
    /// The configuration, from the first Create on.
    var loaded: LoadedConfiguration?
    var phase = Phase.idle
    var state: SandboxState
    /// Every container and exec the client created and has not deleted.
    var containers: [String: ContainerRecord] = [:]
    /// The owned tasks that wait for each started process's exit.
    var monitors: [ProcessKey: Task<Void, Never>] = [:]
    var health = SandboxHealth()
    /// Where the shim was before it joined the sandbox's host cgroups, while it is in them.
    var cgroupMembership: HostCgroupMembership?
    /// The sandbox's host cgroups, while the shim is in them.
    var cgroupPlan: SandboxCgroupPlan?
    /// What the containers ask of the VM and what was hot-plugged for them.
    var resources = SandboxResources()
    /// Per-phase durations so far.
    package internal(set) var timings = SandboxTimings()

    /// A sandbox that boots on its first container.
    /// - Parameters:
    ///   - sandboxID: the sandbox id.
    ///   - environment: the hypervisor, the agent connector and the host's paths.
    ///   - configure: loads the configuration for the first Create (with the path the client named).
    ///   - stdio: opens the client's end of each process's stdio.
    ///   - events: where lifecycle events go.
    ///   - logger: the logger; `sid` is added.
    package init(
        sandboxID: String, environment: SandboxEnvironment,
        configure: @escaping @Sendable (String?) throws(KataError) -> LoadedConfiguration,
        stdio: any ProcessIOConnector, events: any TaskEventSink, logger: Logger
    ) {
        self.sandboxID = sandboxID
        self.environment = environment
        self.configure = configure
        self.stdio = stdio
        self.events = events
        var logger = logger
        logger[metadataKey: "sid"] = "\(sandboxID)"
        self.logger = logger
        self.paths = VMPaths(sandboxID: sandboxID, vmRoot: environment.vmRoot, stateRoot: environment.stateRoot)
        self.layout = SharedFSLayout(sandboxID: sandboxID)
        self.store = StateStore(path: paths.stateFile)
        self.state = SandboxState(sandboxID: sandboxID)
    }

    /// Whether no container is known (Shutdown may end the shim).
    package var isEmpty: Bool { containers.isEmpty }

    /// The hypervisor's pid while the VM runs (Kata reports it as every container's pid).
    package var hypervisorPID: Int32? {
        guard case .running(let running) = phase else { return nil }
        return running.vm.pid
    }

    /// Records a phase's duration.
    func recordTiming(_ phase: WritableKeyPath<SandboxTimings, Duration?>, since start: ContinuousClock.Instant) {
        timings[keyPath: phase] = ContinuousClock.now - start
    }

    /// Persists `state`.
    func persist() throws(KataError) {
        try store.save(state)
    }

    /// The sandbox's configuration, made by the first call: configuration.toml (at the client's
    /// path) with the first container's annotations and sizing applied (``SandboxConfiguration``).
    /// Later containers get the same one; their annotations change nothing, as in Kata Go.
    func configuration(for creation: ContainerCreation) throws(KataError) -> LoadedConfiguration {
        if let loaded { return loaded }
        let file = try configure(creation.configPath)
        let spec: OCISpec.Spec
        do {
            spec = try OCISpec.Bundle.load(path: creation.bundle).spec
        } catch {
            throw KataError(.invalidArgument, "container \(creation.id): \(error)")
        }
        let loaded = try SandboxConfiguration.resolve(file, spec: spec, host: environment.host, sandboxID: sandboxID)
        self.loaded = loaded
        return loaded
    }

    /// The running VM, booting it first if needed.
    /// - Parameters:
    ///   - loaded: the configuration.
    ///   - networkNamespace: the netns of the first container's spec, whose veths the VM mirrors.
    ///   - cgroupsPath: the first container's `linux.cgroupsPath`, beside which the host cgroups go.
    ///   - pod: what CreateSandbox says of the pod; asked only when this call boots the VM.
    /// - Returns: the running VM.
    /// - Throws: `KataError` from the boot, or .failedPrecondition after shutdown.
    func running(
        _ loaded: LoadedConfiguration, networkNamespace: String?, cgroupsPath: String?,
        pod: () throws(KataError) -> GuestSandbox.Pod
    ) async throws(KataError) -> Running {
        switch phase {
        case .running(let running):
            return running
        case .booting(let task):
            return try await task.value.get()
        case .stopped:
            throw KataError(.failedPrecondition, "sandbox \(sandboxID) has been shut down")
        case .idle:
            let pod = try pod()
            let task = Task {
                await self.bootResult(
                    loaded, pod: pod, networkNamespace: networkNamespace, cgroupsPath: cgroupsPath)
            }
            phase = .booting(task)
            let result = await task.value
            // A shutdown during the boot owns the VM now (it awaited the same task).
            guard case .booting = phase else {
                throw KataError(.failedPrecondition, "sandbox \(sandboxID) was shut down while it booted")
            }
            switch result {
            case .success(let running):
                phase = .running(running)
                startWatching(running)
            case .failure: phase = .idle
            }
            return try result.get()
        }
    }

    /// The running VM, without booting.
    /// - Parameter operation: what needs it, for the message.
    /// - Returns: the running VM.
    /// - Throws: `KataError(.failedPrecondition)` when the VM is not running.
    func runningVM(_ operation: String) throws(KataError) -> Running {
        guard case .running(let running) = phase else {
            throw KataError(.failedPrecondition, "\(operation): sandbox \(sandboxID) has no running VM")
        }
        return running
    }

    private func bootResult(
        _ loaded: LoadedConfiguration, pod: GuestSandbox.Pod, networkNamespace: String?, cgroupsPath: String?
    ) async -> Result<Running, KataError> {
        do throws(KataError) {
            return .success(
                try await boot(loaded, pod: pod, networkNamespace: networkNamespace, cgroupsPath: cgroupsPath)
            )
        } catch {
            return .failure(error)
        }
    }

    // MARK: Registry

    func container(_ id: String) throws(KataError) -> ContainerRecord {
        guard let container = containers[id] else {
            throw KataError(.notFound, "container \(id): not found")
        }
        return container
    }

    func process(_ key: ProcessKey) throws(KataError) -> ProcessRecord {
        let container = try container(key.containerID)
        guard let execID = key.execID else { return container.initProcess }
        guard let record = container.execs[execID] else {
            throw KataError(.notFound, "exec \(execID) in container \(key.containerID): not found")
        }
        return record
    }

    func update(_ key: ProcessKey, _ body: (inout ProcessRecord) -> Void) {
        if let execID = key.execID {
            guard var record = containers[key.containerID]?.execs[execID] else { return }
            body(&record)
            containers[key.containerID]?.execs[execID] = record
        } else {
            guard var record = containers[key.containerID]?.initProcess else { return }
            body(&record)
            containers[key.containerID]?.initProcess = record
        }
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
