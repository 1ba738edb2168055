// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import AgentAPI
package import OCISpec

extension OCITranslation {
    /// The agent's resources from OCI resources, field by field, with nothing constrained.
    ///
    /// Absent numbers become 0, which the agent reads as "not set". A device rule without major or
    /// minor becomes -1, the agent's wildcard. `memory.useHierarchy`, `memory.checkBeforeUpdate`,
    /// `cpu.burst`, `cpu.idle`, `rdma` and `unified` have no field in the agent protocol and are dropped.
    /// - Parameter resources: the OCI resources.
    /// - Returns: the agent's resources.
    package static func resources(_ resources: Linux.Resources) -> Grpc_LinuxResources {
        var out = Grpc_LinuxResources()
        out.devices = (resources.devices ?? []).map { rule in
            var device = Grpc_LinuxDeviceCgroup()
            device.allow = rule.allow
            device.type = rule.type?.rawValue ?? ""
            device.major = rule.major ?? -1
            device.minor = rule.minor ?? -1
            device.access = rule.access ?? ""
            return device
        }
        if let memory = resources.memory {
            var mem = Grpc_LinuxMemory()
            mem.limit = memory.limit ?? 0
            mem.reservation = memory.reservation ?? 0
            mem.swap = memory.swap ?? 0
            mem.kernel = memory.kernel ?? 0
            mem.kernelTcp = memory.kernelTCP ?? 0
            mem.swappiness = memory.swappiness ?? 0
            mem.disableOomkiller = memory.disableOOMKiller ?? false
            out.memory = mem
        }
        if let cpu = resources.cpu {
            var cpuLimits = Grpc_LinuxCPU()
            cpuLimits.shares = cpu.shares ?? 0
            cpuLimits.quota = cpu.quota ?? 0
            cpuLimits.period = cpu.period ?? 0
            cpuLimits.realtimeRuntime = cpu.realtimeRuntime ?? 0
            cpuLimits.realtimePeriod = cpu.realtimePeriod ?? 0
            cpuLimits.cpus = cpu.cpus ?? ""
            cpuLimits.mems = cpu.mems ?? ""
            out.cpu = cpuLimits
        }
        if let pids = resources.pids {
            var limit = Grpc_LinuxPids()
            limit.limit = pids.limit
            out.pids = limit
        }
        if let blockIO = resources.blockIO {
            out.blockIo = Self.blockIO(blockIO)
        }
        out.hugepageLimits = (resources.hugepageLimits ?? []).map { limit in
            var hugepage = Grpc_LinuxHugepageLimit()
            hugepage.pagesize = limit.pageSize
            hugepage.limit = limit.limit
            return hugepage
        }
        if let network = resources.network {
            var net = Grpc_LinuxNetwork()
            net.classID = network.classID ?? 0
            net.priorities = (network.priorities ?? []).map { entry in
                var priority = Grpc_LinuxInterfacePriority()
                priority.name = entry.name
                priority.priority = entry.priority
                return priority
            }
            out.network = net
        }
        return out
    }

    /// `resources` as the Go runtime sends them: the guest cannot apply host device rules, and pids,
    /// block I/O and network classes are enforced on the host side of the VM; cpusets name host CPUs
    /// and NUMA nodes, which mean nothing in the guest.
    /// - Parameter resources: the field-by-field conversion.
    /// - Returns: the constrained resources.
    package static func constrained(_ resources: Grpc_LinuxResources) -> Grpc_LinuxResources {
        var out = resources
        out.devices = []
        out.clearPids()
        out.clearBlockIo()
        out.clearNetwork()
        if out.hasCpu {
            out.cpu.cpus = ""
            out.cpu.mems = ""
        }
        return out
    }

    private static func blockIO(_ blockIO: Linux.Resources.BlockIO) -> Grpc_LinuxBlockIO {
        func throttles(_ devices: [Linux.Resources.BlockIO.ThrottleDevice]?) -> [Grpc_LinuxThrottleDevice] {
            (devices ?? []).map { device in
                var throttle = Grpc_LinuxThrottleDevice()
                throttle.major = device.major
                throttle.minor = device.minor
                throttle.rate = device.rate
                return throttle
            }
        }
        var out = Grpc_LinuxBlockIO()
        out.weight = UInt32(blockIO.weight ?? 0)
        out.leafWeight = UInt32(blockIO.leafWeight ?? 0)
        out.weightDevice = (blockIO.weightDevice ?? []).map { device in
            var weight = Grpc_LinuxWeightDevice()
            weight.major = device.major
            weight.minor = device.minor
            weight.weight = UInt32(device.weight ?? 0)
            weight.leafWeight = UInt32(device.leafWeight ?? 0)
            return weight
        }
        out.throttleReadBpsDevice = throttles(blockIO.throttleReadBpsDevice)
        out.throttleWriteBpsDevice = throttles(blockIO.throttleWriteBpsDevice)
        out.throttleReadIopsdevice = throttles(blockIO.throttleReadIOPSDevice)
        out.throttleWriteIopsdevice = throttles(blockIO.throttleWriteIOPSDevice)
        return out
    }
}
