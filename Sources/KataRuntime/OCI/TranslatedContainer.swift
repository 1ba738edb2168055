// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import OCISpec

/// A container as the agent must create it, with what the host must do first.
package struct TranslatedContainer: Sendable, Equatable {
    /// What CreateContainer carries: the guest's spec, storages and PID namespace choice.
    package var container: GuestContainer
    /// Host paths to bind into the shared directory before CreateContainer, rootfs first.
    package var shares: [SharedPath]
    /// The spec's hooks, none of which go to the guest: the host runs them.
    package var hostHooks: Hooks?

    /// A translation result.
    /// - Parameters:
    ///   - container: the container for the agent.
    ///   - shares: the host shares.
    ///   - hostHooks: the hooks the host runs.
    package init(container: GuestContainer, shares: [SharedPath], hostHooks: Hooks?) {
        self.container = container
        self.shares = shares
        self.hostHooks = hostHooks
    }
}
