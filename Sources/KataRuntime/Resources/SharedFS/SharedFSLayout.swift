// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

/// The host directories of a sandbox's shared file system (kata-agent spec §3.2, Go layout):
/// the runtime binds container rootfs and volumes under `mounts/`; `shared/` is a read-only,
/// slave bind of `mounts/` and is what virtiofsd exports to the guest as `kataShared`.
package struct SharedFSLayout: Sendable, Equatable {
    /// The virtio-fs tag the guest mounts.
    package static let mountTag = "kataShared"

    /// `/run/kata-containers/shared/sandboxes/<sid>`.
    package var root: String
    /// `<root>/mounts`: where the runtime binds things (read-write on the host).
    package var mounts: String
    /// `<root>/shared`: the read-only view virtiofsd serves.
    package var shared: String
    /// `<root>/staging`: a private mount where a share is bound and given its propagation and
    /// read-only flag before it moves under `mounts/`, so the copies `mounts/` propagates to
    /// `shared/` and virtiofsd are made from the finished mount.
    package var staging: String

    /// The layout of sandbox `sandboxID`.
    /// - Parameters:
    ///   - sandboxID: the sandbox.
    ///   - sandboxesRoot: the parent of all sandboxes' trees.
    package init(sandboxID: String, sandboxesRoot: String = KataPaths.hostSandboxesDirectory) {
        root = sandboxesRoot + "/" + sandboxID
        mounts = root + "/mounts"
        shared = root + "/shared"
        staging = root + "/staging"
    }
}
