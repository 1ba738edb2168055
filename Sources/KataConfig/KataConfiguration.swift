// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

/// The whole configuration.toml after defaults, drop-ins, clamping and validation.
package struct KataConfiguration: Sendable, Equatable {
    /// `[hypervisor.qemu]`.
    package var hypervisor = QEMUSettings()
    /// `[agent.kata]`.
    package var agent = AgentSettings()
    /// `[runtime]`.
    package var runtime = RuntimeSettings()
    /// `[factory]`.
    package var factory = FactorySettings()

    /// A configuration with Kata's code defaults, as if the file were empty.
    package init() {}
}
