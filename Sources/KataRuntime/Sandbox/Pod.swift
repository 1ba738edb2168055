// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import AgentAPI
import FoundationEssentials
package import KataConfig
import KataError
package import KataLinux
package import Logging
package import NIOCore
package import QEMU
import TTRPC

/// One pod: its VM (QEMU), virtiofsd, the agent connection and its containers and processes.
///
/// The first `createContainer` boots the VM. Everything done on the host is recorded in a
/// persisted `SandboxState` before it is relied on, so that a failure undoes it and
/// `Pod.cleanup(sandboxID:)` can undo it after a crash.
package actor Pod {
    /// The VM and its helpers while the sandbox runs.
    struct Running: Sendable {
        let qemu: SupervisedChild
        let qmp: QMPClient
        let virtioFSDaemon: VirtioFSDaemon
        let client: TTRPCClient
        let agent: Grpc_AgentServiceClient
        let supportsSeccomp: Bool
    }

    /// The sandbox's lifecycle.
    enum Phase {
        case idle
        case booting(Task<Result<Running, KataError>, Never>)
        case running(Running)
        case stopped
    }

    /// The sandbox id.
    package let sandboxID: String
    let loaded: LoadedConfiguration
    let spawner: ChildSpawner
    let group: any EventLoopGroup
    let logger: Logger
    let facts: VirtualizationFacts
    let paths: VMPaths
    let layout: SharedFSLayout
    let store: StateStore
    var phase = Phase.idle
    var state: SandboxState
    var containers: [String: ContainerRecord] = [:]
    var processes: [ProcessKey: ProcessRecord] = [:]
    var health = PodHealth()
    let oomHandler: OOMHandler?
    /// Per-phase durations so far.
    package private(set) var timingsValue = PodTimings()

    /// A sandbox that boots on its first container.
    /// - Parameters:
    ///   - sandboxID: the sandbox id (containerd's sandbox or first container id).
    ///   - configuration: the loaded configuration.toml.
    ///   - spawner: the process's child spawner (QEMU and virtiofsd die with the process).
    ///   - group: event loops for the agent client.
    ///   - logger: the logger; `sid` is added.
    ///   - facts: the host's virtualization facts, for the accelerator check.
    ///   - vmRoot: the parent of VM directories (`/run/vc/vm`).
    ///   - stateRoot: the parent of state directories (`/run/vc/sbs`).
    ///   - oomHandler: receives the agent's OOM kills, before the container's wait answers.
    package init(
        sandboxID: String, configuration: LoadedConfiguration, spawner: ChildSpawner, group: any EventLoopGroup,
        logger: Logger, facts: VirtualizationFacts = .current(), vmRoot: String = VMPaths.defaultVMRoot,
        stateRoot: String = VMPaths.defaultStateRoot, oomHandler: OOMHandler? = nil
    ) {
        self.oomHandler = oomHandler
        self.sandboxID = sandboxID
        self.loaded = configuration
        self.spawner = spawner
        self.group = group
        var logger = logger
        logger[metadataKey: "sid"] = "\(sandboxID)"
        self.logger = logger
        self.facts = facts
        self.paths = VMPaths(sandboxID: sandboxID, vmRoot: vmRoot, stateRoot: stateRoot)
        self.layout = SharedFSLayout(sandboxID: sandboxID)
        self.store = StateStore(path: paths.stateFile)
        self.state = SandboxState(sandboxID: sandboxID)
    }

    /// Per-phase durations so far.
    package var timings: PodTimings { timingsValue }

    /// QEMU's pid while the VM runs (Kata reports it as every container's pid).
    package var hypervisorPID: Int32? {
        guard case .running(let running) = phase else { return nil }
        return running.qemu.pid
    }

    /// Records a phase's duration.
    func recordTiming(_ phase: WritableKeyPath<PodTimings, Duration?>, since start: ContinuousClock.Instant) {
        timingsValue[keyPath: phase] = ContinuousClock.now - start
    }

    /// Persists `state`.
    func persist() throws(KataError) {
        try store.save(state)
    }

    /// The running VM, booting it first if needed.
    /// - Parameters:
    ///   - hostname: the hostname for CreateSandbox.
    ///   - networkNamespace: the netns of the first container's spec, whose veths the VM mirrors.
    /// - Returns: the running VM.
    /// - Throws: `KataError` from the boot, or .failedPrecondition after shutdown.
    func running(hostname: String, networkNamespace: String? = nil) async throws(KataError) -> Running {
        switch phase {
        case .running(let running):
            return running
        case .booting(let task):
            return try await task.value.get()
        case .stopped:
            throw KataError(.failedPrecondition, "sandbox \(sandboxID) has been shut down")
        case .idle:
            let task = Task { await self.bootResult(hostname: hostname, networkNamespace: networkNamespace) }
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

    private func bootResult(hostname: String, networkNamespace: String?) async -> Result<Running, KataError> {
        do throws(KataError) {
            return .success(try await boot(hostname: hostname, networkNamespace: networkNamespace))
        } catch {
            return .failure(error)
        }
    }
}
