// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import KataConfig
package import KataError
package import KataLinux
package import SystemPackage

/// Boots a sandbox's VM. One driver per sandbox; QEMU's is ``QEMUHypervisor``.
///
/// Small on purpose: boot, then the ``VirtualMachine`` it returns waits and stops. Hot-plug is
/// in separate capability protocols a VM adopts when it can (``CPUHotplug``, ``MemoryHotplug``;
/// block devices and NICs later), so a driver without one says so by not conforming.
package protocol Hypervisor: Sendable {
    /// Starts the VM and the helpers it needs (virtiofsd), and returns once the hypervisor runs;
    /// the guest may still be booting.
    ///
    /// Each process is handed to `request.record` right after it starts and before anything relies
    /// on it, so a crash cleanup finds it. On failure, everything started has been stopped.
    /// - Parameter request: what to boot.
    /// - Returns: the running VM.
    /// - Throws: `KataError` naming the setting to fix where there is one.
    func boot(_ request: VMBootRequest) async throws(KataError) -> any VirtualMachine
}

/// A running VM, as the sandbox uses it.
package protocol VirtualMachine: Sendable {
    /// The hypervisor's pid, which Kata reports as every container's pid.
    var pid: Int32 { get }
    /// Where the agent listens.
    var agentChannel: AgentChannel { get }
    /// How the VM ended, or nil while it runs.
    var exit: VMExit? { get }
    /// Waits until the VM ends; nil when the calling task is cancelled first.
    func waitUnlessCancelled() async -> VMExit?
    /// Ends the VM at once (SIGKILL for QEMU); its waits then return.
    func kill()
    /// Stops the VM on purpose: stops watching its helpers, asks the guest to power off with
    /// `powerOff` (DestroySandbox) unless the VM has ended, gives it `grace` to end, kills it
    /// otherwise, waits for it and stops its helpers. Idempotent.
    func stop(grace: Duration, powerOff: @Sendable () async -> Void) async
    /// What the VM printed that explains a failed boot (the end of the guest console), as a
    /// clause to append to a message, or "" when there is nothing.
    var bootDiagnostics: String { get }
    /// The hypervisor process's own output (QEMU's stderr), for messages.
    var hypervisorOutput: String { get }
    /// How long its start took, for the sandbox's timings.
    var startTimings: VMStartTimings { get }
}

/// How long the parts of a VM's start took.
package struct VMStartTimings: Sendable, Equatable {
    /// Starting the shared file system daemon until its socket exists.
    package var sharedFileSystemDaemon: Duration?
    /// Spawning the hypervisor until its control socket is ready.
    package var hypervisor: Duration?

    /// Timings.
    package init(sharedFileSystemDaemon: Duration? = nil, hypervisor: Duration? = nil) {
        self.sharedFileSystemDaemon = sharedFileSystemDaemon
        self.hypervisor = hypervisor
    }
}

/// How a VM's hypervisor process ended.
package typealias VMExit = SupervisedChild.Termination

/// What ``Hypervisor/boot(_:)`` needs.
package struct VMBootRequest: Sendable {
    /// The sandbox.
    package var sandboxID: String
    /// The loaded configuration.toml.
    package var configuration: LoadedConfiguration
    /// The VM's sockets and files.
    package var paths: VMPaths
    /// The host directory the guest mounts as its shared file system.
    package var sharedDirectory: String
    /// The pod's NICs, in order, with their open tap (and vhost-net) descriptors.
    package var nics: [VMNetworkInterface]
    /// Records a started process for crash cleanup; a failure fails the boot.
    package var record: @Sendable (VMProcess, ProcessIdentity?) async throws(KataError) -> Void

    /// A request.
    /// - Parameters:
    ///   - sandboxID: the sandbox.
    ///   - configuration: the configuration.
    ///   - paths: the VM's paths.
    ///   - sharedDirectory: the shared directory.
    ///   - nics: the NICs.
    ///   - record: records each started process.
    package init(
        sandboxID: String, configuration: LoadedConfiguration, paths: VMPaths, sharedDirectory: String,
        nics: [VMNetworkInterface],
        record: @escaping @Sendable (VMProcess, ProcessIdentity?) async throws(KataError) -> Void
    ) {
        self.sandboxID = sandboxID
        self.configuration = configuration
        self.paths = paths
        self.sharedDirectory = sharedDirectory
        self.nics = nics
        self.record = record
    }
}

/// A process a hypervisor starts for a VM.
package enum VMProcess: Sendable, Equatable {
    /// The hypervisor itself (QEMU).
    case hypervisor
    /// The shared file system daemon (virtiofsd).
    case sharedFileSystemDaemon
}

/// A NIC to cold-plug: the guest MAC and the host descriptors behind it.
package struct VMNetworkInterface: Sendable {
    /// The netdev id, `network-<i>`.
    package var netdevID: String
    /// The guest MAC (the veth's).
    package var mac: String
    /// The tap's queues.
    package var taps: [FileDescriptor]
    /// The vhost-net descriptors, empty without vhost.
    package var vhost: [FileDescriptor]

    /// A NIC.
    /// - Parameters:
    ///   - netdevID: the netdev id.
    ///   - mac: the guest MAC.
    ///   - taps: the tap queues.
    ///   - vhost: the vhost-net descriptors.
    package init(netdevID: String, mac: String, taps: [FileDescriptor], vhost: [FileDescriptor]) {
        self.netdevID = netdevID
        self.mac = mac
        self.taps = taps
        self.vhost = vhost
    }
}
