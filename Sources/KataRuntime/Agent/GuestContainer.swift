// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import OCISpec

/// A container as the agent creates it: the rewritten OCI spec and what the guest mounts first.
package struct GuestContainer: Sendable, Equatable {
    /// The container id.
    package var id: String
    /// The OCI spec as the guest must see it: guest paths, constrained resources, no hooks (the host
    /// runs them).
    package var spec: Spec
    /// Storages the agent mounts before it creates the container, in mount order.
    package var storages: [GuestStorage]
    /// Whether the container joins the sandbox's PID namespace (its spec named a pid namespace path).
    package var sandboxPidns: Bool

    /// A guest container.
    /// - Parameters:
    ///   - id: the container id.
    ///   - spec: the guest's spec.
    ///   - storages: the storages mounted first.
    ///   - sandboxPidns: whether to join the sandbox PID namespace.
    package init(id: String, spec: Spec, storages: [GuestStorage], sandboxPidns: Bool) {
        self.id = id
        self.spec = spec
        self.storages = storages
        self.sandboxPidns = sandboxPidns
    }
}

/// A storage the agent mounts before the container (kata-agent spec: Storage).
package struct GuestStorage: Sendable, Equatable {
    /// The agent's storage handler: `virtio-fs`, `blk`, `scsi`, `watchable-bind`…
    package var driver: String
    /// Options for the handler itself.
    package var driverOptions: [String]
    /// What is mounted: a share tag, a device address or a guest path, as the driver reads it.
    package var source: String
    /// The file system type.
    package var fstype: String
    /// mount(8)-style options.
    package var options: [String]
    /// The guest directory the storage is mounted on.
    package var mountPoint: String

    /// A storage.
    /// - Parameters:
    ///   - driver: the storage handler.
    ///   - driverOptions: the handler's options.
    ///   - source: the source.
    ///   - fstype: the file system type.
    ///   - options: the mount options.
    ///   - mountPoint: the guest mount point.
    package init(
        driver: String, driverOptions: [String] = [], source: String, fstype: String, options: [String] = [],
        mountPoint: String
    ) {
        self.driver = driver
        self.driverOptions = driverOptions
        self.source = source
        self.fstype = fstype
        self.options = options
        self.mountPoint = mountPoint
    }
}
