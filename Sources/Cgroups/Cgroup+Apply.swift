// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

extension Cgroup {
    /// Writes the limits into the cgroup's files, as runc does: on v1 the OCI values as they are;
    /// on v2 converted (shares → `cpu.weight`, quota/period → `cpu.max`, swap → `memory.swap.max`
    /// as swap minus memory). Settings left nil are not touched, so an update changes only what it
    /// names.
    /// - Throws: ``Error`` naming the setting, value or file that failed; settings before it stay
    ///   applied (the kernel has no transactions).
    package func apply(_ resources: CgroupResources) throws(Error) {
        try validate(resources)
        switch hierarchy {
        case .v1: try applyV1(resources)
        case .v2: try applyV2(resources)
        }
    }

    private func validate(_ resources: CgroupResources) throws(Error) {
        if let swappiness = resources.memory?.swappiness, swappiness > 100 {
            throw .invalidValue(setting: "memory.swappiness", value: "\(swappiness)", allowed: "0-100")
        }
        if let shares = resources.cpu?.shares, shares < 2 || shares > 262_144 {
            throw .invalidValue(setting: "cpu.shares", value: "\(shares)", allowed: "2-262144")
        }
        if let weight = resources.blockIO?.weight, weight < 10 || weight > 1000 {
            throw .invalidValue(setting: "blockIO.weight", value: "\(weight)", allowed: "10-1000")
        }
        for device in resources.blockIO?.weightDevices ?? [] where device.weight < 10 || device.weight > 1000 {
            throw .invalidValue(
                setting: "blockIO.weightDevice \(device.major):\(device.minor)", value: "\(device.weight)",
                allowed: "10-1000")
        }
        if let memory = resources.memory, let limit = memory.limit, let swap = memory.swap, limit > 0, swap > 0,
            swap < limit
        {
            throw .invalidValue(
                setting: "memory.swap", value: "\(swap)", allowed: "at least memory.limit (\(limit)), or -1")
        }
    }

    // MARK: v1

    private func applyV1(_ resources: CgroupResources) throws(Error) {
        if let memory = resources.memory { try applyMemoryV1(memory) }
        if let cpu = resources.cpu {
            if let shares = cpu.shares { try set("cpu", "cpu.shares", "\(shares)", for: "cpu.shares") }
            // The period first: a quota is checked against the current period.
            if let period = cpu.period, period > 0 {
                try set("cpu", "cpu.cfs_period_us", "\(period)", for: "cpu.period")
            }
            if let quota = cpu.quota, quota != 0 {
                try set("cpu", "cpu.cfs_quota_us", "\(quota < 0 ? -1 : quota)", for: "cpu.quota")
            }
            if let period = cpu.realtimePeriod, period > 0 {
                try set("cpu", "cpu.rt_period_us", "\(period)", for: "cpu.realtimePeriod")
            }
            if let runtime = cpu.realtimeRuntime, runtime != 0 {
                try set("cpu", "cpu.rt_runtime_us", "\(runtime)", for: "cpu.realtimeRuntime")
            }
            if let cpus = cpu.cpus, !cpus.isEmpty { try set("cpuset", "cpuset.cpus", cpus, for: "cpu.cpus") }
            if let mems = cpu.mems, !mems.isEmpty { try set("cpuset", "cpuset.mems", mems, for: "cpu.mems") }
        }
        if let pids = resources.pids, pids != 0 {
            try set("pids", "pids.max", pids < 0 ? "max" : "\(pids)", for: "pids.limit")
        }
        if let blockIO = resources.blockIO, !blockIO.isEmpty { try applyBlockIOV1(blockIO) }
        for limit in resources.hugepageLimits {
            try set(
                "hugetlb", "hugetlb.\(limit.pageSize).limit_in_bytes", "\(limit.limit)",
                for: "hugepageLimits \(limit.pageSize)")
        }
        for rule in resources.devices {
            try set("devices", rule.allow ? "devices.allow" : "devices.deny", rule.v1Line, for: "devices")
        }
    }

    private func applyMemoryV1(_ memory: CgroupResources.Memory) throws(Error) {
        let limit = memory.limit.flatMap { $0 == 0 ? nil : ($0 < 0 ? Int64(-1) : $0) }
        let swap = memory.swap.flatMap { $0 == 0 ? nil : ($0 < 0 ? Int64(-1) : $0) }
        switch (limit, swap) {
        case (let limit?, let swap?):
            // memory.limit ≤ memsw.limit at every moment: raise memsw first when growing, lower
            // the memory limit first when shrinking.
            let current =
                Int64((try? read("\(directory("memory") ?? "")/memory.limit_in_bytes").trimmingWhitespace) ?? "") ?? 0
            if swap == -1 || swap >= current {
                try setMemsw(swap)
                try set("memory", "memory.limit_in_bytes", "\(limit)", for: "memory.limit")
            } else {
                try set("memory", "memory.limit_in_bytes", "\(limit)", for: "memory.limit")
                try setMemsw(swap)
            }
        case (let limit?, nil):
            try set("memory", "memory.limit_in_bytes", "\(limit)", for: "memory.limit")
        case (nil, let swap?):
            try setMemsw(swap)
        case (nil, nil):
            break
        }
        if let reservation = memory.reservation, reservation != 0 {
            try set("memory", "memory.soft_limit_in_bytes", "\(reservation)", for: "memory.reservation")
        }
        if let tcp = memory.kernelTCP, tcp != 0 {
            try set("memory", "memory.kmem.tcp.limit_in_bytes", "\(tcp)", for: "memory.kernelTCP")
        }
        if let swappiness = memory.swappiness {
            try set("memory", "memory.swappiness", "\(swappiness)", for: "memory.swappiness")
        }
        if memory.disableOOMKiller {
            try set("memory", "memory.oom_control", "1", for: "memory.disableOOMKiller")
        }
    }

    /// A kernel built without swap accounting has no memsw files; asking for a swap limit there
    /// is an error, as it is with runc.
    private func setMemsw(_ swap: Int64) throws(Error) {
        try set("memory", "memory.memsw.limit_in_bytes", "\(swap)", for: "memory.swap")
    }

    private func applyBlockIOV1(_ blockIO: CgroupResources.BlockIO) throws(Error) {
        guard let directory = directory("blkio") else {
            throw .missingController("blkio", needed: "blockIO")
        }
        // Weights exist only under the BFQ scheduler on current kernels (blkio.bfq.weight).
        let weightFile = (try? read("\(directory)/blkio.weight")) != nil ? "blkio.weight" : "blkio.bfq.weight"
        if let weight = blockIO.weight { try set("blkio", weightFile, "\(weight)", for: "blockIO.weight") }
        for device in blockIO.weightDevices {
            try set(
                "blkio", "\(weightFile)_device", "\(device.major):\(device.minor) \(device.weight)",
                for: "blockIO.weightDevice")
        }
        let throttles: [(String, [CgroupResources.ThrottleDevice])] = [
            ("read_bps_device", blockIO.readBPS), ("write_bps_device", blockIO.writeBPS),
            ("read_iops_device", blockIO.readIOPS), ("write_iops_device", blockIO.writeIOPS),
        ]
        for (file, devices) in throttles {
            for device in devices {
                try set(
                    "blkio", "blkio.throttle.\(file)", "\(device.major):\(device.minor) \(device.rate)",
                    for: "blockIO.throttle \(file)")
            }
        }
    }

    // MARK: v2

    /// Device rules are not applied on v2, where they need an eBPF program; the agent warns
    /// (see ``enforcesDeviceRules``). The VM stays the isolation boundary either way.
    private func applyV2(_ resources: CgroupResources) throws(Error) {
        if let memory = resources.memory {
            if let limit = memory.limit, limit != 0 {
                try set("memory", "memory.max", limit < 0 ? "max" : "\(limit)", for: "memory.limit")
            }
            if let reservation = memory.reservation, reservation != 0 {
                try set("memory", "memory.low", "\(reservation)", for: "memory.reservation")
            }
            if let swap = memory.swap, swap != 0 {
                try set("memory", "memory.swap.max", Self.swapMax(swap: swap, limit: memory.limit), for: "memory.swap")
            }
        }
        if let cpu = resources.cpu {
            if let shares = cpu.shares {
                try set("cpu", "cpu.weight", "\(Self.cpuWeight(shares: shares))", for: "cpu.shares")
            }
            if let max = Self.cpuMax(quota: cpu.quota, period: cpu.period) {
                try set("cpu", "cpu.max", max, for: "cpu.quota")
            }
            if let cpus = cpu.cpus, !cpus.isEmpty { try set("cpuset", "cpuset.cpus", cpus, for: "cpu.cpus") }
            if let mems = cpu.mems, !mems.isEmpty { try set("cpuset", "cpuset.mems", mems, for: "cpu.mems") }
        }
        if let pids = resources.pids, pids != 0 {
            try set("pids", "pids.max", pids < 0 ? "max" : "\(pids)", for: "pids.limit")
        }
        if let blockIO = resources.blockIO, !blockIO.isEmpty {
            if let weight = blockIO.weight {
                try set("io", "io.weight", "default \(Self.ioWeight(weight))", for: "blockIO.weight")
            }
            for device in blockIO.weightDevices {
                try set(
                    "io", "io.weight", "\(device.major):\(device.minor) \(Self.ioWeight(device.weight))",
                    for: "blockIO.weightDevice")
            }
            let throttles: [(String, [CgroupResources.ThrottleDevice])] = [
                ("rbps", blockIO.readBPS), ("wbps", blockIO.writeBPS), ("riops", blockIO.readIOPS),
                ("wiops", blockIO.writeIOPS),
            ]
            for (key, devices) in throttles {
                for device in devices {
                    try set(
                        "io", "io.max", "\(device.major):\(device.minor) \(key)=\(device.rate)",
                        for: "blockIO.throttle \(key)")
                }
            }
        }
        for limit in resources.hugepageLimits {
            try set(
                "hugetlb", "hugetlb.\(limit.pageSize).max", "\(limit.limit)", for: "hugepageLimits \(limit.pageSize)")
        }
    }

    /// Whether ``apply(_:)`` enforces device rules: on v1 only.
    package var enforcesDeviceRules: Bool {
        if case .v1 = hierarchy { return true }
        return false
    }

    /// cgroup v2 `cpu.weight` (1-10000) for v1 shares (2-262144), runc's linear map.
    package static func cpuWeight(shares: UInt64) -> UInt64 {
        1 + ((min(max(shares, 2), 262_144) - 2) * 9999) / 262_142
    }

    /// cgroup v2 `io.weight` (1-10000) for a v1 blkio weight (10-1000).
    package static func ioWeight(_ weight: UInt16) -> UInt64 {
        1 + (UInt64(min(max(weight, 10), 1000)) - 10) * 9999 / 990
    }

    /// `cpu.max` ("<quota|max> <period>"), or nil when neither is set.
    package static func cpuMax(quota: Int64?, period: UInt64?) -> String? {
        let quota = quota.flatMap { $0 == 0 ? nil : $0 }
        let period = period.flatMap { $0 == 0 ? nil : $0 }
        guard quota != nil || period != nil else { return nil }
        let quotaText = quota.map { $0 < 0 ? "max" : "\($0)" } ?? "max"
        return "\(quotaText) \(period ?? 100_000)"
    }

    /// `memory.swap.max` for the OCI swap value, which counts memory plus swap.
    package static func swapMax(swap: Int64, limit: Int64?) -> String {
        guard swap > 0 else { return "max" }
        guard let limit, limit > 0 else { return "\(swap)" }
        return "\(swap - limit)"
    }
}
