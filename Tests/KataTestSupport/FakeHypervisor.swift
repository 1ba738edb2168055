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

    /// What the VMs share about hot-plug: the observer and the queued failures.
    let hotplug = FakeHotplug()

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

    /// Calls `observer` with each hot-plug call (`addVCPUs 3`, `addMemory 1024`) as it is made,
    /// before it takes effect; a test reads the agent's calls there to prove an order.
    package func observeHotplug(_ observer: @escaping @Sendable (String) -> Void) {
        hotplug.state.withLock { $0.observer = observer }
    }

    /// Makes the next hot-plug call of any VM fail with `error`.
    package func failNextHotplug(_ error: KataError) {
        hotplug.state.withLock { $0.failures.append(error) }
    }

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
        let machine = FakeVirtualMachine(pid: pid, socket: request.paths.agentSocket, hotplug: hotplug)
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

    private let hotplug: FakeHotplug

    init(pid: Int32, socket: String, hotplug: FakeHotplug) {
        self.pid = pid
        self.agentChannel = .serial(socketPath: socket)
        self.hotplug = hotplug
    }

    /// What the sandbox did to it: `kill`, `powerOff`, `stop`, `addVCPUs <n>`, `addMemory <MiB>`.
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

/// The hot-plug observer and failures a ``FakeHypervisor`` shares with its VMs.
final class FakeHotplug: Sendable {
    struct State {
        var observer: (@Sendable (String) -> Void)?
        var failures: [KataError] = []
        var nextSlot = 0
    }

    let state = Mutex(State())

    /// Tells the observer, then throws a queued failure.
    func enter(_ call: String) throws(KataError) {
        let (observer, failure) = state.withLock { state in
            (state.observer, state.failures.isEmpty ? nil : state.failures.removeFirst())
        }
        observer?(call)
        if let failure { throw failure }
    }
}

extension FakeVirtualMachine: CPUHotplug, MemoryHotplug, VCPUThreads {
    /// Adds them all, recording `addVCPUs <count>`.
    package func addVCPUs(_ count: UInt32) async throws(KataError) -> UInt32 {
        try hotplug.enter("addVCPUs \(count)")
        calls.withLock { $0.append("addVCPUs \(count)") }
        return count
    }

    /// One made-up thread id per vCPU, the boot one first: `pid * 100 + n` (not logged).
    package func vcpuThreadIDs() async throws(KataError) -> [Int32] {
        let added = log.reduce(0) { sum, call in
            sum + (call.hasPrefix("addVCPUs ") ? Int32(call.dropFirst("addVCPUs ".count)) ?? 0 : 0)
        }
        return (0...added).map { pid * 100 + $0 }
    }

    /// Adds a DIMM at a made-up address, recording `addMemory <MiB>`.
    package func addMemory(sizeMiB: UInt64) async throws(KataError) -> HotpluggedMemory {
        try hotplug.enter("addMemory \(sizeMiB)")
        calls.withLock { $0.append("addMemory \(sizeMiB)") }
        let slot = hotplug.state.withLock { state in
            state.nextSlot += 1
            return state.nextSlot - 1
        }
        return HotpluggedMemory(slot: slot, sizeMiB: sizeMiB, guestAddress: 0x1_0000_0000 + UInt64(slot) << 30)
    }
}
