// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

extension QMP {
    /// The greeting QEMU sends first: `{"QMP":{"version":{"qemu":{…},"package":…},"capabilities":[…]}}`.
    package struct Greeting: Sendable, Equatable {
        /// QEMU's version.
        package var version: Version
        /// Capabilities offered, e.g. `["oob"]`.
        package var capabilities: [String]

        /// Decodes a greeting.
        /// - Parameter message: the whole message.
        /// - Returns: the greeting, or nil when `message` is not one.
        static func decode(_ message: Value) -> Greeting? {
            guard let body = message["QMP"], let version = body["version"].flatMap(Version.decode) else { return nil }
            let capabilities = body["capabilities"]?.arrayValue?.compactMap(\.stringValue) ?? []
            return Greeting(version: version, capabilities: capabilities)
        }
    }

    /// A QEMU version, from the greeting or `query-version`.
    package struct Version: Sendable, Equatable, CustomStringConvertible {
        /// The major version.
        package var major: Int
        /// The minor version.
        package var minor: Int
        /// The micro version.
        package var micro: Int
        /// The distribution's package string, e.g. `Debian 1:7.2+dfsg-7`.
        package var package: String

        /// Creates a version.
        /// - Parameters:
        ///   - major: the major version.
        ///   - minor: the minor version.
        ///   - micro: the micro version.
        ///   - package: the package string.
        package init(major: Int, minor: Int, micro: Int, package: String = "") {
            self.major = major
            self.minor = minor
            self.micro = micro
            self.package = package
        }

        /// `7.2.22`.
        package var description: String { "\(major).\(minor).\(micro)" }

        /// Decodes `{"qemu":{"major":…,"minor":…,"micro":…},"package":…}`.
        /// - Parameter value: the version object.
        /// - Returns: the version, or nil when fields are missing.
        static func decode(_ value: Value) -> Version? {
            guard let qemu = value["qemu"], let major = qemu["major"]?.intValue, let minor = qemu["minor"]?.intValue,
                let micro = qemu["micro"]?.intValue
            else { return nil }
            return Version(
                major: Int(major), minor: Int(minor), micro: Int(micro), package: value["package"]?.stringValue ?? "")
        }
    }

    /// An asynchronous event: `{"event":"SHUTDOWN","data":{…},"timestamp":{"seconds":…,"microseconds":…}}`.
    package struct Event: Sendable, Equatable {
        /// The event name, e.g. `SHUTDOWN`, `GUEST_PANICKED`, `DEVICE_DELETED`, `POWERDOWN`.
        package var name: String
        /// The event's data; `.null` when it has none.
        package var data: Value
        /// When QEMU emitted it, in microseconds since the epoch.
        package var timestampMicroseconds: Int64

        /// Creates an event.
        /// - Parameters:
        ///   - name: the event name.
        ///   - data: its data.
        ///   - timestampMicroseconds: when it was emitted.
        package init(name: String, data: Value = .null, timestampMicroseconds: Int64 = 0) {
            self.name = name
            self.data = data
            self.timestampMicroseconds = timestampMicroseconds
        }

        /// Decodes an event message.
        /// - Parameter message: the whole message.
        /// - Returns: the event, or nil when `message` is not one.
        static func decode(_ message: Value) -> Event? {
            guard let name = message["event"]?.stringValue else { return nil }
            let seconds = message["timestamp"]?["seconds"]?.intValue ?? 0
            let micro = message["timestamp"]?["microseconds"]?.intValue ?? 0
            return Event(name: name, data: message["data"] ?? .null, timestampMicroseconds: seconds * 1_000_000 + micro)
        }
    }

    /// A VM run state, as `query-status` reports it.
    package enum RunState: Sendable, Hashable, CustomStringConvertible {
        /// `prelaunch`: started with `-S`, never run.
        case prelaunch
        /// `running`.
        case running
        /// `paused`: stopped by `stop`.
        case paused
        /// `shutdown`: the guest shut down (with `-no-shutdown`).
        case shutdown
        /// `internal-error`: KVM or TCG failed; the VM is dead.
        case internalError
        /// `guest-panicked`: the guest kernel panicked; the VM is dead.
        case guestPanicked
        /// `io-error`, `inmigrate`, `suspended` … and states newer QEMUs add.
        case other(String)

        /// Maps QEMU's name.
        /// - Parameter name: the `status` string.
        package init(_ name: String) {
            switch name {
            case "prelaunch": self = .prelaunch
            case "running": self = .running
            case "paused": self = .paused
            case "shutdown": self = .shutdown
            case "internal-error": self = .internalError
            case "guest-panicked": self = .guestPanicked
            default: self = .other(name)
            }
        }

        /// QEMU's name for the state.
        package var description: String {
            switch self {
            case .prelaunch: "prelaunch"
            case .running: "running"
            case .paused: "paused"
            case .shutdown: "shutdown"
            case .internalError: "internal-error"
            case .guestPanicked: "guest-panicked"
            case .other(let name): name
            }
        }

        /// The states in which the Kata runtime considers the VM dead.
        package var isDead: Bool { self == .internalError || self == .guestPanicked }
    }

    /// The reply of `query-status`.
    package struct Status: Sendable, Equatable {
        /// Whether vCPUs are running.
        package var running: Bool
        /// The run state.
        package var state: RunState
    }

    /// One entry of `query-hotpluggable-cpus`.
    package struct HotpluggableCPU: Sendable, Equatable {
        /// The CPU device type, e.g. `host-x86_64-cpu`, for `device_add`.
        package var type: String
        /// The topology properties (`socket-id`, `core-id`, `thread-id`, `die-id`…) to pass to
        /// `device_add`.
        package var properties: [String: Value]
        /// The QOM path when the CPU is plugged; nil for a free slot.
        package var qomPath: String?
        /// vCPUs this entry provides.
        package var vcpusCount: Int
    }

    /// One entry of `query-cpus-fast`.
    package struct CPUInfo: Sendable, Equatable {
        /// The vCPU index.
        package var index: Int
        /// The host thread running it.
        package var threadID: Int
        /// Its QOM path.
        package var qomPath: String
        /// Its topology properties.
        package var properties: [String: Value]
    }

    /// One entry of `query-memory-devices` (pc-dimm, nvdimm, virtio-mem …).
    package struct MemoryDevice: Sendable, Equatable {
        /// The kind, e.g. `dimm`, `nvdimm`, `virtio-mem`.
        package var type: String
        /// The device id, if any.
        package var id: String?
        /// The guest physical address.
        package var address: UInt64?
        /// The size in bytes.
        package var size: UInt64?
        /// The DIMM slot, if any.
        package var slot: Int?
        /// The memory backend's QOM path.
        package var memoryDevice: String?
    }
}
