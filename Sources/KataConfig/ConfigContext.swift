// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import TOML

/// Where each key was set, so checks after decoding can point at the file and line to fix.
struct ConfigContext {
    /// The main configuration file; keys left at their defaults are attributed to it. Nil for annotations.
    var mainFile: String?
    /// Where each full key was last set.
    var origins: [String: TOMLLocation]

    func warning(_ key: String, _ message: String) -> ConfigWarning {
        ConfigWarning(file: origins[key]?.file ?? mainFile ?? "", line: origins[key]?.line, key: key, message: message)
    }

    func adjusted(
        _ key: String, from old: some CustomStringConvertible, to new: some CustomStringConvertible, because why: String
    )
        -> ConfigWarning
    {
        warning(key, "adjusted \(key) from \(old) to \(new) because \(why)")
    }

    func error(_ key: String, _ message: String) -> ConfigError {
        ConfigError(
            file: origins[key]?.file ?? mainFile, line: origins[key]?.line, column: origins[key]?.column, key: key,
            message: message)
    }
}
