// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import AgentAPI
import KataError
import OCISpec

// grpc.LinuxResources (oci.proto), both ways: a container's spec and UpdateContainer carry it.
// See Spec+Wire.swift for the rules. A device rule's major or minor of -1 (or any negative) is
// "all", nil here and -1 on the way back.

extension Linux.Resources {
    /// The cgroup limits the host sent.
    /// - Throws: `KataError(.invalidArgument)` for an unknown device rule type.
    init(_ wire: Grpc_LinuxResources) throws(KataError) {
        self.init(
            devices: try wire.devices.map { (rule) throws(KataError) in try DeviceRule(rule) }.nonEmpty,
            memory: wire.hasMemory ? Memory(wire.memory) : nil,
            cpu: wire.hasCpu ? CPU(wire.cpu) : nil,
            pids: wire.hasPids ? Pids(limit: wire.pids.limit) : nil,
            blockIO: wire.hasBlockIo ? BlockIO(wire.blockIo) : nil,
            hugepageLimits: wire.hugepageLimits.map { HugepageLimit(pageSize: $0.pagesize, limit: $0.limit) }.nonEmpty)
    }
}

extension Grpc_LinuxResources {
    /// The wire form of cgroup limits.
    init(_ resources: Linux.Resources) {
        self.init()
        devices = (resources.devices ?? []).map { rule in
            .with {
                $0.allow = rule.allow
                $0.type = rule.type?.rawValue ?? ""
                $0.major = rule.major ?? -1
                $0.minor = rule.minor ?? -1
                $0.access = rule.access ?? ""
            }
        }
        if let memory = resources.memory { self.memory = Grpc_LinuxMemory(memory) }
        if let cpu = resources.cpu { self.cpu = Grpc_LinuxCPU(cpu) }
        if let pids = resources.pids { self.pids = .with { $0.limit = pids.limit } }
        if let blockIO = resources.blockIO { blockIo = Grpc_LinuxBlockIO(blockIO) }
        hugepageLimits = (resources.hugepageLimits ?? []).map { limit in
            .with {
                $0.pagesize = limit.pageSize
                $0.limit = limit.limit
            }
        }
    }
}

extension Linux.Resources.DeviceRule {
    /// A device cgroup rule the host sent: type "" or "a" is all devices, "u" is a character device.
    /// - Throws: `KataError(.invalidArgument)` for another type.
    init(_ wire: Grpc_LinuxDeviceCgroup) throws(KataError) {
        let type: Linux.Resources.DeviceRuleType?
        switch wire.type {
        case "": type = nil
        case "a": type = .all
        case "c", "u": type = .character
        case "b": type = .block
        default:
            throw KataError(
                .invalidArgument, "linux.resources.devices: unknown device type \"\(wire.type)\" (use a, b or c)")
        }
        self.init(
            allow: wire.allow, type: type, major: wire.major < 0 ? nil : wire.major,
            minor: wire.minor < 0 ? nil : wire.minor, access: wire.access.nonEmpty)
    }
}

extension Linux.Resources.Memory {
    /// Memory limits the host sent.
    init(_ wire: Grpc_LinuxMemory) {
        self.init(
            limit: wire.limit.nonZero, reservation: wire.reservation.nonZero, swap: wire.swap.nonZero,
            kernelTCP: wire.kernelTcp.nonZero, swappiness: wire.swappiness.nonZero,
            disableOOMKiller: wire.disableOomkiller.trueOrNil)
    }
}

extension Grpc_LinuxMemory {
    /// The wire form of memory limits.
    init(_ memory: Linux.Resources.Memory) {
        self.init()
        limit = memory.limit ?? 0
        reservation = memory.reservation ?? 0
        swap = memory.swap ?? 0
        kernelTcp = memory.kernelTCP ?? 0
        swappiness = memory.swappiness ?? 0
        disableOomkiller = memory.disableOOMKiller ?? false
    }
}

extension Linux.Resources.CPU {
    /// CPU settings the host sent.
    init(_ wire: Grpc_LinuxCPU) {
        self.init(
            shares: wire.shares.nonZero, quota: wire.quota.nonZero, period: wire.period.nonZero,
            realtimeRuntime: wire.realtimeRuntime.nonZero, realtimePeriod: wire.realtimePeriod.nonZero,
            cpus: wire.cpus.nonEmpty, mems: wire.mems.nonEmpty)
    }
}

extension Grpc_LinuxCPU {
    /// The wire form of CPU settings.
    init(_ cpu: Linux.Resources.CPU) {
        self.init()
        shares = cpu.shares ?? 0
        quota = cpu.quota ?? 0
        period = cpu.period ?? 0
        realtimeRuntime = cpu.realtimeRuntime ?? 0
        realtimePeriod = cpu.realtimePeriod ?? 0
        cpus = cpu.cpus ?? ""
        mems = cpu.mems ?? ""
    }
}

extension Linux.Resources.BlockIO {
    /// Block I/O settings the host sent; a weight beyond 16 bits is clamped (the kernel's range is
    /// 10-1000).
    init(_ wire: Grpc_LinuxBlockIO) {
        func throttles(_ devices: [Grpc_LinuxThrottleDevice]) -> [ThrottleDevice]? {
            devices.map { ThrottleDevice(major: $0.major, minor: $0.minor, rate: $0.rate) }.nonEmpty
        }
        self.init(
            weight: wire.weight.nonZero.map { UInt16(clamping: $0) },
            weightDevice: wire.weightDevice.map {
                WeightDevice(major: $0.major, minor: $0.minor, weight: $0.weight.nonZero.map { UInt16(clamping: $0) })
            }.nonEmpty,
            throttleReadBpsDevice: throttles(wire.throttleReadBpsDevice),
            throttleWriteBpsDevice: throttles(wire.throttleWriteBpsDevice),
            throttleReadIOPSDevice: throttles(wire.throttleReadIopsdevice),
            throttleWriteIOPSDevice: throttles(wire.throttleWriteIopsdevice))
    }
}

extension Grpc_LinuxBlockIO {
    /// The wire form of block I/O settings.
    init(_ blockIO: Linux.Resources.BlockIO) {
        self.init()
        func throttles(_ devices: [Linux.Resources.BlockIO.ThrottleDevice]?) -> [Grpc_LinuxThrottleDevice] {
            (devices ?? []).map { device in
                .with {
                    $0.major = device.major
                    $0.minor = device.minor
                    $0.rate = device.rate
                }
            }
        }
        weight = UInt32(blockIO.weight ?? 0)
        weightDevice = (blockIO.weightDevice ?? []).map { device in
            .with {
                $0.major = device.major
                $0.minor = device.minor
                $0.weight = UInt32(device.weight ?? 0)
            }
        }
        throttleReadBpsDevice = throttles(blockIO.throttleReadBpsDevice)
        throttleWriteBpsDevice = throttles(blockIO.throttleWriteBpsDevice)
        throttleReadIopsdevice = throttles(blockIO.throttleReadIOPSDevice)
        throttleWriteIopsdevice = throttles(blockIO.throttleWriteIOPSDevice)
    }
}
