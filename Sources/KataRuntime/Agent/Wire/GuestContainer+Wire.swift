// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import AgentAPI

extension Grpc_CreateContainerRequest {
    /// The CreateContainer request for `container`, as the Go runtime fills it.
    ///
    /// `exec_id` is the container id (Go's choice; runtime-rs sends ""); no devices, shared mounts or
    /// stdio ports are attached.
    /// - Parameter container: the guest's container.
    package init(_ container: GuestContainer) {
        self.init()
        containerID = container.id
        execID = container.id
        storages = container.storages.map(Grpc_Storage.init)
        oci = Grpc_Spec(container.spec)
        sandboxPidns = container.sandboxPidns
    }
}

extension Grpc_Storage {
    /// The agent's storage, field by field; `fs_group` and `shared` stay unset.
    /// - Parameter storage: the storage.
    package init(_ storage: GuestStorage) {
        self.init()
        driver = storage.driver
        driverOptions = storage.driverOptions
        source = storage.source
        fstype = storage.fstype
        options = storage.options
        mountPoint = storage.mountPoint
    }
}
