// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataCLI
import KataConfig

/// The one place the executable connects the CLI to the configuration loader.
enum ConfigurationWiring {
    /// The default configuration files, `/etc` first.
    static let defaultPaths = ConfigLoader.defaultPaths

    /// Loads the configuration for a `--config` value with KataConfig's loader (which also honours
    /// `KATA_CONF_FILE` from `environment`).
    /// - Throws: ``CLIError`` with the loader's message, naming the file, line and key at fault.
    static func load(_ path: String?, _ environment: [String: String]) throws(CLIError) -> LoadedSettings {
        let loader = ConfigLoader(host: HostResources.current())
        do {
            let loaded = try loader.load(configPath: path, environment: environment)
            return LoadedSettings(
                configuration: loaded.configuration, mainFile: loaded.mainFile,
                warnings: loaded.warnings.map(\.description))
        } catch {
            throw CLIError(error.description)
        }
    }
}
