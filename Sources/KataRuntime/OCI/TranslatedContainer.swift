// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import AgentAPI
package import OCISpec

/// A container's spec as the agent gets it, with what the host must do first.
package struct TranslatedContainer: Sendable, Equatable {
    /// The rewritten spec for `CreateContainerRequest.oci`.
    package var spec: Grpc_Spec
    /// Storages for `CreateContainerRequest.storages`, in mount order.
    package var storages: [Grpc_Storage]
    /// Host paths to bind into the shared directory before CreateContainer, rootfs first.
    package var shares: [SharedPath]
    /// Whether the container joins the sandbox's PID namespace (its spec named a pid namespace path).
    package var sandboxPidns: Bool
    /// The spec's hooks, none of which go to the guest: the host runs them.
    package var hostHooks: Hooks?

    /// A translation result.
    /// - Parameters:
    ///   - spec: the agent's spec.
    ///   - storages: the storages.
    ///   - shares: the host shares.
    ///   - sandboxPidns: whether to join the sandbox PID namespace.
    ///   - hostHooks: the hooks the host runs.
    package init(
        spec: Grpc_Spec, storages: [Grpc_Storage], shares: [SharedPath], sandboxPidns: Bool, hostHooks: Hooks?
    ) {
        self.spec = spec
        self.storages = storages
        self.shares = shares
        self.sandboxPidns = sandboxPidns
        self.hostHooks = hostHooks
    }

    /// The CreateContainer request for container `containerID`, as the Go runtime fills it.
    ///
    /// `exec_id` is the container id (Go's choice; runtime-rs sends ""), and no devices are attached.
    /// - Parameter containerID: the container.
    /// - Returns: the request.
    package func createContainerRequest(containerID: String) -> Grpc_CreateContainerRequest {
        var request = Grpc_CreateContainerRequest()
        request.containerID = containerID
        request.execID = containerID
        request.storages = storages
        request.oci = spec
        request.sandboxPidns = sandboxPidns
        return request
    }
}
