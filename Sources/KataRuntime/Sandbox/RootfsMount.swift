// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

/// One of the rootfs mounts containerd passes with Create (a snapshotter's overlay or bind).
package struct RootfsMount: Sendable, Equatable, Codable {
    /// The file system type, e.g. `overlay` or `bind`.
    package var type: String
    /// The source, e.g. `overlay` or a directory.
    package var source: String
    /// The options, e.g. `lowerdir=…`, `upperdir=…`, `rbind`, `ro`.
    package var options: [String]

    /// A rootfs mount.
    /// - Parameters:
    ///   - type: the type.
    ///   - source: the source.
    ///   - options: the options.
    package init(type: String, source: String, options: [String]) {
        self.type = type
        self.source = source
        self.options = options
    }
}
