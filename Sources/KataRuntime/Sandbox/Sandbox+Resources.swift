// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import KataConfig
package import KataError
import KataLinux
package import OCISpec

/// What one container asks of the VM, from its `linux.resources` (Go's `calculateSandboxCPUs`
/// and `calculateSandboxMemory`).
package struct ContainerDemand: Sendable, Equatable {
    /// CPU quota / period, in CPUs (fractional).
    package var cpus: Double = 0
    /// How many CPUs its cpuset names; counted only when no container has a quota.
    package var cpusetCPUs: Int = 0
    /// Its memory limit plus its hugepage limits, in bytes.
    package var memoryBytes: UInt64 = 0

    /// Nothing.
    package init() {}

    /// The demand of `resources`, keeping from `previous` what `resources` does not set (an
    /// Update that names only the memory keeps the container's CPUs).
    /// - Parameters:
    ///   - resources: the container's resources.
    ///   - previous: what it asked before.
    package init(_ resources: Linux.Resources?, previous: ContainerDemand = ContainerDemand()) {
        self = previous
        if let cpu = resources?.cpu {
            if let quota = cpu.quota, let period = cpu.period {
                cpus = quota > 0 && period > 0 ? Double(quota) / Double(period) : 0
            }
            if let set = cpu.cpus { cpusetCPUs = Self.count(cpuset: set) }
        }
        if let limit = resources?.memory?.limit {
            let huge = (resources?.hugepageLimits ?? []).reduce(0) { $0 + $1.limit }
            memoryBytes = UInt64(max(0, limit)) + huge
        }
    }

    /// The CPUs a cpuset list names (`0-2,4` is 4); 0 for an empty or malformed list.
    static func count(cpuset: String) -> Int {
        var total = 0
        for part in cpuset.split(separator: ",") {
            let bounds = part.split(separator: "-", maxSplits: 1).map { Int($0.trimmingWhitespace) }
            switch bounds.count {
            case 1:
                guard bounds[0] != nil else { return 0 }
                total += 1
            case 2:
                guard let low = bounds[0], let high = bounds[1], high >= low else { return 0 }
                total += high - low + 1
            default: return 0
            }
        }
        return total
    }
}

/// The VM's size beyond its boot size, and what each container asks for.
struct SandboxResources: Sendable {
    /// Each container's demand, by id; only containers in the registry that have not exited count.
    var demands: [String: ContainerDemand] = [:]
    /// vCPUs hot-plugged since boot.
    var hotpluggedVCPUs: UInt32 = 0
    /// DIMMs hot-plugged since boot, oldest first.
    var dimms: [HotpluggedMemory] = []
    /// Resolved when the resize in progress ends; the next one waits for it (the actor is
    /// re-entered at every hot-plug call).
    var resizing: Latch<Void>?

    /// Memory hot-plugged since boot.
    var hotpluggedMemoryMiB: UInt64 { dimms.reduce(0) { $0 + $1.sizeMiB } }
}

/// The size a sandbox's VM must have: the configuration's defaults plus what its containers ask.
package struct SandboxSize: Sendable, Equatable {
    /// vCPUs.
    package var vcpus: UInt32
    /// Memory.
    package var memoryMiB: UInt64

    /// A size.
    package init(vcpus: UInt32, memoryMiB: UInt64) {
        self.vcpus = vcpus
        self.memoryMiB = memoryMiB
    }

    /// `default_vcpus` plus the containers' CPUs (or their cpusets' CPUs when none has a quota),
    /// rounded up; `default_memory` plus their memory, rounded up to MiB.
    /// - Parameters:
    ///   - demands: the containers' demands.
    ///   - qemu: the hypervisor settings.
    /// - Returns: the size.
    package static func needed(by demands: [ContainerDemand], _ qemu: QEMUSettings) -> SandboxSize {
        var cpus = demands.reduce(0) { $0 + $1.cpus }
        if cpus == 0 { cpus = Double(demands.reduce(0) { $0 + $1.cpusetCPUs }) }
        let memoryBytes = demands.reduce(UInt64(0)) { $0 + $1.memoryBytes }
        return SandboxSize(
            vcpus: UInt32((qemu.defaultVCPUs + cpus).rounded(.up)),
            memoryMiB: UInt64(qemu.defaultMemoryMiB) + (memoryBytes + (1 << 20) - 1) >> 20)
    }
}

extension Sandbox {
    /// ACPI memory hot-plug needs guest memory for the new memory's page structures: Go adds at
    /// most this many times the current memory in one step.
    static let acpiMemoryHotplugFactor: UInt64 = 48

    /// vCPUs and memory hot-plugged since the VM booted.
    package var hotplugged: (vcpus: UInt32, memoryMiB: UInt64) {
        (resources.hotpluggedVCPUs, resources.hotpluggedMemoryMiB)
    }

    /// Grows the VM to what its containers ask, with `containerID` asking `demand` from now on:
    /// vCPUs then memory are hot-plugged and the agent onlines them (OnlineCPUMem), before the
    /// container's own cgroup limits reach the agent. Nothing is done with
    /// `static_sandbox_resource_mgmt`, which sizes the VM at boot instead.
    ///
    /// The VM never shrinks: memory hot-unplug is not supported (nor by Kata), and vCPUs stay
    /// too, so that a guest cgroup never loses a CPU under it; the containers' own cgroups still
    /// cap what each uses.
    /// - Parameters:
    ///   - containerID: the container being created or updated.
    ///   - asked: its `linux.resources` (for an update, what the update names).
    ///   - running: the VM and agent.
    /// vCPUs beyond `default_maxvcpus` are capped with a warning, as Go does; memory beyond
    /// `default_maxmemory` fails, as in Go.
    /// - Throws: `KataError(.resourceExhausted)` naming `default_maxmemory` or `memory_slots` when
    ///   the pod asks for more memory than they allow (nothing is plugged for a `default_maxmemory`
    ///   refusal), or the hypervisor's and agent's errors.
    func growVM(for containerID: String, asking asked: Linux.Resources?, running: Running) async throws(KataError) {
        guard let loaded, !loaded.configuration.runtime.staticSandboxResourceMgmt else { return }
        while let busy = resources.resizing {
            do { try await busy.wait() } catch { throw KataError(.cancelled, "sizing sandbox \(sandboxID)") }
        }
        let done = Latch<Void>()
        resources.resizing = done
        defer {
            resources.resizing = nil
            done.resolve(())
        }
        resources.demands[containerID] = ContainerDemand(
            asked, previous: resources.demands[containerID] ?? ContainerDemand())
        // As Go, containers that have exited no longer count.
        let demands = resources.demands.filter { id, _ in
            switch containers[id]?.initProcess.state {
            case nil, .stopped?, .deleting?: false
            default: true
            }
        }.map(\.value)
        let needed = SandboxSize.needed(by: demands, loaded.configuration.hypervisor)
        try await grow(to: needed, loaded: loaded, running: running)
    }

    /// Checks the memory maximum first, so a pod that asks too much leaves the VM as it was.
    private func grow(to needed: SandboxSize, loaded: LoadedConfiguration, running: Running) async throws(KataError) {
        let configuration = loaded.configuration
        let qemu = configuration.hypervisor
        let host = VMCommandLine.Host.current
        let maximumVCPUs = VMCommandLine.maximumVCPUs(configuration, host: host)
        let vcpus = min(max(1, UInt32(qemu.defaultVCPUs.rounded(.up))), maximumVCPUs) + resources.hotpluggedVCPUs
        // Go caps vCPUs with a warning rather than failing the pod: its containers' CPU quotas
        // still hold, they only share fewer CPUs.
        var wantedVCPUs = needed.vcpus
        if wantedVCPUs > maximumVCPUs {
            logger.warning(
                "the pod's containers need more vCPUs than default_maxvcpus allows; capped",
                metadata: [
                    "needed": "\(needed.vcpus)", "default_maxvcpus": "\(maximumVCPUs)",
                    "file": "\(loaded.file(settingKey: "hypervisor.qemu.default_maxvcpus"))",
                ])
            wantedVCPUs = maximumVCPUs
        }
        let memory = UInt64(qemu.defaultMemoryMiB) + resources.hotpluggedMemoryMiB
        let blockMiB = running.details.memoryBlockSizeBytes >> 20
        var memoryToAdd: UInt64 = 0
        if needed.memoryMiB > memory {
            if blockMiB == 0 {
                logger.warning(
                    "the guest kernel cannot hot-plug memory; the pod's memory limits cannot be guaranteed",
                    metadata: ["wanted-mib": "\(needed.memoryMiB)", "memory-mib": "\(memory)"])
            } else {
                memoryToAdd = (needed.memoryMiB - memory + blockMiB - 1) / blockMiB * blockMiB
            }
        }
        let maximumMemory = qemu.defaultMaxMemoryMiB > 0 ? qemu.defaultMaxMemoryMiB : host.memoryMiB
        guard memoryToAdd == 0 || memory + memoryToAdd <= maximumMemory else {
            throw KataError(
                .resourceExhausted,
                "sandbox \(sandboxID): its containers need \(memory + memoryToAdd) MiB of memory with default_memory, "
                    + "more than the \(maximumMemory) MiB of default_maxmemory; raise default_maxmemory in "
                    + "[hypervisor.qemu] of \(loaded.file(settingKey: "hypervisor.qemu.default_maxmemory")) or lower "
                    + "the pod's memory limits")
        }
        if wantedVCPUs > vcpus {
            try await addVCPUs(wantedVCPUs - vcpus, to: vcpus, running: running)
        }
        if memoryToAdd > 0 {
            try await addMemory(memoryToAdd, to: memory, blockMiB: blockMiB, loaded: loaded, running: running)
        }
    }

    private func addVCPUs(_ count: UInt32, to current: UInt32, running: Running) async throws(KataError) {
        guard let vm = running.vm as? any CPUHotplug else {
            throw KataError(
                .unimplemented,
                "sandbox \(sandboxID): the hypervisor cannot hot-plug vCPUs; set static_sandbox_resource_mgmt = true "
                    + "to size the VM at boot")
        }
        let added = try await vm.addVCPUs(count)
        resources.hotpluggedVCPUs += added
        logger.info(
            "hot-plugged vcpus", metadata: ["added": "\(added)", "vcpus": "\(current + added)"])
        if added > 0 {
            await placeVCPUThreads(running.vm)
            try await running.agent.onlineCPUMem(cpus: current + added, cpuOnly: true)
        }
        guard added == count else {
            throw KataError(
                .resourceExhausted,
                "sandbox \(sandboxID): failed to hot add vCPUs: only \(added) vCPUs of \(count) were added")
        }
    }

    /// Adds `amountMiB` (a multiple of the block size) in DIMMs of at most
    /// ``acpiMemoryHotplugFactor`` times the memory already there, each onlined before the next.
    private func addMemory(
        _ amountMiB: UInt64, to current: UInt64, blockMiB: UInt64, loaded: LoadedConfiguration, running: Running
    ) async throws(KataError) {
        guard let vm = running.vm as? any MemoryHotplug else {
            throw KataError(
                .unimplemented,
                "sandbox \(sandboxID): the hypervisor cannot hot-plug memory; set static_sandbox_resource_mgmt = true "
                    + "to size the VM at boot")
        }
        let slots = loaded.configuration.hypervisor.memorySlots
        var size = current
        var left = amountMiB
        while left > 0 {
            guard resources.dimms.count < slots else {
                throw KataError(
                    .resourceExhausted,
                    "sandbox \(sandboxID): all \(slots) memory slots are used; raise memory_slots in "
                        + "[hypervisor.qemu] of \(loaded.file(settingKey: "hypervisor.qemu.memory_slots"))")
            }
            let step = min(left, max(blockMiB, size * Self.acpiMemoryHotplugFactor / blockMiB * blockMiB))
            let dimm = try await vm.addMemory(sizeMiB: step)
            resources.dimms.append(dimm)
            size += step
            left -= step
            logger.info("hot-plugged memory", metadata: ["added-mib": "\(step)", "memory-mib": "\(size)"])
            if running.details.needsMemoryHotplugProbe, let address = dimm.guestAddress {
                try await running.agent.memHotplugByProbe(addresses: [address])
            }
            try await running.agent.onlineCPUMem(cpus: 0, cpuOnly: false)
        }
    }
}
