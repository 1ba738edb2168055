// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import KataConfig
package import KataError
package import KataLinux
package import Logging
package import NIOCore

/// What a sandbox works with: the hypervisor, the way to its agent, and the host's facts and
/// paths. Production uses ``production(sandboxID:spawner:group:logger:)``; tests put fakes here.
package struct SandboxEnvironment: Sendable {
    /// Boots the VM.
    package var hypervisor: any Hypervisor
    /// Connects to the VM's agent.
    package var agentConnector: any AgentConnector
    /// The host's cgroups, which the shim joins so QEMU and virtiofsd are accounted to the pod.
    package var hostCgroups: any HostCgroups
    /// The host's virtualization facts, for the accelerator check.
    package var facts: VirtualizationFacts
    /// The host's CPUs and memory, for the limits on annotations.
    package var host = HostResources.current()
    /// The parent of VM directories (`/run/vc/vm`).
    package var vmRoot: String
    /// The parent of state directories (`/run/vc/sbs`).
    package var stateRoot: String
    /// How long a container's exit 137 waits for the agent's OOM event before it is reported (see
    /// `Sandbox.awaitOOMEvent(of:)`).
    package var oomEventGrace: Duration = .seconds(1)
    /// How often the running VM's agent is asked Health.Check (Go's monitor: every 5 s); nil asks
    /// never (the fakes of unit tests, whose call lists a periodic check would interleave).
    package var healthCheckInterval: Duration?
    /// How long one Health.Check may take before the agent counts as gone.
    package var healthCheckTimeout: Duration = AgentRPC.check.timeout(createContainer: .zero) ?? .seconds(30)

    /// An environment.
    /// - Parameters:
    ///   - hypervisor: the hypervisor.
    ///   - agentConnector: the agent connector.
    ///   - hostCgroups: the host's cgroups (a fake in tests: the real one moves the calling process).
    ///   - facts: the host's virtualization facts.
    ///   - vmRoot: the parent of VM directories.
    ///   - stateRoot: the parent of state directories.
    package init(
        hypervisor: any Hypervisor, agentConnector: any AgentConnector, hostCgroups: any HostCgroups,
        facts: VirtualizationFacts = .current(),
        vmRoot: String = VMPaths.defaultVMRoot, stateRoot: String = VMPaths.defaultStateRoot
    ) {
        self.hypervisor = hypervisor
        self.agentConnector = agentConnector
        self.hostCgroups = hostCgroups
        self.facts = facts
        self.vmRoot = vmRoot
        self.stateRoot = stateRoot
    }

    /// QEMU and the agent over ttRPC, with the standard paths.
    /// - Parameters:
    ///   - sandboxID: the sandbox.
    ///   - spawner: the process's child spawner.
    ///   - group: event loops for the agent client.
    ///   - logger: the sandbox's logger.
    /// - Returns: the environment.
    package static func production(
        sandboxID: String, spawner: ChildSpawner, group: any EventLoopGroup, logger: Logger
    ) -> SandboxEnvironment {
        var environment = SandboxEnvironment(
            hypervisor: QEMUHypervisor(spawner: spawner, logger: logger),
            agentConnector: TTRPCAgentConnector(sandboxID: sandboxID, group: group, logger: logger),
            hostCgroups: CgroupfsHostCgroups())
        environment.healthCheckInterval = .seconds(5)
        return environment
    }

    /// Loads configuration.toml the way Kata finds it: the path the client named, else
    /// `KATA_CONF_FILE`, else the default locations.
    /// - Parameters:
    ///   - configPath: the client's path, if any.
    ///   - environment: the process environment.
    /// - Returns: the loaded configuration.
    /// - Throws: `KataError(.invalidArgument)` with the loader's message (file, line, key).
    package static func loadConfiguration(
        _ configPath: String?, environment: [String: String]
    ) throws(KataError) -> LoadedConfiguration {
        do {
            return try ConfigLoader(host: HostResources.current()).load(
                configPath: configPath, environment: environment)
        } catch {
            throw KataError(.invalidArgument, "configuration: \(error)")
        }
    }
}
