// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import Cgroups
package import KataConfig
package import KataError
package import OCISpec

/// The guest agent as the sandbox uses it, in domain types (kata-agent spec §2-§8).
///
/// Made of small capability protocols, one per group of RPCs; ``TTRPCAgentClient`` implements
/// them over the generated ttRPC client (`Agent/Wire/`), and tests fake them. Every method throws
/// `KataError` with the agent's status code; a lost connection is `.unavailable` naming the RPC.
package typealias AgentClient = SandboxAgent & ContainerAgent & ProcessAgent & StreamAgent & NetworkAgent
    & ResourceAgent & AgentConnection

/// The connection itself.
package protocol AgentConnection: Sendable {
    /// Closes the connection; calls in flight fail.
    func close() async
}

/// Sandbox-wide calls.
package protocol SandboxAgent: Sendable {
    /// CreateSandbox: hostname, shared storages, kernel modules.
    func createSandbox(_ sandbox: GuestSandbox) async throws(KataError)
    /// GetGuestDetails: what the agent supports.
    func guestDetails() async throws(KataError) -> GuestDetails
    /// DestroySandbox: the agent stops every container and powers the guest off.
    func destroySandbox() async throws(KataError)
    /// GetOOMEvent: waits (no deadline) for the next OOM kill and returns its container's id.
    func nextOOMEvent() async throws(KataError) -> String
    /// Health.Check: returns once the agent answers SERVING, within `timeout`.
    func check(timeout: Duration) async throws(KataError)
}

/// Guest resources after the VM grew (kata-agent spec §4: OnlineCPUMem, MemHotplugByProbe).
package protocol ResourceAgent: Sendable {
    /// OnlineCPUMem: onlines hot-plugged CPUs until `cpus` are online (0: none), then, unless
    /// `cpuOnly`, every offline memory block.
    func onlineCPUMem(cpus: UInt32, cpuOnly: Bool) async throws(KataError)
    /// MemHotplugByProbe: announces memory at these guest physical addresses through the guest's
    /// sysfs probe file, for kernels that do not see ACPI memory hot-plug by themselves.
    func memHotplugByProbe(addresses: [UInt64]) async throws(KataError)
}

/// Container calls.
package protocol ContainerAgent: Sendable {
    /// CreateContainer; its init process waits for StartContainer.
    func createContainer(_ container: GuestContainer) async throws(KataError)
    /// StartContainer.
    func startContainer(_ id: String) async throws(KataError)
    /// RemoveContainer.
    func removeContainer(_ id: String) async throws(KataError)
    /// PauseContainer (freezes its cgroup).
    func pauseContainer(_ id: String) async throws(KataError)
    /// ResumeContainer.
    func resumeContainer(_ id: String) async throws(KataError)
    /// UpdateContainer with constrained resources.
    func updateContainer(_ id: String, resources: Linux.Resources) async throws(KataError)
    /// StatsContainer: the container's cgroup statistics.
    func statsContainer(_ id: String) async throws(KataError) -> CgroupStats
}

/// Process calls; a container's init is the process whose key has no exec id.
package protocol ProcessAgent: Sendable {
    /// ExecProcess: starts `process` as exec `key.execID` in its container.
    func execProcess(_ key: ProcessKey, process: Process) async throws(KataError)
    /// SignalProcess; with `allProcesses`, every process of the container.
    func signalProcess(_ key: ProcessKey, signal: UInt32, allProcesses: Bool) async throws(KataError)
    /// WaitProcess: waits (no deadline) for the process to end and returns its exit status.
    func waitProcess(_ key: ProcessKey) async throws(KataError) -> Int32
    /// TtyWinResize.
    func resizeTerminal(_ key: ProcessKey, width: UInt32, height: UInt32) async throws(KataError)
}

/// A process's standard streams (spec §6).
package protocol StreamAgent: Sendable {
    /// ReadStdout: at most `maximum` bytes, waiting for output; empty at end of stream.
    func readStdout(_ key: ProcessKey, maximum: UInt32) async throws(KataError) -> [UInt8]
    /// ReadStderr: as readStdout.
    func readStderr(_ key: ProcessKey, maximum: UInt32) async throws(KataError) -> [UInt8]
    /// WriteStdin: returns how many of `bytes` the agent took.
    func writeStdin(_ key: ProcessKey, _ bytes: [UInt8]) async throws(KataError) -> Int
    /// CloseStdin: end of file for the process.
    func closeStdin(_ key: ProcessKey) async throws(KataError)
}

/// The guest's network (spec §8).
package protocol NetworkAgent: Sendable {
    /// UpdateInterface: configures the NIC with that MAC.
    func updateInterface(_ interface: GuestInterface) async throws(KataError)
    /// UpdateRoutes: replaces the guest's routes.
    func updateRoutes(_ routes: [GuestRoute]) async throws(KataError)
    /// AddARPNeighbors (an agent without it answers `.unimplemented`).
    func addARPNeighbors(_ neighbors: [GuestNeighbor]) async throws(KataError)
}

/// Connects to the agent of a booted VM.
package protocol AgentConnector: Sendable {
    /// Dials the VM's agent channel until the agent answers its health check, for at most
    /// `dial_timeout`; the client's timeouts follow the configuration (`create_container_timeout`).
    /// - Parameters:
    ///   - vm: the VM; its end stops the wait at once.
    ///   - configuration: the sandbox's configuration.
    /// - Returns: a connected client.
    /// - Throws: `KataError` (.deadlineExceeded naming `dial_timeout`, .internal when the VM died).
    func connect(
        to vm: any VirtualMachine, configuration: LoadedConfiguration
    ) async throws(KataError)
        -> any AgentClient
}
