// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import TOML

/// Decodes parsed files, main file first and then each drop-in, over one configuration, key by key.
struct ConfigDecoder {
    /// Hypervisor tables Go knows; each is refused with a clear message because only QEMU is implemented.
    static let otherHypervisors: Set<String> = ["clh", "firecracker", "dragonball", "stratovirt", "remote", "acrn"]

    /// Obsolete 1.x sections, with why they are gone.
    static let obsoleteSections: [String: String] = [
        "proxy": "kata-proxy was removed in Kata 2.0",
        "shim": "the per-container kata-shim was replaced by shim v2 in Kata 2.0",
        "netmon": "kata-netmon was removed after Kata 2.0",
    ]

    /// The configuration so far.
    var configuration = KataConfiguration()
    /// Warnings from every file decoded so far.
    var warnings: [ConfigWarning] = []
    /// Where each full key was last set, so later checks can name the file and line.
    var origins: [String: TOMLLocation] = [:]

    /// Decodes one parsed file over the current configuration.
    /// - Throws: `ConfigError` naming the file and line of the first bad key or section.
    mutating func decode(_ document: TOMLTable, file: String) throws(ConfigError) {
        for name in document.keys {
            guard let node = document[name] else { continue }
            switch name {
            case "hypervisor":
                try decodeHypervisors(node, file: file)
            case "agent":
                try decodeAgents(node, file: file)
            case "runtime":
                var reader = try reader(for: node, section: "runtime", file: file)
                try configuration.runtime.decode(&reader)
                finish(reader, notes: RuntimeSettings.obsoleteKeys)
            case "factory":
                var reader = try reader(for: node, section: "factory", file: file)
                try configuration.factory.decode(&reader)
                finish(reader, notes: [:])
            default:
                if let why = Self.obsoleteSections[name] {
                    warnObsolete(name, node, why: why, file: file)
                } else {
                    let what = node.value.typeName == "table" ? "section [\(name)]" : "key \(name)"
                    warnings.append(
                        ConfigWarning(
                            file: file, line: node.location.line, key: name, message: "unknown \(what) is ignored"))
                }
            }
        }
    }

    private mutating func decodeHypervisors(_ node: TOMLNode, file: String) throws(ConfigError) {
        let tables = try subtables(of: node, section: "hypervisor")
        for (name, table) in tables {
            guard name == "qemu" else {
                if Self.otherHypervisors.contains(name) {
                    throw ConfigError(
                        at: table.location, key: "hypervisor.\(name)",
                        message: "only [hypervisor.qemu] is supported by this runtime, found [hypervisor.\(name)]")
                }
                throw ConfigError(
                    at: table.location, key: "hypervisor.\(name)",
                    message: "configuration file contains invalid hypervisor section: \"\(name)\"")
            }
            var reader = try reader(for: table, section: "hypervisor.qemu", file: file)
            try configuration.hypervisor.decode(&reader)
            finish(reader, notes: QEMUSettings.obsoleteKeys)
        }
    }

    private mutating func decodeAgents(_ node: TOMLNode, file: String) throws(ConfigError) {
        let tables = try subtables(of: node, section: "agent")
        for (name, table) in tables {
            guard name == "kata" else {
                throw ConfigError(
                    at: table.location, key: "agent.\(name)",
                    message:
                        "configuration file contains invalid agent section: \"\(name)\"; only [agent.kata] is supported"
                )
            }
            var reader = try reader(for: table, section: "agent.kata", file: file)
            try configuration.agent.decode(&reader)
            finish(reader, notes: AgentSettings.obsoleteKeys)
        }
    }

    private func subtables(of node: TOMLNode, section: String) throws(ConfigError) -> [(String, TOMLNode)] {
        guard case .table(let table) = node.value else {
            throw ConfigError(
                at: node.location, key: section,
                message:
                    "\(section) must be a table of [\(section).<name>] tables, found \(node.value.typeNameWithArticle)")
        }
        return table.keys.compactMap { key in table[key].map { (key, $0) } }
    }

    private func reader(for node: TOMLNode, section: String, file: String) throws(ConfigError) -> SectionReader {
        guard case .table(let table) = node.value else {
            throw ConfigError(
                at: node.location, key: section,
                message: "[\(section)] must be a table, found \(node.value.typeNameWithArticle)"
            )
        }
        return SectionReader(table, section: section, file: file)
    }

    private mutating func finish(_ reader: SectionReader, notes: [String: String]) {
        origins.merge(reader.origins) { _, new in new }
        warnings += reader.unknownKeyWarnings(notes: notes)
    }

    private mutating func warnObsolete(_ name: String, _ node: TOMLNode, why: String, file: String) {
        var sections = [(name, node.location.line)]
        if case .table(let table) = node.value, !table.keys.isEmpty,
            table.keys.allSatisfy({ table[$0]?.value.typeName == "table" })
        {
            sections = table.keys.map { ("\(name).\($0)", table[$0]?.location.line ?? node.location.line) }
        }
        for (section, line) in sections {
            warnings.append(
                ConfigWarning(
                    file: file, line: line, key: section,
                    message: "section [\(section)] is deprecated and ignored: \(why)"))
        }
    }
}
