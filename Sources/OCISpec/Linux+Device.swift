// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

extension Linux {
    /// One entry of `linux.devices`: a device node created in the container.
    public struct Device: Codable, Sendable, Equatable {
        /// `type`: the node kind.
        public var type: DeviceType
        /// `path`: the absolute path in the container.
        public var path: String
        /// `major`: the major number (absent for FIFOs).
        public var major: Int64?
        /// `minor`: the minor number (absent for FIFOs).
        public var minor: Int64?
        /// `fileMode`: the permission bits.
        public var fileMode: UInt32?
        /// `uid`: the owner.
        public var uid: UInt32?
        /// `gid`: the group.
        public var gid: UInt32?

        /// A device node.
        /// - Parameters:
        ///   - type: the kind.
        ///   - path: the path in the container.
        ///   - major: the major number.
        ///   - minor: the minor number.
        ///   - fileMode: the permission bits.
        ///   - uid: the owner.
        ///   - gid: the group.
        public init(
            type: DeviceType, path: String, major: Int64? = nil, minor: Int64? = nil, fileMode: UInt32? = nil,
            uid: UInt32? = nil, gid: UInt32? = nil
        ) {
            self.type = type
            self.path = path
            self.major = major
            self.minor = minor
            self.fileMode = fileMode
            self.uid = uid
            self.gid = gid
        }
    }

    /// Device node kinds.
    public enum DeviceType: String, Codable, Sendable, CaseIterable {
        /// `c`: character device.
        case character = "c"
        /// `b`: block device.
        case block = "b"
        /// `u`: unbuffered character device.
        case unbuffered = "u"
        /// `p`: FIFO.
        case fifo = "p"

        /// Decodes a known kind; any other string fails with the accepted ones.
        /// - Parameter decoder: the decoder.
        /// - Throws: `DecodingError.dataCorrupted` for an unknown kind.
        public init(from decoder: any Decoder) throws {
            self = try decodeClosedSet(Self.self, from: decoder)
        }
    }
}
