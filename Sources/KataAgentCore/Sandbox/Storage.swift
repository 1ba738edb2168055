// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

/// A file system the host asks the agent to mount in the guest (agent.proto's `Storage`): the
/// pod's shared directory, a volume, a scratch tmpfs.
struct Storage: Sendable, Equatable {
    /// The storage drivers this agent handles.
    enum Driver: String, Sendable, CaseIterable {
        /// `virtio-fs`: a virtiofs tag shared by the host.
        case virtioFS = "virtio-fs"
        /// `9p`: a 9p share over virtio.
        case ninePee = "9p"
        /// `local`: a plain directory in the guest.
        case local
        /// `ephemeral`: a tmpfs (or the given fstype) in guest memory.
        case ephemeral
        /// `bind`: a bind mount of a guest path.
        case bind
    }

    /// Which handler mounts it.
    var driver: Driver
    /// What is mounted: a virtiofs tag, a guest path, "tmpfs"…
    var source: String
    /// The file system type, when the driver lets the host choose it (ephemeral).
    var fstype: String?
    /// mount(8)-style options; `local` reads `mode=`.
    var options: [String]
    /// Where it is mounted in the guest; the table's key.
    var mountPoint: String
    /// Whether it stays mounted after its last user goes.
    var shared: Bool
}
