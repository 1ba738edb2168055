// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

/// A host file or directory the runtime must expose to the guest through the shared file system.
///
/// The caller binds `hostSource` onto `hostTarget` (inside the sandbox's `mounts/` tree, which the
/// VM sees read-only through `shared/`), read-only when `readOnly` and with `propagation`, before
/// CreateContainer; the guest then finds it at `guestPath`.
package struct SharedPath: Sendable, Equatable {
    /// What is shared: the bundle rootfs or a bind mount's source.
    package var hostSource: String
    /// Where the runtime binds it: `/run/kata-containers/shared/sandboxes/<sid>/mounts/<name>`.
    package var hostTarget: String
    /// Where the guest sees it: `/run/kata-containers/shared/containers/<name>`.
    package var guestPath: String
    /// Whether the bind must be read-only (the OCI mount had `ro`).
    package var readOnly: Bool
    /// Whether mounts the host makes under `hostSource` later reach the guest.
    package var propagation: Propagation

    /// Kubernetes' mount propagation modes, as the OCI mount's options spell them.
    package enum Propagation: Sendable, Equatable {
        /// `private`/`rprivate` or nothing: the guest sees the source as it was when shared.
        case `private`
        /// `slave`/`rslave` (Kubernetes' HostToContainer): later host mounts under the source
        /// reach the guest.
        case hostToContainer
        /// `shared`/`rshared` (Bidirectional): as `hostToContainer`; mounts made in the container
        /// stay in the VM, as under upstream Kata, the shared file system carrying files only.
        case bidirectional

        /// The mode the options of an OCI bind mount ask for; the last propagation option wins,
        /// as mount(8) applies them in order.
        /// - Parameter options: the mount's options.
        package init(options: [String]) {
            self = .private
            for option in options {
                switch option {
                case "private", "rprivate": self = .private
                case "slave", "rslave": self = .hostToContainer
                case "shared", "rshared": self = .bidirectional
                default: continue
                }
            }
        }
    }

    /// A share.
    /// - Parameters:
    ///   - hostSource: the host path shared.
    ///   - hostTarget: the bind target in the sandbox's share tree.
    ///   - guestPath: the path in the guest.
    ///   - readOnly: whether to bind read-only.
    ///   - propagation: whether later host mounts under the source reach the guest.
    package init(
        hostSource: String, hostTarget: String, guestPath: String, readOnly: Bool, propagation: Propagation = .private
    ) {
        self.hostSource = hostSource
        self.hostTarget = hostTarget
        self.guestPath = guestPath
        self.readOnly = readOnly
        self.propagation = propagation
    }
}
