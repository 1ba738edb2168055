// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Testing

@testable import KataConfig

/// The file we install must load on our layout without a single warning.
@Suite struct ShippedConfigTests {
    static let repoFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("config/configuration.toml").path

    func load() throws -> LoadedConfiguration {
        let text = try String(contentsOfFile: Self.repoFile, encoding: .utf8)
        let files = [
            ConfigLoader.defaultPaths[1]: text,
            "/usr/bin/qemu-system-x86_64": "",
            "/usr/share/kata-containers/vmlinuz.container": "",
            "/usr/share/kata-containers/kata-containers-initrd.img": "",
            "/usr/lib/qemu/virtiofsd": "",
        ]
        let loader = ConfigLoader(fileSystem: MemoryFileSystem(files: files), host: Fixture.host)
        return try loader.load(configPath: nil, environment: [:])
    }

    @Test func loadsWithZeroWarnings() throws {
        let loaded = try load()
        #expect(loaded.warnings.isEmpty, "\(loaded.warnings)")
        #expect(loaded.mainFile == ConfigLoader.defaultPaths[1])
    }

    @Test func holdsOurLayout() throws {
        let c = try load().configuration
        #expect(c.hypervisor.path == "/usr/bin/qemu-system-x86_64")
        #expect(c.hypervisor.kernel == "/usr/share/kata-containers/vmlinuz.container")
        #expect(c.hypervisor.initrd == "/usr/share/kata-containers/kata-containers-initrd.img")
        #expect(c.hypervisor.image == nil)
        #expect(c.hypervisor.accelerator == .kvm)
        #expect(c.hypervisor.sharedFS == .virtioFS)
        #expect(c.hypervisor.virtioFSDaemon == "/usr/lib/qemu/virtiofsd")
        #expect(c.hypervisor.validVirtioFSDaemonPaths == ["/usr/lib/qemu/virtiofsd"])
        #expect(c.hypervisor.virtioFSCache == .auto)
        #expect(c.hypervisor.defaultMemoryMiB == 2048)
        #expect(c.hypervisor.disableBlockDeviceUse)
        #expect(c.hypervisor.kernelParams.isEmpty)
        #expect(c.hypervisor.defaultMaxVCPUs == 8)
        #expect(c.hypervisor.defaultMaxMemoryMiB == 16384)
        #expect(c.agent.dialTimeoutSeconds == 45)
        #expect(c.runtime.internetworkingModel == .tcfilter)
    }

    @Test func everyKeyHasAComment() throws {
        let lines = try String(contentsOfFile: Self.repoFile, encoding: .utf8).split(
            separator: "\n", omittingEmptySubsequences: false)
        for (index, line) in lines.enumerated() where line.contains(" = ") && !line.hasPrefix("#") {
            var previous = index - 1
            while previous >= 0, lines[previous].contains(" = "), !lines[previous].hasPrefix("#") { previous -= 1 }
            #expect(previous >= 0 && lines[previous].hasPrefix("#"), "line \(index + 1) has no comment: \(line)")
        }
    }
}
