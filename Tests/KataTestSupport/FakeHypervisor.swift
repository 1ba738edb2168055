// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Foundation
package import KataError
import KataLinux
package import KataRuntime
import Synchronization

/// A hypervisor that boots nothing: it records each boot and hands out a ``FakeVirtualMachine``,
/// or fails at the step a test names.
package final class FakeHypervisor: Hypervisor {
    /// Where a boot fails.
    package enum Failure: Sendable {
        /// Before anything starts.
        case beforeStart(KataError)
        /// After the shared file system daemon was recorded, before the hypervisor starts.
        case afterDaemon(KataError)
    }

    private struct State {
        var failures: [Failure] = []
        var machines: [FakeVirtualMachine] = []
        var requests: [VMBootRequest] = []
    }

    private let state = Mutex(State())
    /// The pid the next VM reports; the test process's own, so nothing else is ever signalled.
    package let pid: Int32

    /// A hypervisor whose VMs report `pid`.
    package init(pid: Int32 = getpid()) {
        self.pid = pid
    }

    /// Makes the next boot fail (failures are used in order, one per boot).
    package func failNextBoot(_ failure: Failure) {
        state.withLock { $0.failures.append(failure) }
    }

    /// The VMs booted so far, oldest first.
    package var machines: [FakeVirtualMachine] { state.withLock { $0.machines } }

    /// How many boots were asked for, failed ones included.
    package var bootCount: Int { state.withLock { $0.requests.count } }

    /// The boot requests so far.
    package var requests: [VMBootRequest] { state.withLock { $0.requests } }

    /// Boots a fake VM, recording both processes (without identities: there is nothing to kill).
    package func boot(_ request: VMBootRequest) async throws(KataError) -> any VirtualMachine {
        let failure: Failure? = state.withLock { state in
            state.requests.append(request)
            return state.failures.isEmpty ? nil : state.failures.removeFirst()
        }
        if case .beforeStart(let error) = failure { throw error }
        try await request.record(.sharedFileSystemDaemon, nil)
        if case .afterDaemon(let error) = failure { throw error }
        try await request.record(.hypervisor, nil)
        let machine = FakeVirtualMachine(pid: pid, socket: request.paths.agentSocket)
        state.withLock { $0.machines.append(machine) }
        return machine
    }
}

/// A VM that runs until the test (or the sandbox) ends it.
package final class FakeVirtualMachine: VirtualMachine {
    private let ended = Latch<VMExit>()
    private let calls = Mutex<[String]>([])
    /// The pid it reports.
    package let pid: Int32
    /// A virtio-serial channel at the VM directory's agent socket (never connected).
    package let agentChannel: AgentChannel
    /// The start timings it reports.
    package let startTimings = VMStartTimings(sharedFileSystemDaemon: .milliseconds(1), hypervisor: .milliseconds(2))

    init(pid: Int32, socket: String) {
        self.pid = pid
        self.agentChannel = .serial(socketPath: socket)
    }

    /// What the sandbox did to it: `kill`, `powerOff`, `stop`.
    package var log: [String] { calls.withLock { $0 } }

    /// How it ended, nil while it runs.
    package var exit: VMExit? { ended.value }

    /// Waits until it ends.
    package func waitUnlessCancelled() async -> VMExit? { await ended.waitUnlessCancelled() }

    /// Ends it as SIGKILL would.
    package func kill() {
        calls.withLock { $0.append("kill") }
        ended.resolve(.signaled(9))
    }

    /// The VM crashing under the sandbox (QEMU killed from outside).
    package func crash() {
        ended.resolve(.signaled(9))
    }

    /// Runs `powerOff` while it runs, then ends (powered off: exit code 0).
    package func stop(grace: Duration, powerOff: @Sendable () async -> Void) async {
        if ended.value == nil {
            calls.withLock { $0.append("powerOff") }
            await powerOff()
        }
        calls.withLock { $0.append("stop") }
        ended.resolve(.exited(0))
    }

    /// What a failed boot's message gets appended.
    package var bootDiagnostics: String { "; the guest console's last lines: fake console" }

    /// No hypervisor output.
    package var hypervisorOutput: String { "" }
}
