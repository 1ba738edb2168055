// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

/// The limits an OCI spec's `linux.resources` asks for, with "not set" as nil.
///
/// The values keep the OCI (cgroup v1) units and meanings; ``Cgroup`` converts them for v2.
package struct CgroupResources: Sendable, Equatable {
    /// `linux.resources.memory`.
    package struct Memory: Sendable, Equatable {
        /// Hard limit in bytes; -1 is unlimited.
        package var limit: Int64?
        /// Soft limit in bytes.
        package var reservation: Int64?
        /// Memory plus swap in bytes (v1 semantics); -1 is unlimited.
        package var swap: Int64?
        /// TCP buffer limit in bytes (v1 only).
        package var kernelTCP: Int64?
        /// Swappiness, 0-100 (v1 only).
        package var swappiness: UInt64?
        /// Whether the OOM killer is off for the cgroup (v1 only).
        package var disableOOMKiller = false

        /// An empty memory section.
        package init() {}
    }

    /// `linux.resources.cpu`.
    package struct CPU: Sendable, Equatable {
        /// Relative weight, 2-262144 (v1 shares).
        package var shares: UInt64?
        /// CFS quota in µs per period; -1 is unlimited.
        package var quota: Int64?
        /// CFS period in µs.
        package var period: UInt64?
        /// Real-time runtime in µs (v1 only).
        package var realtimeRuntime: Int64?
        /// Real-time period in µs (v1 only).
        package var realtimePeriod: UInt64?
        /// Allowed CPUs, in the kernel's list format ("0-2,4").
        package var cpus: String?
        /// Allowed memory nodes, in the kernel's list format.
        package var mems: String?

        /// An empty CPU section.
        package init() {}
    }

    /// One device's block I/O weight.
    package struct WeightDevice: Sendable, Equatable {
        /// The device number.
        package var major: Int64
        /// The device number.
        package var minor: Int64
        /// 10-1000.
        package var weight: UInt16

        /// A device weight.
        package init(major: Int64, minor: Int64, weight: UInt16) {
            self.major = major
            self.minor = minor
            self.weight = weight
        }
    }

    /// One device's I/O rate limit.
    package struct ThrottleDevice: Sendable, Equatable {
        /// The device number.
        package var major: Int64
        /// The device number.
        package var minor: Int64
        /// Bytes or operations per second.
        package var rate: UInt64

        /// A device rate limit.
        package init(major: Int64, minor: Int64, rate: UInt64) {
            self.major = major
            self.minor = minor
            self.rate = rate
        }
    }

    /// `linux.resources.blockIO`.
    package struct BlockIO: Sendable, Equatable {
        /// Default weight, 10-1000.
        package var weight: UInt16?
        /// Per-device weights.
        package var weightDevices: [WeightDevice] = []
        /// Per-device read limits in bytes/s.
        package var readBPS: [ThrottleDevice] = []
        /// Per-device write limits in bytes/s.
        package var writeBPS: [ThrottleDevice] = []
        /// Per-device read limits in operations/s.
        package var readIOPS: [ThrottleDevice] = []
        /// Per-device write limits in operations/s.
        package var writeIOPS: [ThrottleDevice] = []

        /// An empty block I/O section.
        package init() {}

        /// Whether nothing is asked.
        package var isEmpty: Bool {
            weight == nil && weightDevices.isEmpty && readBPS.isEmpty && writeBPS.isEmpty && readIOPS.isEmpty
                && writeIOPS.isEmpty
        }
    }

    /// A huge page size's limit.
    package struct HugepageLimit: Sendable, Equatable {
        /// The size as the kernel names it: "2MB", "1GB".
        package var pageSize: String
        /// Bytes.
        package var limit: UInt64

        /// A huge page limit.
        package init(pageSize: String, limit: UInt64) {
            self.pageSize = pageSize
            self.limit = limit
        }
    }

    /// One device-access rule, in the order the rules apply.
    package struct DeviceRule: Sendable, Equatable {
        /// Which devices a rule matches.
        package enum Kind: String, Sendable {
            /// Every device.
            case all = "a"
            /// Character devices.
            case character = "c"
            /// Block devices.
            case block = "b"
        }

        /// Allow or deny.
        package var allow: Bool
        /// Device kind.
        package var kind: Kind
        /// Major number; nil matches any.
        package var major: Int64?
        /// Minor number; nil matches any.
        package var minor: Int64?
        /// Some of "rwm".
        package var access: String

        /// A device rule.
        package init(allow: Bool, kind: Kind, major: Int64?, minor: Int64?, access: String) {
            self.allow = allow
            self.kind = kind
            self.major = major
            self.minor = minor
            self.access = access
        }

        /// The v1 `devices.allow`/`devices.deny` line: "c 1:3 rwm", "a *:* rwm".
        package var v1Line: String {
            if kind == .all { return "a *:* \(access)" }
            return "\(kind.rawValue) \(major.map(String.init) ?? "*"):\(minor.map(String.init) ?? "*") \(access)"
        }
    }

    /// Memory limits.
    package var memory: Memory?
    /// CPU limits.
    package var cpu: CPU?
    /// Process count limit; -1 is unlimited.
    package var pids: Int64?
    /// Block I/O weights and limits.
    package var blockIO: BlockIO?
    /// Huge page limits.
    package var hugepageLimits: [HugepageLimit] = []
    /// Device access rules, applied in order.
    package var devices: [DeviceRule] = []

    /// No limits.
    package init() {}

    /// The devices every container may use whatever its spec says (runc's list): the null, zero,
    /// full, random and tty devices, the pty multiplexer and its slaves, and /dev/net/tun.
    package static let defaultAllowedDevices: [DeviceRule] = [
        DeviceRule(allow: true, kind: .character, major: nil, minor: nil, access: "m"),
        DeviceRule(allow: true, kind: .block, major: nil, minor: nil, access: "m"),
        DeviceRule(allow: true, kind: .character, major: 1, minor: 3, access: "rwm"),
        DeviceRule(allow: true, kind: .character, major: 1, minor: 5, access: "rwm"),
        DeviceRule(allow: true, kind: .character, major: 1, minor: 7, access: "rwm"),
        DeviceRule(allow: true, kind: .character, major: 1, minor: 8, access: "rwm"),
        DeviceRule(allow: true, kind: .character, major: 1, minor: 9, access: "rwm"),
        DeviceRule(allow: true, kind: .character, major: 5, minor: 0, access: "rwm"),
        DeviceRule(allow: true, kind: .character, major: 5, minor: 1, access: "rwm"),
        DeviceRule(allow: true, kind: .character, major: 5, minor: 2, access: "rwm"),
        DeviceRule(allow: true, kind: .character, major: 136, minor: nil, access: "rwm"),
        DeviceRule(allow: true, kind: .character, major: 10, minor: 200, access: "rwm"),
    ]
}
