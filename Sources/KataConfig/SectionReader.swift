// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import TOML

/// Reads typed values out of one TOML table, remembering which keys it read and where each was written.
struct SectionReader {
    /// The table being read.
    let table: TOMLTable
    /// The dotted section name, e.g. `hypervisor.qemu`.
    let section: String
    /// The file the table came from.
    let file: String
    /// Keys the decoder asked for, known or not present.
    private(set) var known: Set<String> = []
    /// Where each full key that was present was written.
    private(set) var origins: [String: TOMLLocation] = [:]
    /// Warnings from tables nested in this one, such as array-of-tables entries.
    var nestedWarnings: [ConfigWarning] = []

    init(_ table: TOMLTable, section: String, file: String) {
        self.table = table
        self.section = section
        self.file = file
    }

    func fullKey(_ key: String) -> String { "\(section).\(key)" }

    /// The node for `key`, marking the key as known.
    mutating func node(_ key: String) -> TOMLNode? {
        known.insert(key)
        guard let node = table[key] else { return nil }
        origins[fullKey(key)] = node.location
        return node
    }

    func typeError(_ key: String, _ node: TOMLNode, expected: String) -> ConfigError {
        ConfigError(
            at: node.location, key: fullKey(key),
            message:
                "invalid \(fullKey(key)) = \(node.value.literal): expected \(expected), found \(node.value.typeNameWithArticle)"
        )
    }

    func valueError(_ key: String, _ node: TOMLNode, _ reason: String) -> ConfigError {
        ConfigError(
            at: node.location, key: fullKey(key), message: "invalid \(fullKey(key)) = \(node.value.literal): \(reason)")
    }

    mutating func bool(_ key: String, _ target: inout Bool) throws(ConfigError) {
        guard let node = node(key) else { return }
        guard case .boolean(let value) = node.value else { throw typeError(key, node, expected: "a boolean") }
        target = value
    }

    mutating func string(_ key: String, _ target: inout String) throws(ConfigError) {
        guard let node = node(key) else { return }
        guard case .string(let value) = node.value else { throw typeError(key, node, expected: "a string") }
        target = value
    }

    /// A string where `""` means absent, as in Kata's files.
    mutating func optionalString(_ key: String, _ target: inout String?) throws(ConfigError) {
        guard let node = node(key) else { return }
        guard case .string(let value) = node.value else { throw typeError(key, node, expected: "a string") }
        target = value.isEmpty ? nil : value
    }

    mutating func strings(_ key: String, _ target: inout [String]) throws(ConfigError) {
        guard let node = node(key) else { return }
        guard case .array(let items, _) = node.value else {
            throw typeError(key, node, expected: "an array of strings")
        }
        var values: [String] = []
        for item in items {
            guard case .string(let value) = item.value else {
                throw typeError(key, node, expected: "an array of strings")
            }
            values.append(value)
        }
        target = values
    }

    mutating func unsigned<T: FixedWidthInteger & UnsignedInteger>(_ key: String, _ target: inout T) throws(ConfigError)
    {
        guard let node = node(key) else { return }
        let expected = "an unsigned integer in 0...\(T.max)"
        guard case .integer(let value) = node.value else { throw typeError(key, node, expected: expected) }
        guard let converted = T(exactly: value) else {
            throw valueError(key, node, "out of range, expected an unsigned integer in 0...\(T.max)")
        }
        target = converted
    }

    /// A float; integers are accepted because Go's decoder takes `default_vcpus = 2`.
    mutating func double(_ key: String, _ target: inout Double) throws(ConfigError) {
        guard let node = node(key) else { return }
        switch node.value {
        case .float(let value) where value.isFinite: target = value
        case .integer(let value): target = Double(value)
        case .float: throw valueError(key, node, "expected a finite number")
        default: throw typeError(key, node, expected: "a number")
        }
    }

    /// A closed set of strings; `reason` gives upstream's message for a value outside it.
    mutating func choice<E: RawRepresentable & CaseIterable>(
        _ key: String, _ target: inout E, aliases: [String: E] = [:], reason: ((String) -> String)? = nil
    ) throws(ConfigError) where E.RawValue == String {
        guard let node = node(key) else { return }
        guard case .string(let text) = node.value else { throw typeError(key, node, expected: "a string") }
        if let value = E(rawValue: text) ?? aliases[text] {
            target = value
            return
        }
        let allowed = E.allCases.map(\.rawValue) + aliases.keys.sorted()
        let message = reason?(text) ?? "expected one of \(allowed.map { "\"\($0)\"" }.joined(separator: ", "))"
        throw valueError(key, node, message)
    }

    /// A closed set where `""` means absent.
    mutating func optionalChoice<E: RawRepresentable & CaseIterable>(
        _ key: String, _ target: inout E?, reason: ((String) -> String)? = nil
    ) throws(ConfigError) where E.RawValue == String {
        guard let present = table[key] else {
            known.insert(key)
            return
        }
        if case .string("") = present.value {
            _ = node(key)
            target = nil
            return
        }
        guard var chosen = target ?? E.allCases.first else { return }
        try choice(key, &chosen, reason: reason)
        target = chosen
    }

    /// Warnings for keys nobody asked for; `notes` gives a better message for keys known to be obsolete.
    func unknownKeyWarnings(notes: [String: String]) -> [ConfigWarning] {
        nestedWarnings
            + table.keys.filter { !known.contains($0) }.map { key in
                let line = table[key]?.location.line
                let message = notes[key].map { "\(fullKey(key)): \($0)" } ?? "unknown key \(fullKey(key)) is ignored"
                return ConfigWarning(file: file, line: line, key: fullKey(key), message: message)
            }
    }
}
