// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

extension KataConfiguration {
    /// govmm's hard-coded KVM vCPU limit on amd64.
    static let maxVCPUs = 240
    /// Go's `MinHypervisorMemory`.
    static let minMemoryMiB: UInt32 = 256
    /// Go's `maxPCIBridges`.
    static let maxBridges: UInt32 = 5
    /// Go's limit on root and switch ports.
    static let maxPCIePorts: UInt32 = 16

    /// Replaces out-of-range values the way Kata does, with one warning per change.
    mutating func adjust(for host: HostResources, context: ConfigContext) -> [ConfigWarning] {
        var warnings: [ConfigWarning] = []
        let q = "hypervisor.qemu."
        let hostCPUs = max(1, host.cpuCount)

        // A maximum of 0 means "the host's CPU count"; that is the documented meaning, not a repair.
        if hypervisor.defaultMaxVCPUs == 0 {
            hypervisor.defaultMaxVCPUs = UInt32(hostCPUs)
        } else if hypervisor.defaultMaxVCPUs > UInt32(hostCPUs) {
            warnings.append(
                context.adjusted(
                    q + "default_maxvcpus", from: hypervisor.defaultMaxVCPUs, to: hostCPUs,
                    because: "the host has \(hostCPUs) CPUs"))
            hypervisor.defaultMaxVCPUs = UInt32(hostCPUs)
        }
        if hypervisor.defaultMaxVCPUs > UInt32(Self.maxVCPUs) {
            warnings.append(
                context.adjusted(
                    q + "default_maxvcpus", from: hypervisor.defaultMaxVCPUs, to: Self.maxVCPUs,
                    because: "KVM supports at most \(Self.maxVCPUs) vCPUs"))
            hypervisor.defaultMaxVCPUs = UInt32(Self.maxVCPUs)
        }

        let vcpuLimit = min(hostCPUs, Self.maxVCPUs)
        let vcpus = hypervisor.defaultVCPUs
        if vcpus < 0 || vcpus > Double(vcpuLimit) {
            let why = vcpus < 0 ? "it is negative" : "the host has \(vcpuLimit) usable CPUs"
            warnings.append(context.adjusted(q + "default_vcpus", from: vcpus, to: Double(vcpuLimit), because: why))
            hypervisor.defaultVCPUs = Double(vcpuLimit)
        } else if vcpus == 0 {
            warnings.append(
                context.adjusted(q + "default_vcpus", from: vcpus, to: 1.0, because: "a VM needs at least one vCPU"))
            hypervisor.defaultVCPUs = 1
        }
        // Go never checks this; QEMU refuses -smp above maxcpus, so cap it like runtime-rs does.
        if hypervisor.defaultVCPUs > Double(hypervisor.defaultMaxVCPUs) {
            warnings.append(
                context.adjusted(
                    q + "default_vcpus", from: hypervisor.defaultVCPUs, to: Double(hypervisor.defaultMaxVCPUs),
                    because: "it cannot exceed default_maxvcpus"))
            hypervisor.defaultVCPUs = Double(hypervisor.defaultMaxVCPUs)
        }

        if hypervisor.defaultMemoryMiB < Self.minMemoryMiB {
            warnings.append(
                context.adjusted(
                    q + "default_memory", from: hypervisor.defaultMemoryMiB, to: 2048,
                    because: "it is below the \(Self.minMemoryMiB) MiB minimum"))
            hypervisor.defaultMemoryMiB = 2048
        }
        if hypervisor.memorySlots == 0 {
            warnings.append(context.adjusted(q + "memory_slots", from: 0, to: 10, because: "0 slots is not usable"))
            hypervisor.memorySlots = 10
        }
        if hypervisor.defaultMaxMemoryMiB == 0 {
            hypervisor.defaultMaxMemoryMiB = host.memoryMiB
        } else if hypervisor.defaultMaxMemoryMiB > host.memoryMiB {
            warnings.append(
                context.adjusted(
                    q + "default_maxmemory", from: hypervisor.defaultMaxMemoryMiB, to: host.memoryMiB,
                    because: "the host has \(host.memoryMiB) MiB of RAM"))
            hypervisor.defaultMaxMemoryMiB = host.memoryMiB
        }
        warnings += adjustDevices(context: context)
        return warnings
    }

    private mutating func adjustDevices(context: ConfigContext) -> [ConfigWarning] {
        var warnings: [ConfigWarning] = []
        let q = "hypervisor.qemu."
        if hypervisor.defaultBridges == 0 {
            warnings.append(
                context.adjusted(q + "default_bridges", from: 0, to: 1, because: "at least one PCI bridge is needed"))
            hypervisor.defaultBridges = 1
        } else if hypervisor.defaultBridges > Self.maxBridges {
            warnings.append(
                context.adjusted(
                    q + "default_bridges", from: hypervisor.defaultBridges, to: Self.maxBridges,
                    because: "QEMU supports at most \(Self.maxBridges) PCI bridges"))
            hypervisor.defaultBridges = Self.maxBridges
        }
        for (key, value) in [
            ("pcie_root_port", hypervisor.pcieRootPort), ("pcie_switch_port", hypervisor.pcieSwitchPort),
        ]
        where value > Self.maxPCIePorts {
            warnings.append(
                context.adjusted(
                    q + key, from: value, to: Self.maxPCIePorts,
                    because: "at most \(Self.maxPCIePorts) ports are supported"))
            if key == "pcie_root_port" {
                hypervisor.pcieRootPort = Self.maxPCIePorts
            } else {
                hypervisor.pcieSwitchPort = Self.maxPCIePorts
            }
        }
        if hypervisor.hypervisorLogLevel == 0 {
            warnings.append(
                context.adjusted(q + "hypervisor_loglevel", from: 0, to: 1, because: "the lowest level is 1"))
            hypervisor.hypervisorLogLevel = 1
        } else if hypervisor.hypervisorLogLevel > 3 {
            warnings.append(
                context.adjusted(
                    q + "hypervisor_loglevel", from: hypervisor.hypervisorLogLevel, to: 3,
                    because: "the highest level is 3"))
            hypervisor.hypervisorLogLevel = 3
        }
        if hypervisor.msize9p == 0 {
            warnings.append(
                context.adjusted(q + "msize_9p", from: 0, to: 8192, because: "0 is not a usable 9p message size"))
            hypervisor.msize9p = 8192
        }
        if !hypervisor.disableImageNVDIMM, hypervisor.machineType == .microvm || hypervisor.confidentialGuest {
            let why =
                hypervisor.machineType == .microvm
                ? "machine_type microvm has no NVDIMM" : "confidential guests cannot use an NVDIMM image"
            warnings.append(context.adjusted(q + "disable_image_nvdimm", from: false, to: true, because: why))
            hypervisor.disableImageNVDIMM = true
        }
        return warnings
    }
}
