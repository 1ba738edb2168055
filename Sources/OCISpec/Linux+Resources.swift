// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

extension Linux {
    /// `resources`: the cgroup limits of the container.
    public struct Resources: Codable, Sendable, Equatable {
        /// `devices`: the device cgroup allow/deny list, applied in order.
        public var devices: [DeviceRule]?
        /// `memory`: memory limits.
        public var memory: Memory?
        /// `cpu`: CPU shares, quota and placement.
        public var cpu: CPU?
        /// `pids`: the process count limit.
        public var pids: Pids?
        /// `blockIO`: block I/O weights and throttles.
        public var blockIO: BlockIO?
        /// `hugepageLimits`: hugetlb limits per page size.
        public var hugepageLimits: [HugepageLimit]?
        /// `network`: net_cls class id and net_prio priorities.
        public var network: Network?
        /// `rdma`: RDMA limits per device name.
        public var rdma: [String: RDMA]?
        /// `unified`: raw cgroup v2 files and values.
        public var unified: [String: String]?

        /// Resources; every part is optional.
        /// - Parameters:
        ///   - devices: the device rules.
        ///   - memory: memory limits.
        ///   - cpu: CPU settings.
        ///   - pids: the pids limit.
        ///   - blockIO: block I/O settings.
        ///   - hugepageLimits: hugetlb limits.
        ///   - network: network class and priorities.
        ///   - rdma: RDMA limits.
        ///   - unified: cgroup v2 files.
        public init(
            devices: [DeviceRule]? = nil, memory: Memory? = nil, cpu: CPU? = nil, pids: Pids? = nil,
            blockIO: BlockIO? = nil, hugepageLimits: [HugepageLimit]? = nil, network: Network? = nil,
            rdma: [String: RDMA]? = nil, unified: [String: String]? = nil
        ) {
            self.devices = devices
            self.memory = memory
            self.cpu = cpu
            self.pids = pids
            self.blockIO = blockIO
            self.hugepageLimits = hugepageLimits
            self.network = network
            self.rdma = rdma
            self.unified = unified
        }
    }
}

extension Linux.Resources {
    /// One device cgroup rule.
    public struct DeviceRule: Codable, Sendable, Equatable {
        /// `allow`: allow (true) or deny (false).
        public var allow: Bool
        /// `type`: the device kind; absent means all.
        public var type: DeviceRuleType?
        /// `major`: the major number; absent for all.
        public var major: Int64?
        /// `minor`: the minor number; absent for all.
        public var minor: Int64?
        /// `access`: any of `r`, `w`, `m`.
        public var access: String?

        /// A rule.
        /// - Parameters:
        ///   - allow: allow or deny.
        ///   - type: the device kind.
        ///   - major: the major number.
        ///   - minor: the minor number.
        ///   - access: the access bits.
        public init(
            allow: Bool, type: DeviceRuleType? = nil, major: Int64? = nil, minor: Int64? = nil, access: String? = nil
        ) {
            self.allow = allow
            self.type = type
            self.major = major
            self.minor = minor
            self.access = access
        }
    }

    /// Device kinds a device cgroup rule can name.
    public enum DeviceRuleType: String, Codable, Sendable, CaseIterable {
        /// `a`: all devices.
        case all = "a"
        /// `c`: character devices.
        case character = "c"
        /// `b`: block devices.
        case block = "b"

        /// Decodes a known kind; any other string fails with the accepted ones.
        /// - Parameter decoder: the decoder.
        /// - Throws: `DecodingError.dataCorrupted` for an unknown kind.
        public init(from decoder: any Decoder) throws {
            self = try decodeClosedSet(Self.self, from: decoder)
        }
    }

    /// `memory`: limits in bytes; -1 means unlimited.
    public struct Memory: Codable, Sendable, Equatable {
        /// `limit`.
        public var limit: Int64?
        /// `reservation`: the soft limit.
        public var reservation: Int64?
        /// `swap`: memory plus swap.
        public var swap: Int64?
        /// `kernel`: deprecated kernel memory limit.
        public var kernel: Int64?
        /// `kernelTCP`: kernel TCP buffer limit.
        public var kernelTCP: Int64?
        /// `swappiness`: 0 to 100.
        public var swappiness: UInt64?
        /// `disableOOMKiller`.
        public var disableOOMKiller: Bool?
        /// `useHierarchy`.
        public var useHierarchy: Bool?
        /// `checkBeforeUpdate`.
        public var checkBeforeUpdate: Bool?

        /// Memory limits.
        /// - Parameters:
        ///   - limit: the limit.
        ///   - reservation: the soft limit.
        ///   - swap: memory plus swap.
        ///   - kernel: the kernel limit.
        ///   - kernelTCP: the kernel TCP limit.
        ///   - swappiness: the swappiness.
        ///   - disableOOMKiller: whether to disable the OOM killer.
        ///   - useHierarchy: hierarchical accounting.
        ///   - checkBeforeUpdate: refuse a limit below current usage.
        public init(
            limit: Int64? = nil, reservation: Int64? = nil, swap: Int64? = nil, kernel: Int64? = nil,
            kernelTCP: Int64? = nil, swappiness: UInt64? = nil, disableOOMKiller: Bool? = nil,
            useHierarchy: Bool? = nil, checkBeforeUpdate: Bool? = nil
        ) {
            self.limit = limit
            self.reservation = reservation
            self.swap = swap
            self.kernel = kernel
            self.kernelTCP = kernelTCP
            self.swappiness = swappiness
            self.disableOOMKiller = disableOOMKiller
            self.useHierarchy = useHierarchy
            self.checkBeforeUpdate = checkBeforeUpdate
        }
    }

    /// `cpu`: CFS shares and quota, realtime budget and placement.
    public struct CPU: Codable, Sendable, Equatable {
        /// `shares`: relative weight.
        public var shares: UInt64?
        /// `quota`: microseconds per `period`; -1 for none.
        public var quota: Int64?
        /// `burst`: microseconds of accumulated quota.
        public var burst: UInt64?
        /// `period`: the CFS period in microseconds.
        public var period: UInt64?
        /// `realtimeRuntime`: realtime microseconds per `realtimePeriod`.
        public var realtimeRuntime: Int64?
        /// `realtimePeriod`: the realtime period in microseconds.
        public var realtimePeriod: UInt64?
        /// `cpus`: the cpuset, e.g. `0-3,7`.
        public var cpus: String?
        /// `mems`: the memory nodes.
        public var mems: String?
        /// `idle`: cgroup v2 `cpu.idle`.
        public var idle: Int64?

        /// CPU settings.
        /// - Parameters:
        ///   - shares: the weight.
        ///   - quota: the quota.
        ///   - burst: the burst.
        ///   - period: the period.
        ///   - realtimeRuntime: the realtime runtime.
        ///   - realtimePeriod: the realtime period.
        ///   - cpus: the cpuset.
        ///   - mems: the memory nodes.
        ///   - idle: the idle flag.
        public init(
            shares: UInt64? = nil, quota: Int64? = nil, burst: UInt64? = nil, period: UInt64? = nil,
            realtimeRuntime: Int64? = nil, realtimePeriod: UInt64? = nil, cpus: String? = nil, mems: String? = nil,
            idle: Int64? = nil
        ) {
            self.shares = shares
            self.quota = quota
            self.burst = burst
            self.period = period
            self.realtimeRuntime = realtimeRuntime
            self.realtimePeriod = realtimePeriod
            self.cpus = cpus
            self.mems = mems
            self.idle = idle
        }
    }

    /// `pids`: the process count limit.
    public struct Pids: Codable, Sendable, Equatable {
        /// `limit`: the maximum; -1 or 0 for none.
        public var limit: Int64

        /// A pids limit.
        /// - Parameter limit: the maximum.
        public init(limit: Int64) { self.limit = limit }
    }

    /// `hugepageLimits` entry.
    public struct HugepageLimit: Codable, Sendable, Equatable {
        /// `pageSize`: e.g. `2MB`, `1GB`.
        public var pageSize: String
        /// `limit`: bytes.
        public var limit: UInt64

        /// A hugetlb limit.
        /// - Parameters:
        ///   - pageSize: the page size.
        ///   - limit: bytes.
        public init(pageSize: String, limit: UInt64) {
            self.pageSize = pageSize
            self.limit = limit
        }
    }

    /// `network`: net_cls and net_prio settings.
    public struct Network: Codable, Sendable, Equatable {
        /// `classID`: the net_cls class id.
        public var classID: UInt32?
        /// `priorities`: net_prio priority per interface.
        public var priorities: [InterfacePriority]?

        /// Network settings.
        /// - Parameters:
        ///   - classID: the class id.
        ///   - priorities: the interface priorities.
        public init(classID: UInt32? = nil, priorities: [InterfacePriority]? = nil) {
            self.classID = classID
            self.priorities = priorities
        }

        /// One interface's priority.
        public struct InterfacePriority: Codable, Sendable, Equatable {
            /// `name`: the interface.
            public var name: String
            /// `priority`: the priority.
            public var priority: UInt32

            /// A priority.
            /// - Parameters:
            ///   - name: the interface.
            ///   - priority: the priority.
            public init(name: String, priority: UInt32) {
                self.name = name
                self.priority = priority
            }
        }
    }

    /// `rdma` entry: limits for one RDMA device.
    public struct RDMA: Codable, Sendable, Equatable {
        /// `hcaHandles`.
        public var hcaHandles: UInt32?
        /// `hcaObjects`.
        public var hcaObjects: UInt32?

        /// RDMA limits.
        /// - Parameters:
        ///   - hcaHandles: the handle limit.
        ///   - hcaObjects: the object limit.
        public init(hcaHandles: UInt32? = nil, hcaObjects: UInt32? = nil) {
            self.hcaHandles = hcaHandles
            self.hcaObjects = hcaObjects
        }
    }
}
