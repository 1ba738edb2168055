// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataCLI

/// The one place the executable connects the CLI to the configuration loader.
enum ConfigurationWiring {
    /// The default configuration files, `/etc` first.
    static let defaultPaths = [
        "/etc/kata-containers/configuration.toml",
        "/usr/share/defaults/kata-containers/configuration.toml",
    ]

    /// Loads the configuration for a `--config` value.
    ///
    /// The KataConfig loader is not merged into this branch yet, so this refuses instead of
    /// inventing settings.
    static func load(_ path: String?, _ environment: [String: String]) throws(CLIError) -> LoadedSettings {
        throw CLIError("the configuration loader is not part of this build yet; no configuration was read")
    }
}
