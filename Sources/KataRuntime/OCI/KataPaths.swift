// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

/// The host and guest directories of Kata's shared file system layout (Go runtime flavour).
package enum KataPaths {
    /// The guest mount point of the `kataShared` virtio-fs/9p share.
    package static let guestSharedDirectory = "/run/kata-containers/shared/containers"
    /// The guest directory of the sandbox-wide `/dev/shm` tmpfs made by CreateSandbox.
    package static let guestSandboxSHM = "/run/kata-containers/sandbox/shm"
    /// The host directory holding every sandbox's shared-fs tree.
    package static let hostSandboxesDirectory = "/run/kata-containers/shared/sandboxes"

    /// The guest path of an entry of the shared directory.
    /// - Parameter name: the entry, e.g. `<cid>/rootfs` or a volume's share name.
    /// - Returns: `/run/kata-containers/shared/containers/<name>`.
    package static func guestShared(_ name: String) -> String {
        guestSharedDirectory + "/" + name
    }

    /// The host path where the runtime binds what the guest sees as `guestShared(name)`.
    /// - Parameters:
    ///   - sandboxID: the sandbox.
    ///   - name: the entry.
    /// - Returns: `/run/kata-containers/shared/sandboxes/<sid>/mounts/<name>`.
    package static func hostMounts(sandboxID: String, _ name: String) -> String {
        hostSandboxesDirectory + "/" + sandboxID + "/mounts/" + name
    }
}
