// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Foundation
import KataConfig
import KataError
import KataLinux
import KataTestSupport
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

    /// A sandbox that boots real VMs (QEMU, virtiofsd, the agent over ttRPC), with in-memory client
    /// stdio and recorded events.
    struct VMSandbox {
        let sandbox: Sandbox
        let sandboxID: String
        let stdio: MemoryStdio
        let events: RecordingEvents
        let group: MultiThreadedEventLoopGroup

        /// Creates container `id` running `bundle`, its stdout named after it.
        @discardableResult
        func create(
            _ id: String, bundle: String, rootfs: [RootfsMount] = [], terminal: Bool = false
        ) async throws
            -> UInt32
        {
            try await sandbox.create(
                ContainerCreation(
                    id: id, bundle: bundle, rootfs: rootfs,
                    stdio: ProcessStdio(stdin: "", stdout: "/mem/\(id)", stderr: "", terminal: terminal),
                    configPath: nil))
        }

        /// Registers exec `key` of `processJSON`, its stdout named after it.
        func exec(_ key: ProcessKey, _ processJSON: String) async throws {
            try await sandbox.exec(
                key, processJSON: Array(processJSON.utf8),
                stdio: ProcessStdio(stdin: "", stdout: "/mem/\(key)", stderr: "", terminal: false))
        }

        /// The client stdio of a started process.
        func io(_ key: ProcessKey) throws -> MemoryProcessIO {
            try #require(stdio.named(key.execID == nil ? "/mem/\(key.containerID)" : "/mem/\(key)"))
        }

        /// Waits for the process's exit.
        func wait(_ key: ProcessKey) async throws -> KataRuntime.ExitStatus {
            try await sandbox.exitLatch(key).wait()
        }

        /// Shuts down and stops the event loops.
        func tearDown() async throws {
            await sandbox.shutdown()
            try await group.shutdownGracefully()
        }
    }

    /// A sandbox on the production environment with `configuration`.
    static func vmSandbox(
        _ configuration: LoadedConfiguration = configuration(), facts: VirtualizationFacts = .current(),
        adjust: (inout SandboxEnvironment) -> Void = { _ in }
    ) -> VMSandbox {
        let sid = sandboxID()
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        var environment = SandboxEnvironment.production(
            sandboxID: sid, spawner: ChildSpawner(), group: group, logger: logger)
        environment.facts = facts
        // The real host cgroups move the calling process: here the test runner, shared by every
        // sandbox of the run. The shim suites check the real placement, one shim per sandbox.
        environment.hostCgroups = FakeHostCgroups()
        adjust(&environment)
        let stdio = MemoryStdio()
        let events = RecordingEvents()
        let sandbox = Sandbox(
            sandboxID: sid, environment: environment, configure: { _ throws(KataError) in configuration },
            stdio: stdio, events: events, logger: logger)
        return VMSandbox(sandbox: sandbox, sandboxID: sid, stdio: stdio, events: events, group: group)
    }

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
        // Each container its own cgroup in the guest: a kill of "all" of one must not reach another.
        var linux = json["linux"] as? [String: Any] ?? [:]
        linux["cgroupsPath"] = "/kata-test/" + UUID().uuidString.prefix(8).lowercased()
        json["linux"] = linux
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
        MountTableSnapshot.lines().filter {
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
