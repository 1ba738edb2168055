// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

/// `linux`: the Linux-specific part of the spec.
public struct Linux: Codable, Sendable, Equatable {
    /// `uidMappings`: user namespace user id mappings.
    public var uidMappings: [IDMapping]?
    /// `gidMappings`: user namespace group id mappings.
    public var gidMappings: [IDMapping]?
    /// `sysctl`: kernel parameters set in the container's namespaces.
    public var sysctl: [String: String]?
    /// `resources`: cgroup limits.
    public var resources: Resources?
    /// `cgroupsPath`: the container's cgroup, absolute, relative, or systemd `slice:prefix:name`.
    public var cgroupsPath: String?
    /// `namespaces`: the namespaces to create (no `path`) or join (`path`).
    public var namespaces: [Namespace]?
    /// `devices`: device nodes to create in the container.
    public var devices: [Device]?
    /// `seccomp`: the system call filter.
    public var seccomp: Seccomp?
    /// `rootfsPropagation`: the root mount's propagation.
    public var rootfsPropagation: RootfsPropagation?
    /// `maskedPaths`: paths made inaccessible in the container.
    public var maskedPaths: [String]?
    /// `readonlyPaths`: paths made read-only in the container.
    public var readonlyPaths: [String]?
    /// `mountLabel`: the SELinux context of the container's mounts.
    public var mountLabel: String?
    /// `intelRdt`: Intel Resource Director Technology settings.
    public var intelRdt: IntelRdt?
    /// `personality`: the execution domain.
    public var personality: Personality?

    /// A Linux configuration; every part is optional.
    /// - Parameters:
    ///   - uidMappings: user mappings.
    ///   - gidMappings: group mappings.
    ///   - sysctl: kernel parameters.
    ///   - resources: cgroup limits.
    ///   - cgroupsPath: the cgroup path.
    ///   - namespaces: the namespaces.
    ///   - devices: the device nodes.
    ///   - seccomp: the system call filter.
    ///   - rootfsPropagation: the root propagation.
    ///   - maskedPaths: the masked paths.
    ///   - readonlyPaths: the read-only paths.
    ///   - mountLabel: the mount label.
    ///   - intelRdt: the RDT settings.
    ///   - personality: the execution domain.
    public init(
        uidMappings: [IDMapping]? = nil, gidMappings: [IDMapping]? = nil, sysctl: [String: String]? = nil,
        resources: Resources? = nil, cgroupsPath: String? = nil, namespaces: [Namespace]? = nil,
        devices: [Device]? = nil, seccomp: Seccomp? = nil, rootfsPropagation: RootfsPropagation? = nil,
        maskedPaths: [String]? = nil, readonlyPaths: [String]? = nil, mountLabel: String? = nil,
        intelRdt: IntelRdt? = nil, personality: Personality? = nil
    ) {
        self.uidMappings = uidMappings
        self.gidMappings = gidMappings
        self.sysctl = sysctl
        self.resources = resources
        self.cgroupsPath = cgroupsPath
        self.namespaces = namespaces
        self.devices = devices
        self.seccomp = seccomp
        self.rootfsPropagation = rootfsPropagation
        self.maskedPaths = maskedPaths
        self.readonlyPaths = readonlyPaths
        self.mountLabel = mountLabel
        self.intelRdt = intelRdt
        self.personality = personality
    }

    /// `rootfsPropagation` values: the spec's four and runc's recursive spellings.
    public enum RootfsPropagation: String, Codable, Sendable, CaseIterable {
        /// `shared`.
        case shared
        /// `slave`.
        case slave
        /// `private`.
        case `private`
        /// `unbindable`.
        case unbindable
        /// `rshared`.
        case rshared
        /// `rslave`.
        case rslave
        /// `rprivate`.
        case rprivate
        /// `runbindable`.
        case runbindable

        /// Decodes a known value; any other string fails with the accepted ones.
        /// - Parameter decoder: the decoder.
        /// - Throws: `DecodingError.dataCorrupted` for an unknown value.
        public init(from decoder: any Decoder) throws {
            self = try decodeClosedSet(Self.self, from: decoder)
        }
    }

    /// `intelRdt`: Intel RDT class of service settings.
    public struct IntelRdt: Codable, Sendable, Equatable {
        /// `closID`: the resctrl class of service.
        public var closID: String?
        /// `l3CacheSchema`: the L3 cache allocation schema.
        public var l3CacheSchema: String?
        /// `memBwSchema`: the memory bandwidth schema.
        public var memBwSchema: String?
        /// `enableCMT`: cache monitoring.
        public var enableCMT: Bool?
        /// `enableMBM`: memory bandwidth monitoring.
        public var enableMBM: Bool?

        /// RDT settings.
        /// - Parameters:
        ///   - closID: the class of service.
        ///   - l3CacheSchema: the L3 schema.
        ///   - memBwSchema: the memory bandwidth schema.
        ///   - enableCMT: cache monitoring.
        ///   - enableMBM: bandwidth monitoring.
        public init(
            closID: String? = nil, l3CacheSchema: String? = nil, memBwSchema: String? = nil,
            enableCMT: Bool? = nil, enableMBM: Bool? = nil
        ) {
            self.closID = closID
            self.l3CacheSchema = l3CacheSchema
            self.memBwSchema = memBwSchema
            self.enableCMT = enableCMT
            self.enableMBM = enableMBM
        }
    }

    /// `personality`: the execution domain set with personality(2).
    public struct Personality: Codable, Sendable, Equatable {
        /// `domain`: `LINUX` or `LINUX32`.
        public var domain: Domain
        /// `flags`: additional personality flags.
        public var flags: [String]?

        /// A personality.
        /// - Parameters:
        ///   - domain: the execution domain.
        ///   - flags: the flags.
        public init(domain: Domain, flags: [String]? = nil) {
            self.domain = domain
            self.flags = flags
        }

        /// Execution domains the spec allows.
        public enum Domain: String, Codable, Sendable, CaseIterable {
            /// `LINUX`.
            case linux = "LINUX"
            /// `LINUX32`.
            case linux32 = "LINUX32"

            /// Decodes a known value; any other string fails with the accepted ones.
            /// - Parameter decoder: the decoder.
            /// - Throws: `DecodingError.dataCorrupted` for an unknown value.
            public init(from decoder: any Decoder) throws {
                self = try decodeClosedSet(Self.self, from: decoder)
            }
        }
    }
}
