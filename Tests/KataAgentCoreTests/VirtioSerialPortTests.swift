// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Foundation
import KataAgentCore
import KataLinux
import SystemPackage
import Testing

@Suite("VirtioSerialPort")
struct VirtioSerialPortTests {
    /// A fake `/sys/class/virtio-ports` and `/dev` in a temporary directory.
    struct FakeSysfs {
        let root: String
        var directories: VirtioSerialPort.Directories {
            VirtioSerialPort.Directories(sysfs: root + "/sys/class/virtio-ports", devices: root + "/dev")
        }

        init() throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("kata-vport-\(UUID().uuidString)").path
            try FileSystem.mkdirAll(root + "/dev")
        }

        /// Adds a port as the kernel does: sysfs entry first, then (optionally) the device node.
        func addPort(_ deviceName: String, name: String?, node: Bool = true) throws {
            let directory = "\(directories.sysfs)/\(deviceName)"
            try FileSystem.mkdirAll(directory)
            if let name {
                try FileSystem.writeFile(name + "\n", to: directory + "/name")
            }
            if node {
                try FileSystem.writeFile("", to: "\(directories.devices)/\(deviceName)")
            }
        }

        func remove() {
            try? FileManager.default.removeItem(atPath: root)
        }
    }

    @Test("ports are found by name")
    func find() throws {
        let sysfs = try FakeSysfs()
        defer { sysfs.remove() }
        #expect(VirtioSerialPort.find(named: "agent.channel.0", in: sysfs.directories) == nil)
        try sysfs.addPort("vport1p1", name: "org.qemu.guest_agent.0")
        try sysfs.addPort("vport0p1", name: "agent.channel.0")
        try sysfs.addPort("vport0p2", name: nil)
        #expect(
            VirtioSerialPort.find(named: "agent.channel.0", in: sysfs.directories)
                == VirtioSerialPort(
                    name: "agent.channel.0", deviceName: "vport0p1", devicePath: sysfs.root + "/dev/vport0p1"))
        #expect(
            VirtioSerialPort.all(in: sysfs.directories).map(\.name) == ["agent.channel.0", "org.qemu.guest_agent.0"])
        #expect(VirtioSerialPort.find(named: "agent.channel", in: sysfs.directories) == nil)
    }

    @Test("waiting returns once the port and its device node appear")
    func waitForPort() async throws {
        let sysfs = try FakeSysfs()
        defer { sysfs.remove() }
        try sysfs.addPort("vport0p1", name: "agent.channel.0", node: false)
        async let port = VirtioSerialPort.waitForPort(
            named: "agent.channel.0", in: sysfs.directories, timeout: .seconds(10))
        try await Task.sleep(for: .milliseconds(50))
        try FileSystem.writeFile("", to: sysfs.root + "/dev/vport0p1")
        #expect(try await port.deviceName == "vport0p1")
    }

    @Test("waiting times out naming the port and the ports there are")
    func waitTimesOut() async throws {
        let sysfs = try FakeSysfs()
        defer { sysfs.remove() }
        try sysfs.addPort("vport0p1", name: "other")
        await #expect(
            throws: VirtioSerialPort.Error.notFound(
                name: "agent.channel.0", timeout: .milliseconds(30), available: ["other"])
        ) {
            try await VirtioSerialPort.waitForPort(
                named: "agent.channel.0", in: sysfs.directories, timeout: .milliseconds(30))
        }
        let message = VirtioSerialPort.Error.notFound(name: "agent.channel.0", timeout: .seconds(3), available: [])
            .description
        #expect(
            message.hasPrefix("no virtio-serial port named 'agent.channel.0' appeared within 3.0 seconds (ports: none)")
        )
    }

    @Test("opening names the device path on failure")
    func openFailure() {
        let port = VirtioSerialPort(name: "a", deviceName: "vport9p9", devicePath: "/nonexistent/vport9p9")
        #expect(
            throws: Syscall.Error.syscall(name: "open", path: "/nonexistent/vport9p9", errno: .noSuchFileOrDirectory)
        ) {
            try port.open()
        }
    }

    static let port = VirtioSerialPort(name: "test", deviceName: "pipe", devicePath: "pipe")

    @Test("waitForHost returns at once when poll reports no hang-up")
    func hostConnected() async throws {
        let pipe = try FileDescriptor.pipe()
        defer {
            try? pipe.readEnd.close()
            try? pipe.writeEnd.close()
        }
        try await Self.port.waitForHost(on: pipe.writeEnd)
    }

    @Test("waitForHost keeps polling while poll reports hang-up, and stops when cancelled")
    func hostDisconnectedCancelled() async throws {
        // A pipe whose writer is closed reports POLLHUP on the read end, as a port without host does.
        let pipe = try FileDescriptor.pipe()
        try pipe.writeEnd.close()
        defer { try? pipe.readEnd.close() }
        let waiter = Task { try await Self.port.waitForHost(on: pipe.readEnd, interval: .milliseconds(5)) }
        try await Task.sleep(for: .milliseconds(50))
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
    }

    @Test("waitForHost fails on a descriptor that is not open")
    func invalidDescriptor() async throws {
        // A number far above any open descriptor: a just-closed one could be reused by another
        // test running in parallel, and poll would then see that descriptor instead.
        let notOpen = FileDescriptor(rawValue: 1 << 20)
        await #expect(throws: VirtioSerialPort.Error.unusable(devicePath: "pipe", events: .invalid)) {
            try await Self.port.waitForHost(on: notOpen)
        }
    }
}
