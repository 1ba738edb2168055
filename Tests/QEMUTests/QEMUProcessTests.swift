// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Foundation
import KataLinux
import Logging
import QEMU
import Testing

private let qemuBinary = "/usr/bin/qemu-system-x86_64"

/// Real QEMU, paused under TCG without a guest kernel: a few hundred milliseconds per test.
@Suite(
    .enabled(
        if: FileManager.default.isExecutableFile(atPath: qemuBinary),
        "needs /usr/bin/qemu-system-x86_64 (apt-get install qemu-system-x86)"),
    .timeLimit(.minutes(1))
)
struct QEMUProcessTests {
    static let binary = qemuBinary
    static let spawner = ChildSpawner()
    let logger = Logger(label: "qemu-tests")

    static func pausedTCG(devices: [any QEMU.Argument] = []) -> QEMU.CommandLine {
        var line = QEMU.CommandLine(binary: binary, machine: QEMU.Machine(type: "q35", accelerator: .tcg))
        line.qmp = [QEMU.QMPSocket(.inheritedDescriptor(3))]
        line.memory = QEMU.Memory(sizeMiB: 128)
        line.devices = devices
        line.rtc = nil
        line.startPaused = true
        return line
    }

    static func socketPath() -> String { "/tmp/qemu-test-\(UUID().uuidString.prefix(8)).sock" }

    static func isGone(_ pid: Int32) -> Bool { !FileManager.default.fileExists(atPath: "/proc/\(pid)") }

    @Test func pausedVMAnswersQMPAndQuits() async throws {
        let (process, qmp) = try await QEMULauncher.launch(
            Self.pausedTCG(), qmpSocketPath: Self.socketPath(), spawner: Self.spawner, logger: logger)
        let status = try await qmp.queryStatus()
        #expect(status.state == .prelaunch)
        #expect(!status.running)
        let version = try await qmp.queryVersion()
        #expect(version == qmp.greeting.version)
        #expect(version.major >= 5)
        try await qmp.quit()
        #expect(await process.wait() == .exited(0))
        #expect(Self.isGone(process.pid))
    }

    @Test func sigkillEndsTheVMAndPendingQMPCallsFail() async throws {
        let path = Self.socketPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (process, qmp) = try await QEMULauncher.launch(
            Self.pausedTCG(), qmpSocketPath: path, spawner: Self.spawner, logger: logger)
        try await qmp.cont()
        #expect(try await qmp.queryStatus().state == .running)
        process.kill()
        #expect(await process.wait() == .signaled(9))
        #expect(process.termination == .signaled(9))
        #expect(Self.isGone(process.pid))
        await #expect(throws: QMPClient.Error.self) { try await qmp.queryStatus() }
        process.kill()  // after the exit: nothing happens
    }

    @Test func aBadDeviceFailsTheLaunchWithQEMUsMessage() async throws {
        let line = Self.pausedTCG(devices: [QEMU.GenericDevice(QEMU.Options("no-such-device"))])
        do {
            _ = try await QEMULauncher.launch(
                line, qmpSocketPath: Self.socketPath(), spawner: Self.spawner, logger: logger)
            Issue.record("launch succeeded with an unknown device")
        } catch {
            guard case .exited(.exited(1), let output) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(output.contains("qemu-system-x86_64: -device no-such-device:"), "\(output)")
            #expect(error.description.contains("no-such-device"))
        }
    }

    @Test func aMissingBinaryIsASpawnError() async throws {
        var line = Self.pausedTCG()
        line.binary = "/nonexistent/qemu-system-x86_64"
        await #expect(throws: QEMULauncher.Error.self) {
            _ = try await QEMULauncher.launch(
                line, qmpSocketPath: Self.socketPath(), spawner: Self.spawner, logger: logger)
        }
    }

    @Test func aCommandLineWithoutTheInheritedQMPSocketIsRefused() async throws {
        var line = Self.pausedTCG()
        line.qmp = [QEMU.QMPSocket(.path("/tmp/x.sock"))]
        await #expect(throws: QEMULauncher.Error.self) {
            _ = try await QEMULauncher.launch(
                line, qmpSocketPath: Self.socketPath(), spawner: Self.spawner, logger: logger)
        }
    }
}
