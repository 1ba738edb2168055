// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Foundation
import KataConfig
import Logging
import NIOPosix
import OCISpec
import QEMU
import Testing
import VMHarness

@testable import KataRuntime

/// Guest assets, QEMU and root for the VM tests.
enum PodFixture {
    static let guestDirectory = ProcessInfo.processInfo.environment["KATA_TEST_GUEST_DIR"] ?? "build/guest"
    static let kernel = guestDirectory + "/vmlinuz.container"
    static let initrd = guestDirectory + "/kata-containers-initrd.img"
    static let virtiofsd = "/usr/lib/qemu/virtiofsd"

    /// Whether a VM can boot here: assets, QEMU, virtiofsd, root (mounts).
    static var canBoot: Bool {
        let manager = FileManager.default
        return manager.fileExists(atPath: kernel) && manager.fileExists(atPath: initrd)
            && manager.isExecutableFile(atPath: "/usr/bin/qemu-system-x86_64")
            && manager.isExecutableFile(atPath: virtiofsd) && getuid() == 0
    }

    static let reason: Comment =
        "needs root, /usr/bin/qemu-system-x86_64, /usr/lib/qemu/virtiofsd and the guest in KATA_TEST_GUEST_DIR (make guest)"

    /// A TCG configuration booting the test guest.
    static func configuration() -> LoadedConfiguration {
        var configuration = KataConfiguration()
        configuration.hypervisor.kernel = kernel
        configuration.hypervisor.initrd = initrd
        configuration.hypervisor.accelerator = .tcg
        configuration.hypervisor.defaultMemoryMiB = 512
        configuration.hypervisor.defaultMaxVCPUs = 1
        configuration.hypervisor.virtioFSDaemon = virtiofsd
        configuration.hypervisor.virtioFSCache = .auto
        // The test kernel has the 8250 UART built in; virtio_console is a module loaded late.
        configuration.hypervisor.useLegacySerial = true
        configuration.agent.dialTimeoutSeconds = 60
        return LoadedConfiguration(
            configuration: configuration, mainFile: "/test/configuration.toml", dropIns: [], warnings: [])
    }

    static func sandboxID() -> String { "rt-test-" + UUID().uuidString.prefix(8).lowercased() }

    static var logger: Logger {
        var logger = Logger(label: "kata-runtime-test")
        logger.logLevel = ProcessInfo.processInfo.environment["KATA_TEST_LOG"] == nil ? .critical : .debug
        return logger
    }

    /// A bundle in a fresh directory: busybox rootfs and config.json with `args` (and
    /// `linux.resources.memory.limit` when `memoryLimit` is set).
    static func bundle(
        args: [String], terminal: Bool = false, emptyRootfs: Bool = false, extraMounts: [[String: Any]] = [],
        memoryLimit: Int? = nil
    ) throws -> String {
        let directory = NSTemporaryDirectory() + "kata-rt-bundle-" + UUID().uuidString.prefix(8).lowercased()
        try FileManager.default.createDirectory(atPath: directory + "/rootfs", withIntermediateDirectories: true)
        if !emptyRootfs { try BusyboxRootfs.build(at: directory + "/rootfs") }
        var json = try JSONSerialization.jsonObject(with: Data(busyboxConfigJSON.utf8)) as? [String: Any] ?? [:]
        var process = json["process"] as? [String: Any] ?? [:]
        process["args"] = args
        process["terminal"] = terminal
        json["process"] = process
        json["mounts"] = (json["mounts"] as? [[String: Any]] ?? []) + extraMounts
        if let memoryLimit {
            var linux = json["linux"] as? [String: Any] ?? [:]
            var resources = linux["resources"] as? [String: Any] ?? [:]
            resources["memory"] = ["limit": memoryLimit]
            linux["resources"] = resources
            json["linux"] = linux
        }
        let data = try JSONSerialization.data(withJSONObject: json)
        try data.write(to: URL(fileURLWithPath: directory + "/config.json"))
        return directory
    }

    /// A fresh directory under the temporary directory.
    static func directory(_ name: String) throws -> String {
        let path = NSTemporaryDirectory() + "kata-rt-\(name)-" + UUID().uuidString.prefix(8).lowercased()
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Reads stdout and stderr to their ends, concurrently.
    static func drain(_ streams: ProcessStreams) async throws -> (stdout: String, stderr: String) {
        async let stderr = readAll { await streams.readStderr() }
        let stdout = await readAll { await streams.readStdout() }
        return (stdout, await stderr)
    }

    /// Reads a stream to its end.
    static func readAll(_ read: () async -> [UInt8]?) async -> String {
        var bytes: [UInt8] = []
        while let chunk = await read() { bytes += chunk }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Processes whose command line names `sandboxID`.
    static func processes(naming sandboxID: String) -> [String] {
        let task = Process()
        task.executableURL = URL(fileURLWithPath: "/usr/bin/pgrep")
        task.arguments = ["-a", "-f", sandboxID]
        let pipe = Pipe()
        task.standardOutput = pipe
        try? task.run()
        task.waitUntilExit()
        let text = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        return text.split(separator: "\n").map(String.init).filter { !$0.contains("pgrep") }
    }

    /// Mounts under the sandbox's shared tree.
    static func mounts(of sandboxID: String) -> [String] {
        let text = (try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init).filter {
            $0.contains(sandboxID.isEmpty ? "" : "/sandboxes/\(sandboxID)")
        }
    }

    /// Leftover paths of the sandbox.
    static func leftovers(of sandboxID: String) -> [String] {
        [
            "/run/vc/sbs/\(sandboxID)", "/run/vc/vm/\(sandboxID)",
            "/run/kata-containers/shared/sandboxes/\(sandboxID)",
        ].filter { FileManager.default.fileExists(atPath: $0) }
    }
}
