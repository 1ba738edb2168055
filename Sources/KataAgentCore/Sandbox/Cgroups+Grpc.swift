// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import AgentAPI
import Cgroups
import KataError

// The wire's LinuxResources and CgroupStats, converted once at the edge. proto3 has no "unset"
// for scalars, so 0 means "not set", as Kata hosts send it.

extension CgroupResources {
    /// The resources of an OCI spec; device rules come from `linux.resources.devices`, then an
    /// allow rule per device the spec creates, then runc's always-allowed devices.
    /// - Throws: ``KataError`` `invalidArgument` for an unknown device rule type.
    init(_ resources: Grpc_LinuxResources, createdDevices: [Grpc_LinuxDevice] = []) throws {
        self.init()
        if resources.hasMemory {
            let wire = resources.memory
            var memory = Memory()
            memory.limit = wire.limit == 0 ? nil : wire.limit
            memory.reservation = wire.reservation == 0 ? nil : wire.reservation
            memory.swap = wire.swap == 0 ? nil : wire.swap
            memory.kernelTCP = wire.kernelTcp == 0 ? nil : wire.kernelTcp
            memory.swappiness = wire.swappiness == 0 ? nil : wire.swappiness
            memory.disableOOMKiller = wire.disableOomkiller
            self.memory = memory
        }
        if resources.hasCpu {
            let wire = resources.cpu
            var cpu = CPU()
            cpu.shares = wire.shares == 0 ? nil : wire.shares
            cpu.quota = wire.quota == 0 ? nil : wire.quota
            cpu.period = wire.period == 0 ? nil : wire.period
            cpu.realtimeRuntime = wire.realtimeRuntime == 0 ? nil : wire.realtimeRuntime
            cpu.realtimePeriod = wire.realtimePeriod == 0 ? nil : wire.realtimePeriod
            cpu.cpus = wire.cpus.isEmpty ? nil : wire.cpus
            cpu.mems = wire.mems.isEmpty ? nil : wire.mems
            self.cpu = cpu
        }
        if resources.hasPids, resources.pids.limit != 0 { pids = resources.pids.limit }
        if resources.hasBlockIo {
            let wire = resources.blockIo
            var blockIO = BlockIO()
            blockIO.weight = wire.weight == 0 ? nil : UInt16(clamping: wire.weight)
            blockIO.weightDevices = wire.weightDevice.map {
                WeightDevice(major: $0.major, minor: $0.minor, weight: UInt16(clamping: $0.weight))
            }
            let throttle: ([Grpc_LinuxThrottleDevice]) -> [ThrottleDevice] = { devices in
                devices.map { ThrottleDevice(major: $0.major, minor: $0.minor, rate: $0.rate) }
            }
            blockIO.readBPS = throttle(wire.throttleReadBpsDevice)
            blockIO.writeBPS = throttle(wire.throttleWriteBpsDevice)
            blockIO.readIOPS = throttle(wire.throttleReadIopsdevice)
            blockIO.writeIOPS = throttle(wire.throttleWriteIopsdevice)
            self.blockIO = blockIO
        }
        hugepageLimits = resources.hugepageLimits.map { HugepageLimit(pageSize: $0.pagesize, limit: $0.limit) }
        devices = try resources.devices.map { rule in
            let kind: DeviceRule.Kind
            switch rule.type {
            case "", "a": kind = .all
            case "c", "u": kind = .character
            case "b": kind = .block
            default:
                throw KataError(
                    .invalidArgument, "linux.resources.devices: unknown device type \"\(rule.type)\" (use a, b or c)")
            }
            return DeviceRule(
                allow: rule.allow, kind: kind, major: rule.major < 0 ? nil : rule.major,
                minor: rule.minor < 0 ? nil : rule.minor, access: rule.access.isEmpty ? "rwm" : rule.access)
        }
        if !devices.isEmpty {
            for device in createdDevices where device.type == "c" || device.type == "b" || device.type == "u" {
                devices.append(
                    DeviceRule(
                        allow: true, kind: device.type == "b" ? .block : .character, major: device.major,
                        minor: device.minor, access: "rwm"))
            }
            devices += Self.defaultAllowedDevices
        }
    }
}

extension Grpc_CgroupStats {
    /// The wire form of a cgroup's statistics.
    init(_ stats: CgroupStats) {
        self.init()
        cpuStats = .with {
            $0.cpuUsage = .with { usage in
                usage.totalUsage = stats.cpu.totalUsage
                usage.percpuUsage = stats.cpu.perCPUUsage
                usage.usageInKernelmode = stats.cpu.kernelUsage
                usage.usageInUsermode = stats.cpu.userUsage
            }
            $0.throttlingData = .with { throttling in
                throttling.periods = stats.cpu.periods
                throttling.throttledPeriods = stats.cpu.throttledPeriods
                throttling.throttledTime = stats.cpu.throttledTime
            }
        }
        func data(_ data: CgroupStats.MemoryData) -> Grpc_MemoryData {
            .with {
                $0.usage = data.usage
                $0.maxUsage = data.maxUsage
                $0.failcnt = data.failcnt
                $0.limit = data.limit
            }
        }
        memoryStats = .with {
            $0.cache = stats.memory.cache
            $0.usage = data(stats.memory.usage)
            $0.swapUsage = data(stats.memory.swapUsage)
            $0.kernelUsage = data(stats.memory.kernelUsage)
            $0.useHierarchy = stats.memory.useHierarchy
            $0.stats = stats.memory.stats
        }
        pidsStats = .with {
            $0.current = stats.pids.current
            $0.limit = stats.pids.limit
        }
        func entries(_ entries: [CgroupStats.BlockIOEntry]) -> [Grpc_BlkioStatsEntry] {
            entries.map { entry in
                .with {
                    $0.major = entry.major
                    $0.minor = entry.minor
                    $0.op = entry.op
                    $0.value = entry.value
                }
            }
        }
        blkioStats = .with {
            $0.ioServiceBytesRecursive = entries(stats.blockIO.serviceBytes)
            $0.ioServicedRecursive = entries(stats.blockIO.serviced)
            $0.ioQueuedRecursive = entries(stats.blockIO.queued)
            $0.ioServiceTimeRecursive = entries(stats.blockIO.serviceTime)
            $0.ioWaitTimeRecursive = entries(stats.blockIO.waitTime)
            $0.ioMergedRecursive = entries(stats.blockIO.merged)
            $0.ioTimeRecursive = entries(stats.blockIO.time)
            $0.sectorsRecursive = entries(stats.blockIO.sectors)
        }
        hugetlbStats = stats.hugetlb.mapValues { usage in
            .with {
                $0.usage = usage.usage
                $0.maxUsage = usage.maxUsage
                $0.failcnt = usage.failcnt
            }
        }
    }
}
