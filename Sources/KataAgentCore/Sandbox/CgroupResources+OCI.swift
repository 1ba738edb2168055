// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Cgroups
import OCISpec

extension CgroupResources {
    /// The cgroup limits of an OCI spec's `linux.resources`; device rules come from
    /// `linux.resources.devices`, then an allow rule per device the spec creates, then runc's
    /// always-allowed devices.
    /// - Parameters:
    ///   - resources: the limits; nil fields are not set.
    ///   - createdDevices: the spec's `linux.devices`.
    init(_ resources: Linux.Resources, createdDevices: [Linux.Device] = []) {
        self.init()
        if let oci = resources.memory {
            var memory = Memory()
            memory.limit = oci.limit
            memory.reservation = oci.reservation
            memory.swap = oci.swap
            memory.kernelTCP = oci.kernelTCP
            memory.swappiness = oci.swappiness
            memory.disableOOMKiller = oci.disableOOMKiller ?? false
            self.memory = memory
        }
        if let oci = resources.cpu {
            var cpu = CPU()
            cpu.shares = oci.shares
            cpu.quota = oci.quota
            cpu.period = oci.period
            cpu.realtimeRuntime = oci.realtimeRuntime
            cpu.realtimePeriod = oci.realtimePeriod
            cpu.cpus = oci.cpus
            cpu.mems = oci.mems
            self.cpu = cpu
        }
        // A limit of 0 is "none", as in runc.
        if let limit = resources.pids?.limit, limit != 0 { pids = limit }
        if let oci = resources.blockIO {
            var blockIO = BlockIO()
            blockIO.weight = oci.weight
            blockIO.weightDevices = (oci.weightDevice ?? []).map {
                WeightDevice(major: $0.major, minor: $0.minor, weight: $0.weight ?? 0)
            }
            let throttle: ([Linux.Resources.BlockIO.ThrottleDevice]?) -> [ThrottleDevice] = { devices in
                (devices ?? []).map { ThrottleDevice(major: $0.major, minor: $0.minor, rate: $0.rate) }
            }
            blockIO.readBPS = throttle(oci.throttleReadBpsDevice)
            blockIO.writeBPS = throttle(oci.throttleWriteBpsDevice)
            blockIO.readIOPS = throttle(oci.throttleReadIOPSDevice)
            blockIO.writeIOPS = throttle(oci.throttleWriteIOPSDevice)
            self.blockIO = blockIO
        }
        hugepageLimits = (resources.hugepageLimits ?? []).map { HugepageLimit(pageSize: $0.pageSize, limit: $0.limit) }
        devices = (resources.devices ?? []).map { rule in
            let kind: DeviceRule.Kind =
                switch rule.type {
                case nil, .all?: .all
                case .character?: .character
                case .block?: .block
                }
            return DeviceRule(
                allow: rule.allow, kind: kind, major: rule.major, minor: rule.minor, access: rule.access ?? "rwm")
        }
        if !devices.isEmpty {
            for device in createdDevices where device.type != .fifo {
                devices.append(
                    DeviceRule(
                        allow: true, kind: device.type == .block ? .block : .character, major: device.major ?? 0,
                        minor: device.minor ?? 0, access: "rwm"))
            }
            devices += Self.defaultAllowedDevices
        }
    }
}
