// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import AgentAPI
package import OCISpec

extension Grpc_LinuxResources {
    /// The agent's resources, field by field, with nothing constrained (`OCITranslation.constrained`
    /// decides what the guest gets).
    ///
    /// Absent numbers become 0, which the agent reads as "not set". A device rule without major or
    /// minor becomes -1, the agent's wildcard. `memory.useHierarchy`, `memory.checkBeforeUpdate`,
    /// `cpu.burst`, `cpu.idle`, `rdma` and `unified` have no field in the agent protocol and are dropped.
    /// - Parameter resources: the OCI resources.
    package init(_ resources: Linux.Resources) {
        self.init()
        devices = (resources.devices ?? []).map { rule in
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
            self.memory = mem
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
            self.cpu = cpuLimits
        }
        if let pids = resources.pids {
            var limit = Grpc_LinuxPids()
            limit.limit = pids.limit
            self.pids = limit
        }
        if let blockIO = resources.blockIO {
            blockIo = Grpc_LinuxBlockIO(blockIO)
        }
        hugepageLimits = (resources.hugepageLimits ?? []).map { limit in
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
            self.network = net
        }
    }
}

extension Grpc_LinuxBlockIO {
    /// The agent's block I/O settings; absent weights are 0.
    /// - Parameter blockIO: the OCI settings.
    package init(_ blockIO: Linux.Resources.BlockIO) {
        func throttles(_ devices: [Linux.Resources.BlockIO.ThrottleDevice]?) -> [Grpc_LinuxThrottleDevice] {
            (devices ?? []).map { device in
                var throttle = Grpc_LinuxThrottleDevice()
                throttle.major = device.major
                throttle.minor = device.minor
                throttle.rate = device.rate
                return throttle
            }
        }
        self.init()
        weight = UInt32(blockIO.weight ?? 0)
        leafWeight = UInt32(blockIO.leafWeight ?? 0)
        weightDevice = (blockIO.weightDevice ?? []).map { device in
            var entry = Grpc_LinuxWeightDevice()
            entry.major = device.major
            entry.minor = device.minor
            entry.weight = UInt32(device.weight ?? 0)
            entry.leafWeight = UInt32(device.leafWeight ?? 0)
            return entry
        }
        throttleReadBpsDevice = throttles(blockIO.throttleReadBpsDevice)
        throttleWriteBpsDevice = throttles(blockIO.throttleWriteBpsDevice)
        throttleReadIopsdevice = throttles(blockIO.throttleReadIOPSDevice)
        throttleWriteIopsdevice = throttles(blockIO.throttleWriteIOPSDevice)
    }
}
