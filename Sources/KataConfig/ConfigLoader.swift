// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import TOML

/// Finds configuration.toml, applies its config.d drop-ins, clamps, resolves paths and validates.
package struct ConfigLoader {
    /// Go's search list: the admin's file first, then the shipped one.
    package static let defaultPaths = [
        "/etc/kata-containers/configuration.toml",
        "/usr/share/defaults/kata-containers/configuration.toml",
    ]

    /// The file system the files and assets are looked up in.
    let fileSystem: any ConfigFileSystem
    /// The host facts the clamping rules use.
    let host: HostResources

    /// A loader over `fileSystem` for a host with `host`'s CPUs and memory.
    package init(fileSystem: any ConfigFileSystem = LocalConfigFileSystem(), host: HostResources) {
        self.fileSystem = fileSystem
        self.host = host
    }

    /// Loads the configuration.
    /// - Parameters:
    ///   - configPath: containerd's ConfigPath option or the CLI's --config; nil means none given.
    ///   - environment: the process environment, for `KATA_CONF_FILE`.
    /// - Returns: the validated configuration, the files it came from and the warnings to log.
    /// - Throws: `ConfigError` naming the file (main or drop-in), line and key at fault.
    package func load(configPath: String?, environment: [String: String]) throws(ConfigError) -> LoadedConfiguration {
        let mainFile = try locateMainFile(configPath: configPath, environment: environment)
        var decoder = ConfigDecoder()
        try decode(mainFile, into: &decoder)
        let dropIns = try dropInFiles(beside: mainFile)
        for dropIn in dropIns { try decode(dropIn, into: &decoder) }

        var configuration = decoder.configuration
        let context = ConfigContext(mainFile: mainFile, origins: decoder.origins)
        let adjustments = configuration.adjust(for: host, context: context)
        try configuration.resolvePaths(fileSystem: fileSystem, context: context)
        try configuration.validate(context: context)
        // The values as written, not as clamped, so the message quotes the file.
        let unsupported = try decoder.configuration.checkSupported(context: context)
        return LoadedConfiguration(
            configuration: configuration, mainFile: mainFile, dropIns: dropIns,
            warnings: decoder.warnings + adjustments + unsupported, keyLocations: decoder.origins)
    }

    /// §2.1's order: the explicit path, else `KATA_CONF_FILE` (shipped paths only), else the first default that exists.
    func locateMainFile(configPath: String?, environment: [String: String]) throws(ConfigError) -> String {
        if let configPath, !configPath.isEmpty {
            do {
                return try fileSystem.resolve(configPath)
            } catch {
                throw ConfigError(file: configPath, message: "\(error)")
            }
        }
        if let fromEnvironment = environment["KATA_CONF_FILE"], !fromEnvironment.isEmpty {
            let resolved: String
            do {
                resolved = try fileSystem.resolve(fromEnvironment)
            } catch {
                throw ConfigError(message: "invalid KATA_CONF_FILE \"\(fromEnvironment)\": \(error)")
            }
            let shipped = Self.defaultPaths + Self.defaultPaths.compactMap { try? fileSystem.resolve($0) }
            guard shipped.contains(resolved) else {
                throw ConfigError(
                    message:
                        "invalid KATA_CONF_FILE \"\(fromEnvironment)\": only shipped Kata configuration files are accepted"
                )
            }
            return resolved
        }
        var reasons: [String] = []
        for path in Self.defaultPaths {
            do {
                return try fileSystem.resolve(path)
            } catch {
                reasons.append("config file \"\(path)\" unresolvable: \(error)")
            }
        }
        throw ConfigError(message: "Cannot find usable config file (\(reasons.joined(separator: ", ")))")
    }

    /// The files in `config.d` beside the main file, in lexical order.
    func dropInFiles(beside mainFile: String) throws(ConfigError) -> [String] {
        let directory = Self.parent(of: mainFile) + "/config.d"
        guard let names = fileSystem.directoryEntries(directory) else { return [] }
        var files: [String] = []
        for name in names.sorted() {
            let path = directory + "/" + name
            guard fileSystem.isRegularFile(path) else {
                throw ConfigError(file: path, message: "drop-in cfg file can only be a regular file or a symlink")
            }
            files.append(path)
        }
        return files
    }

    private func decode(_ file: String, into decoder: inout ConfigDecoder) throws(ConfigError) {
        let text: String
        do {
            text = try fileSystem.read(file)
        } catch {
            throw ConfigError(file: file, message: "\(error)")
        }
        let document: TOMLTable
        do {
            document = try TOMLParser.parse(text, file: file)
        } catch {
            throw ConfigError(error)
        }
        try decoder.decode(document, file: file)
    }

    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "" : String(path[..<slash])
    }
}
