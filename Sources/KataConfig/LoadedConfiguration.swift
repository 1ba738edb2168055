// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import TOML

/// What `ConfigLoader.load` produces: the configuration and where it came from.
package struct LoadedConfiguration: Sendable {
    /// The merged, clamped, path-resolved and validated configuration.
    package var configuration: KataConfiguration
    /// The main file, symlinks resolved.
    package var mainFile: String
    /// The config.d files applied after it, in order.
    package var dropIns: [String]
    /// Unknown keys, obsolete sections and clamped values, in the order found.
    package var warnings: [ConfigWarning]
    /// Where each full key (e.g. `hypervisor.qemu.accelerator`) was last set; absent keys kept their default.
    package var keyLocations: [String: TOMLLocation]

    /// A loaded configuration.
    package init(
        configuration: KataConfiguration, mainFile: String, dropIns: [String], warnings: [ConfigWarning],
        keyLocations: [String: TOMLLocation] = [:]
    ) {
        self.configuration = configuration
        self.mainFile = mainFile
        self.dropIns = dropIns
        self.warnings = warnings
        self.keyLocations = keyLocations
    }

    /// The file a key was set in, or the main file when it kept its default.
    package func file(settingKey key: String) -> String {
        keyLocations[key]?.file ?? mainFile
    }

    /// Whether the configured accelerator can run on a host with `facts`; nil when it can.
    package func acceleratorProblem(facts: VirtualizationFacts) -> ConfigError? {
        AcceleratorCheck.problem(
            configuration.hypervisor.accelerator, configuredIn: file(settingKey: "hypervisor.qemu.accelerator"),
            facts: facts)
    }
}
