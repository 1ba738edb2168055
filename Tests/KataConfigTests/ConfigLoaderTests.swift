// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Testing

@testable import KataConfig

@Suite struct ConfigLoaderTests {
    static let etc = ConfigLoader.defaultPaths[0]
    static let share = ConfigLoader.defaultPaths[1]

    func loader(_ files: [String: String], symlinks: [String: String] = [:]) -> ConfigLoader {
        let all = Fixture.assets.merging(files) { _, new in new }
        return ConfigLoader(fileSystem: MemoryFileSystem(files: all, symlinks: symlinks), host: Fixture.host)
    }

    @Test func defaultPathsAreUpstreams() {
        #expect(
            ConfigLoader.defaultPaths == [
                "/etc/kata-containers/configuration.toml", "/usr/share/defaults/kata-containers/configuration.toml",
            ])
    }

    /// Rows: files present, configPath, KATA_CONF_FILE, the main file expected.
    static let searchRows: [(String, [String], String?, String?, String)] = [
        ("etc first", [etc, share], nil, nil, etc),
        ("share when etc is absent", [share], nil, nil, share),
        ("config path wins", [etc, share, "/opt/k.toml"], "/opt/k.toml", nil, "/opt/k.toml"),
        ("config path wins over env", [etc, "/opt/k.toml"], "/opt/k.toml", share, "/opt/k.toml"),
        ("empty config path means none", [etc, share], "", nil, etc),
        ("env picks a shipped file", [etc, share], nil, share, share),
    ]

    @Test(arguments: searchRows)
    func searchOrder(name: String, present: [String], configPath: String?, env: String?, expected: String) throws {
        var files: [String: String] = [:]
        for path in present { files[path] = Fixture.minimal }
        let environment = env.map { ["KATA_CONF_FILE": $0] } ?? [:]
        let loaded = try loader(files).load(configPath: configPath, environment: environment)
        #expect(loaded.mainFile == expected, "\(name)")
    }

    @Test func kataConfFileMustBeShipped() {
        let loader = loader(["/tmp/mine.toml": Fixture.minimal, Self.etc: Fixture.minimal])
        #expect {
            try loader.load(configPath: nil, environment: ["KATA_CONF_FILE": "/tmp/mine.toml"])
        } throws: { error in
            (error as? ConfigError)?.description
                == "invalid KATA_CONF_FILE \"/tmp/mine.toml\": only shipped Kata configuration files are accepted"
        }
    }

    @Test func kataConfFileIsSymlinkResolved() throws {
        let loader = loader([Self.share: Fixture.minimal], symlinks: ["/tmp/link.toml": Self.share])
        let loaded = try loader.load(configPath: nil, environment: ["KATA_CONF_FILE": "/tmp/link.toml"])
        #expect(loaded.mainFile == Self.share)
    }

    @Test func noFileFound() {
        #expect {
            try loader([:]).load(configPath: nil, environment: [:])
        } throws: { error in
            (error as? ConfigError)?.description
                == "Cannot find usable config file (config file \"\(Self.etc)\" unresolvable: file \(Self.etc) does not exist, "
                + "config file \"\(Self.share)\" unresolvable: file \(Self.share) does not exist)"
        }
    }

    @Test func missingConfigPath() {
        #expect {
            try loader([:]).load(configPath: "/opt/none.toml", environment: [:])
        } throws: { error in
            (error as? ConfigError)?.description == "/opt/none.toml: file /opt/none.toml does not exist"
        }
    }

    @Test func dropInsOverrideKeyByKeyInLexicalOrder() throws {
        let loaded = try Fixture.load(
            Fixture.minimal + "default_memory = 4096\ndefault_vcpus = 2\n",
            dropIns: [
                "20-tcg.toml": "[hypervisor.qemu]\naccelerator = \"tcg\"\ndefault_memory = 1024\n",
                "10-mem.toml": "[hypervisor.qemu]\ndefault_memory = 3072\n[runtime]\nenable_debug = true\n",
            ])
        let h = loaded.configuration.hypervisor
        #expect(h.defaultMemoryMiB == 1024)
        #expect(h.defaultVCPUs == 2)
        #expect(h.accelerator == .tcg)
        #expect(h.initrd == Fixture.initrd)
        #expect(loaded.configuration.runtime.enableDebug)
        #expect(
            loaded.dropIns == [
                "/etc/kata-containers/config.d/10-mem.toml", "/etc/kata-containers/config.d/20-tcg.toml",
            ])
        #expect(loaded.file(settingKey: "hypervisor.qemu.accelerator") == "/etc/kata-containers/config.d/20-tcg.toml")
        #expect(loaded.file(settingKey: "hypervisor.qemu.kernel") == Self.etc)
    }

    @Test func dropInsSitBesideTheResolvedMainFile() throws {
        let files = [
            "/opt/kata/configuration.toml": Fixture.minimal,
            "/opt/kata/config.d/50.toml": "[hypervisor.qemu]\ndefault_memory = 1024\n",
        ]
        let loader = loader(files, symlinks: [Self.etc: "/opt/kata/configuration.toml"])
        let loaded = try loader.load(configPath: nil, environment: [:])
        #expect(loaded.mainFile == "/opt/kata/configuration.toml")
        #expect(loaded.configuration.hypervisor.defaultMemoryMiB == 1024)
    }

    @Test func dropInErrorNamesTheDropIn() {
        #expect {
            try Fixture.load(Fixture.minimal, dropIns: ["10-bad.toml": "[hypervisor.qemu]\ndefault_memory = \"x\"\n"])
        } throws: { error in
            (error as? ConfigError)?.description.hasPrefix("/etc/kata-containers/config.d/10-bad.toml:2:1: invalid")
                == true
        }
        #expect {
            try Fixture.load(Fixture.minimal, dropIns: ["10-bad.toml": "[hypervisor.qemu\n"])
        } throws: { error in
            (error as? ConfigError)?.description
                == "/etc/kata-containers/config.d/10-bad.toml:1:17: expected ']' to close the table header [hypervisor.qemu]"
        }
        #expect {
            try Fixture.load(Fixture.minimal, dropIns: ["10-bad.toml": "[runtime]\n[runtime]\n"])
        } throws: { error in
            let error = error as? ConfigError
            return error?.key == "runtime" && error?.line == 2
                && error?.message
                    == "cannot define table [runtime]: already defined at /etc/kata-containers/config.d/10-bad.toml:1:1"
        }
    }

    @Test func dropInWarningNamesTheDropIn() throws {
        let loaded = try Fixture.load(Fixture.minimal, dropIns: ["10.toml": "[runtime]\nbogus = 1\n"])
        #expect(
            loaded.warnings.map(\.description) == [
                "/etc/kata-containers/config.d/10.toml:2: warning: unknown key runtime.bogus is ignored"
            ])
    }

    @Test func validationErrorNamesTheFileThatSetTheKey() {
        #expect {
            try Fixture.load(
                Fixture.minimal,
                dropIns: [
                    "10.toml": "[hypervisor.qemu]\nhot_plug_vfio = \"root-port\"\ncold_plug_vfio = \"root-port\"\n"
                ])
        } throws: { error in
            (error as? ConfigError)?.description.hasPrefix(
                "/etc/kata-containers/config.d/10.toml:2:1: invalid hot-plug")
                == true
        }
    }

    @Test func hostResourcesParsing() {
        #expect(HostResources.cpuCount(cpuinfo: "processor\t: 0\nflags : vmx\nprocessor\t: 1\n") == 2)
        #expect(HostResources.memoryMiB(meminfo: "MemTotal:       16384000 kB\nMemFree: 1 kB\n") == 16000)
        #expect(HostResources.current().cpuCount >= 1)
    }
}

@Suite struct LocalConfigFileSystemTests {
    @Test func resolvesSymlinksAndReportsMissingFiles() throws {
        let manager = FileManager.default
        let directory = manager.temporaryDirectory.appendingPathComponent("kataconfig-\(UUID().uuidString)").path
        try manager.createDirectory(atPath: directory + "/config.d", withIntermediateDirectories: true)
        defer { try? manager.removeItem(atPath: directory) }
        try "[runtime]\n".write(toFile: directory + "/real.toml", atomically: true, encoding: .utf8)
        try manager.createSymbolicLink(atPath: directory + "/link.toml", withDestinationPath: directory + "/real.toml")
        let fs = LocalConfigFileSystem()
        let real = try fs.resolve(directory + "/real.toml")
        #expect(try fs.resolve(directory + "/link.toml") == real)
        #expect(try fs.read(directory + "/link.toml") == "[runtime]\n")
        #expect(fs.isRegularFile(directory + "/link.toml"))
        #expect(!fs.isRegularFile(directory + "/config.d"))
        #expect(fs.directoryEntries(directory + "/config.d") == [])
        #expect(fs.directoryEntries(directory + "/none") == nil)
        #expect(throws: ConfigFileSystemError.notFound(directory + "/none.toml")) {
            try fs.resolve(directory + "/none.toml")
        }
    }
}
