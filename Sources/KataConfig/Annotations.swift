// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import FoundationEssentials
import KataLinux

/// The OCI annotation prefixes Kata reads, and the value parsers their overrides share.
package enum Annotations {
    /// Hypervisor overrides; gated by `enable_annotations`.
    package static let hypervisorPrefix = "io.katacontainers.config.hypervisor."
    /// Runtime overrides; always honoured.
    package static let runtimePrefix = "io.katacontainers.config.runtime."
    /// Agent overrides; always honoured.
    package static let agentPrefix = "io.katacontainers.config.agent."
    /// Go's vCPU pinning key, which lacks the `config.runtime` part.
    package static let vcpusPinning = "io.katacontainers.enable_vcpus_pinning"

    /// Go's key that picks another configuration file for the sandbox.
    package static let configPath = "io.katacontainers.config_path"

    /// The file to change for `key`: where it was last set, else the main file.
    static func file(of key: String, context: ConfigContext) -> String {
        context.origins[key]?.file ?? context.mainFile ?? "configuration.toml"
    }

    static func unsupported(_ key: String, detail: String? = nil) -> ConfigError {
        ConfigError(
            key: key, message: "annotation \(key) is not supported by this runtime" + (detail.map { ": \($0)" } ?? ""))
    }

    static func invalid(_ key: String, _ value: String, expected: String) -> ConfigError {
        ConfigError(key: key, message: "invalid value \"\(value)\" for annotation \(key): expected \(expected)")
    }

    /// Go's `strconv.ParseBool` spellings.
    static func bool(_ key: String, _ value: String) throws(ConfigError) -> Bool {
        switch value {
        case "1", "t", "T", "true", "TRUE", "True": return true
        case "0", "f", "F", "false", "FALSE", "False": return false
        default: throw invalid(key, value, expected: "a boolean (true or false)")
        }
    }

    static func unsigned<T: FixedWidthInteger & UnsignedInteger>(
        _ key: String, _ value: String
    ) throws(ConfigError) -> T {
        guard let number = T(value) else {
            throw invalid(key, value, expected: "an unsigned integer in 0...\(T.max)")
        }
        return number
    }

    static func double(_ key: String, _ value: String) throws(ConfigError) -> Double {
        guard let number = Double(value), number.isFinite else { throw invalid(key, value, expected: "a number") }
        return number
    }

    static func choice<E: RawRepresentable & CaseIterable>(
        _ key: String, _ value: String, as type: E.Type
    )
        throws(ConfigError) -> E where E.RawValue == String
    {
        guard let chosen = E(rawValue: value) else {
            throw invalid(key, value, expected: "one of " + E.allCases.map(\.rawValue).joined(separator: ", "))
        }
        return chosen
    }

    static func absolutePath(_ key: String, _ value: String) throws(ConfigError) -> String {
        guard value.hasPrefix("/") else { throw invalid(key, value, expected: "an absolute path") }
        return value
    }

    /// Checks a path against a `valid_*_paths` list with Go's `filepath.Match` rules (`*` stops at `/`).
    static func allowed(
        _ key: String, _ value: String, globs: [String], listKey: String, what: String, context: ConfigContext
    ) throws(ConfigError) -> String {
        let matches = globs.contains { FileSystem.matches(value, glob: $0) }
        guard matches else {
            let list = globs.map { "\"\($0)\"" }.joined(separator: ", ")
            let file = file(of: "hypervisor.qemu." + listKey, context: context)
            throw ConfigError(
                key: key,
                message:
                    "annotation \(key): \(what) \(value) required from annotation is not valid (\(listKey) = [\(list)]); "
                    + "add \"\(value)\" to \(listKey) in [hypervisor.qemu] of \(file) to allow it"
            )
        }
        return value
    }

    /// Whether an annotation suffix matches any `enable_annotations` regex (unanchored, as Go's `MatchString`).
    static func enabled(_ suffix: String, patterns: [String]) throws(ConfigError) -> Bool {
        for pattern in patterns {
            let regex: Regex<AnyRegexOutput>
            do {
                regex = try Regex(pattern)
            } catch {
                throw ConfigError(
                    key: "hypervisor.qemu.enable_annotations",
                    message: "invalid regular expression \"\(pattern)\" in hypervisor.qemu.enable_annotations")
            }
            if suffix.contains(regex) { return true }
        }
        return false
    }
}
