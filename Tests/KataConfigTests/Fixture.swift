// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

@testable import KataConfig

/// A host with its assets installed and a main configuration file, for loader tests.
enum Fixture {
    static let mainPath = ConfigLoader.defaultPaths[0]
    static let host = HostResources(cpuCount: 8, memoryMiB: 16384)
    static let initrd = "/usr/share/kata-containers/kata-containers-initrd.img"
    static let assets: [String: String] = [
        "/usr/bin/qemu-system-x86_64": "",
        "/usr/share/kata-containers/vmlinuz.container": "",
        initrd: "",
        "/usr/share/kata-containers/kata-containers.img": "",
        "/usr/libexec/virtiofsd": "",
        "/usr/lib/qemu/virtiofsd": "",
        "/srv/data/a": "",
        "/srv/other/a": "",
        "/srv/b": "",
    ]
    /// The smallest valid file; rows append keys to its `[hypervisor.qemu]` table or add sections.
    static let minimal = "[hypervisor.qemu]\ninitrd = \"\(initrd)\"\n"

    static func fileSystem(
        main: String?, at path: String = mainPath, extra: [String: String] = [:]
    )
        -> MemoryFileSystem
    {
        var files = assets.merging(extra) { _, new in new }
        if let main { files[path] = main }
        return MemoryFileSystem(files: files)
    }

    static func load(
        _ main: String, dropIns: [String: String] = [:], host: HostResources = host
    ) throws(ConfigError) -> LoadedConfiguration {
        var extra: [String: String] = [:]
        for (name, text) in dropIns { extra["/etc/kata-containers/config.d/\(name)"] = text }
        let loader = ConfigLoader(fileSystem: fileSystem(main: main, extra: extra), host: host)
        return try loader.load(configPath: nil, environment: [:])
    }
}
