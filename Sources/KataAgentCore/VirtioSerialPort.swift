// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import KataLinux
package import SystemPackage

/// A virtio-serial port (QEMU `-device virtserialport,name=…`), found by its name.
///
/// The kernel lists ports as `/sys/class/virtio-ports/vport<device>p<port>/name` and creates
/// `/dev/vport<device>p<port>` for each. A port is a byte stream to a host socket; opening it succeeds
/// whether or not the host is connected, and poll(2) reports `POLLHUP` until it is.
package struct VirtioSerialPort: Sendable, Equatable {
    /// Where the kernel lists the ports, and where their device nodes are; tests point both at a
    /// temporary directory.
    package struct Directories: Sendable, Equatable {
        /// The sysfs class directory, `/sys/class/virtio-ports`.
        package var sysfs: String
        /// The device directory, `/dev`.
        package var devices: String

        /// Creates the directories.
        /// - Parameters:
        ///   - sysfs: the sysfs class directory.
        ///   - devices: the device directory.
        package init(sysfs: String = "/sys/class/virtio-ports", devices: String = "/dev") {
            self.sysfs = sysfs
            self.devices = devices
        }
    }

    /// The port's name, e.g. `agent.channel.0`.
    package var name: String
    /// The kernel's name for the port, e.g. `vport0p1`.
    package var deviceName: String
    /// The device node, e.g. `/dev/vport0p1`.
    package var devicePath: String

    /// Creates a port description.
    /// - Parameters:
    ///   - name: the port's name.
    ///   - deviceName: the kernel's name for it.
    ///   - devicePath: its device node.
    package init(name: String, deviceName: String, devicePath: String) {
        self.name = name
        self.deviceName = deviceName
        self.devicePath = devicePath
    }

    /// The names of all ports the kernel lists, by their kernel name, sorted by kernel name; empty
    /// when the directory does not exist (the virtio_console module is not loaded yet).
    /// - Parameter directories: where to look.
    /// - Returns: pairs of kernel name and port name.
    package static func all(in directories: Directories = Directories()) -> [(deviceName: String, name: String)] {
        guard let entries = try? FileSystem.directoryEntries(directories.sysfs) else {
            return []
        }
        return entries.sorted().compactMap { deviceName in
            // A port being added may not have its name yet; it shows on a later look.
            guard let text = try? FileSystem.readFile("\(directories.sysfs)/\(deviceName)/name") else {
                return nil
            }
            let name = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
            return name.isEmpty ? nil : (deviceName, name)
        }
    }

    /// The port named `name`, or nil when the kernel lists none.
    /// - Parameters:
    ///   - name: the port's name.
    ///   - directories: where to look.
    /// - Returns: the port, or nil.
    package static func find(named name: String, in directories: Directories = Directories()) -> VirtioSerialPort? {
        guard let entry = all(in: directories).first(where: { $0.name == name }) else {
            return nil
        }
        return VirtioSerialPort(
            name: name, deviceName: entry.deviceName, devicePath: "\(directories.devices)/\(entry.deviceName)")
    }

    /// Waits until the port named `name` is listed and its device node exists: at boot the
    /// virtio_console driver may still be probing, and devtmpfs creates the node after sysfs lists
    /// the port.
    /// - Parameters:
    ///   - name: the port's name.
    ///   - directories: where to look.
    ///   - timeout: how long to wait.
    ///   - interval: the pause between looks when no uevent socket can be opened.
    /// - Returns: the port, once its device node exists.
    /// - Throws: ``Error/notFound(name:timeout:available:)`` after `timeout`; `CancellationError` when
    ///   the task is cancelled.
    package static func waitForPort(
        named name: String, in directories: Directories = Directories(), timeout: Duration,
        interval: Duration = .milliseconds(10)
    ) async throws -> VirtioSerialPort {
        // A port's uevent follows its device node (devtmpfs makes the node first), so the socket,
        // opened before the first look, wakes the wait once the node is there.
        let devices = try? KernelEventSocket(.devices)
        let port = await KernelWait.lookUntilFound(timeout: timeout, wakingOn: devices?.descriptor, interval: interval)
        {
            find(named: name, in: directories).flatMap { FileSystem.exists($0.devicePath) ? $0 : nil }
        }
        if let port { return port }
        try Task.checkCancellation()
        throw Error.notFound(name: name, timeout: timeout, available: all(in: directories).map(\.name))
    }

    /// Opens the device node for reading and writing; the caller owns the descriptor.
    /// - Throws: ``Syscall/Error`` from `open`; `EBUSY` when another process has the port open.
    package func open() throws(Syscall.Error) -> FileDescriptor {
        try FileSystem.open(devicePath, .readWrite)
    }

    /// Returns once a host is connected to the port open on `fd`, polling every `interval`.
    ///
    /// Until the host's end (a QEMU chardev socket) has a client, poll(2) reports `POLLHUP`; reading
    /// then returns end of file at once and writing fails, so the ttRPC server must not be attached
    /// before this returns. When the host disconnects later, the same holds again. This is a
    /// sleep loop because nothing announces the connection: poll(2) returns at once with
    /// `POLLHUP` while the host is away, and the driver's only other notice is SIGIO, which PID 1
    /// would have to take over from its signal handling.
    /// - Parameters:
    ///   - fd: the open port; it is not closed.
    ///   - interval: the pause between polls.
    /// - Throws: ``Error/unusable(devicePath:events:)`` when poll reports an error on the descriptor,
    ///   ``Syscall/Error`` from poll, `CancellationError` when the task is cancelled.
    package func waitForHost(on fd: FileDescriptor, interval: Duration = .milliseconds(10)) async throws {
        while true {
            let events = try Poll.poll(fd, for: [.readable, .writable], timeout: .zero)
            if !events.isDisjoint(with: [.error, .invalid]) {
                throw Error.unusable(devicePath: devicePath, events: events)
            }
            if !events.contains(.hangUp) {
                return
            }
            try await Task.sleep(for: interval)
        }
    }
}
