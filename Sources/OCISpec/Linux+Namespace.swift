// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

extension Linux {
    /// One entry of `namespaces`: create a namespace of `type`, or join the one at `path`.
    public struct Namespace: Codable, Sendable, Equatable {
        /// `type`: the namespace kind.
        public var type: NamespaceType
        /// `path`: an nsfs file to join (`/proc/<pid>/ns/net`); absent to create a new namespace.
        public var path: String?

        /// A namespace entry.
        /// - Parameters:
        ///   - type: the kind.
        ///   - path: the namespace to join, or `nil` to create one.
        public init(type: NamespaceType, path: String? = nil) {
            self.type = type
            self.path = path
        }
    }

    /// The namespace kinds of runtime-spec 1.1.
    public enum NamespaceType: String, Codable, Sendable, CaseIterable {
        /// `pid`.
        case pid
        /// `network`.
        case network
        /// `mount`.
        case mount
        /// `ipc`.
        case ipc
        /// `uts`.
        case uts
        /// `user`.
        case user
        /// `cgroup`.
        case cgroup
        /// `time`.
        case time

        /// Decodes a known kind; any other string fails with the accepted ones.
        /// - Parameter decoder: the decoder.
        /// - Throws: `DecodingError.dataCorrupted` for an unknown kind.
        public init(from decoder: any Decoder) throws {
            self = try decodeClosedSet(Self.self, from: decoder)
        }
    }
}
