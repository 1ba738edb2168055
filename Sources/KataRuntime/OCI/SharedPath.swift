// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

/// A host file or directory the runtime must expose to the guest through the shared file system.
///
/// The caller binds `hostSource` onto `hostTarget` (inside the sandbox's `mounts/` tree, which the
/// VM sees read-only through `shared/`), read-only when `readOnly`, before CreateContainer; the guest
/// then finds it at `guestPath`.
package struct SharedPath: Sendable, Equatable {
    /// What is shared: the bundle rootfs or a bind mount's source.
    package var hostSource: String
    /// Where the runtime binds it: `/run/kata-containers/shared/sandboxes/<sid>/mounts/<name>`.
    package var hostTarget: String
    /// Where the guest sees it: `/run/kata-containers/shared/containers/<name>`.
    package var guestPath: String
    /// Whether the bind must be read-only (the OCI mount had `ro`).
    package var readOnly: Bool

    /// A share.
    /// - Parameters:
    ///   - hostSource: the host path shared.
    ///   - hostTarget: the bind target in the sandbox's share tree.
    ///   - guestPath: the path in the guest.
    ///   - readOnly: whether to bind read-only.
    package init(hostSource: String, hostTarget: String, guestPath: String, readOnly: Bool) {
        self.hostSource = hostSource
        self.hostTarget = hostTarget
        self.guestPath = guestPath
        self.readOnly = readOnly
    }
}
