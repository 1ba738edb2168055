// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

/// One entry of `mounts`: a file system mounted into the container.
public struct Mount: Codable, Sendable, Equatable {
    /// `destination`: the absolute path inside the container.
    public var destination: String
    /// `type`: the file system type (`proc`, `tmpfs`, `bind`…).
    public var type: String?
    /// `source`: a device, a host path for bind mounts, or a placeholder such as `proc`.
    public var source: String?
    /// `options`: mount(8)-style options (`ro`, `rbind`, `nosuid`, `size=65536k`…).
    public var options: [String]?
    /// `uidMappings`: an idmapped mount's user id mappings.
    public var uidMappings: [IDMapping]?
    /// `gidMappings`: an idmapped mount's group id mappings.
    public var gidMappings: [IDMapping]?

    /// A mount at `destination`.
    /// - Parameters:
    ///   - destination: the absolute path in the container.
    ///   - type: the file system type.
    ///   - source: the source.
    ///   - options: the mount options.
    ///   - uidMappings: idmapped-mount user mappings.
    ///   - gidMappings: idmapped-mount group mappings.
    public init(
        destination: String, type: String? = nil, source: String? = nil, options: [String]? = nil,
        uidMappings: [IDMapping]? = nil, gidMappings: [IDMapping]? = nil
    ) {
        self.destination = destination
        self.type = type
        self.source = source
        self.options = options
        self.uidMappings = uidMappings
        self.gidMappings = gidMappings
    }
}

/// A range of ids mapped between a user namespace (or idmapped mount) and the host.
public struct IDMapping: Codable, Sendable, Equatable {
    /// `containerID`: the first id inside.
    public var containerID: UInt32
    /// `hostID`: the first id outside.
    public var hostID: UInt32
    /// `size`: how many ids the range holds.
    public var size: UInt32

    /// A mapping of `size` ids from `containerID` inside to `hostID` outside.
    /// - Parameters:
    ///   - containerID: the first id inside.
    ///   - hostID: the first id outside.
    ///   - size: the number of ids.
    public init(containerID: UInt32, hostID: UInt32, size: UInt32) {
        self.containerID = containerID
        self.hostID = hostID
        self.size = size
    }
}
