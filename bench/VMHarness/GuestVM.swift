// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

// A bare guest VM for tests, the demo and the benchmark floor: QEMU (TCG unless told otherwise)
// with the guest kernel and initrd and the agent channel on a virtio-serial port, and a ttRPC
// client to the agent. This is test tooling, not the runtime's QEMU driver.

import AgentAPI
import Foundation
import Logging
import NIOCore
import NIOPosix
import Synchronization
import TTRPC

/// One running guest and a client connected to its agent.
public final class GuestVM: @unchecked Sendable {
    // SAFETY: `process` is only started in `boot` and then only read (isRunning, pid, terminate),
    // which Foundation's Process allows from any thread.

    /// Files that describe what to boot.
    public struct Configuration: Sendable {
        /// The guest kernel (`vmlinuz.container`).
        public var kernel: String
        /// The initrd carrying the agent.
        public var initrd: String
        /// Guest memory in MiB.
        public var memoryMiB = 512
        /// `tcg` on hosts without usable hardware virtualization, `kvm` elsewhere.
        public var accelerator = "tcg"
        /// Extra kernel command line words (e.g. `agent.log=debug`).
        public var kernelParameters: [String] = []
        /// The QEMU binary.
        public var qemu = "/usr/bin/qemu-system-x86_64"
        /// A host directory shared into the guest with virtio-fs under the tag `kataShared`, as
        /// Kata shares container root file systems; nil for none.
        public var sharedDirectory: String?
        /// The virtio-fs daemon.
        public var virtiofsd = "/usr/lib/qemu/virtiofsd"
        /// More QEMU arguments, appended last (e.g. a `-netdev` and its NIC).
        public var extraQEMUArguments: [String] = []

        /// Creates a configuration.
        public init(kernel: String, initrd: String) {
            self.kernel = kernel
            self.initrd = initrd
        }

        /// Reads `KATA_TEST_GUEST_DIR` (default `build/guest`) and returns nil with a reason when
        /// the image or QEMU is missing.
        public static func fromEnvironment() -> (Configuration?, String) {
            let environment = ProcessInfo.processInfo.environment
            let directory = environment["KATA_TEST_GUEST_DIR"] ?? "build/guest"
            let configuration = Configuration(
                kernel: "\(directory)/vmlinuz.container",
                initrd: "\(directory)/kata-containers-initrd.img"
            )
            for path in [configuration.kernel, configuration.initrd] where !FileManager.default.fileExists(atPath: path)
            {
                return (nil, "guest image missing: \(path) (run `make guest`)")
            }
            guard FileManager.default.isExecutableFile(atPath: configuration.qemu) else {
                return (nil, "\(configuration.qemu) missing (apt-get install qemu-system-x86)")
            }
            return (configuration, "")
        }
    }

    /// Raised when the guest does not come up.
    public struct BootError: Error, CustomStringConvertible {
        /// What went wrong, with the end of the serial console.
        public var description: String
    }

    /// The QEMU process.
    public let process: Process
    /// The virtio-fs daemon, when a directory is shared.
    public let virtiofsd: Process?
    /// The current client on the agent channel (``reconnect(group:logger:timeout:)`` replaces it).
    public var client: TTRPCClient { connection.withLock { $0 } }
    /// The host end of the agent channel: QEMU's chardev socket.
    public var agentSocketPath: String { directory.appendingPathComponent("agent.sock").path }
    /// Where the guest's serial console is written.
    public let consolePath: String
    /// The VM's scratch directory (sockets, console log); removed by `stop`.
    public let directory: URL
    /// Time from QEMU spawn until the agent answered Health.Check.
    public let bootDuration: Duration

    private let connection: Mutex<TTRPCClient>
    /// The console connection ``type(_:group:)`` opened, if any.
    private let consoleInput = Mutex<(any Channel)?>(nil)

    private init(
        process: Process, virtiofsd: Process?, client: TTRPCClient, directory: URL, bootDuration: Duration
    ) {
        self.process = process
        self.virtiofsd = virtiofsd
        self.connection = Mutex(client)
        self.directory = directory
        self.consolePath = directory.appendingPathComponent("console.log").path
        self.bootDuration = bootDuration
    }

    /// The host end of the serial console, for typing into it.
    public var consoleSocketPath: String { directory.appendingPathComponent("console.sock").path }

    /// Types `text` on the guest's serial console, as a person at the console would.
    /// - Parameters:
    ///   - text: what to type, newlines included.
    ///   - group: event loops for the connection.
    /// - Throws: when QEMU's console socket does not take the connection or the bytes.
    public func type(_ text: String, group: MultiThreadedEventLoopGroup) async throws {
        // The connection stays open until `stop`: QEMU drops typed bytes the guest's UART has not
        // taken yet when the client hangs up.
        let channel: any Channel
        if let open = consoleInput.withLock({ $0 }) {
            channel = open
        } else {
            channel = try await ClientBootstrap(group: group).connect(unixDomainSocketPath: consoleSocketPath).get()
            consoleInput.withLock { $0 = channel }
        }
        var bytes = channel.allocator.buffer(capacity: text.utf8.count)
        bytes.writeString(text)
        try await channel.writeAndFlush(bytes).get()
    }

    /// The guest's serial console so far.
    public var console: String {
        (try? String(contentsOfFile: consolePath, encoding: .utf8)) ?? ""
    }

    /// Boots a guest and waits until its agent answers `grpc.Health/Check`.
    /// - Parameters:
    ///   - configuration: what to boot.
    ///   - group: event loops for the ttRPC client.
    ///   - logger: for the client.
    ///   - timeout: how long the guest may take to answer.
    /// - Returns: the running guest.
    /// - Throws: ``BootError`` naming the failure, with the console's last lines.
    public static func boot(
        _ configuration: Configuration,
        group: MultiThreadedEventLoopGroup,
        logger: Logger,
        timeout: Duration = .seconds(60)
    ) async throws -> GuestVM {
        let id = UUID().uuidString.prefix(8).lowercased()
        let directory = URL(fileURLWithPath: "/tmp/kata-test-\(id)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let socket = directory.appendingPathComponent("agent.sock").path
        let console = directory.appendingPathComponent("console.log").path
        let consoleSocket = directory.appendingPathComponent("console.sock").path
        let append =
            (["console=ttyS0", "panic=1", "agent.server_addr=serial://agent.channel.0"]
            + configuration.kernelParameters).joined(separator: " ")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: configuration.qemu)
        process.arguments =
            [
                "-name", "kata-test-\(id)",
                "-machine", "q35,accel=\(configuration.accelerator)",
                "-m", "\(configuration.memoryMiB)M", "-smp", "1",
                "-nographic", "-nodefaults", "-no-reboot",
                "-kernel", configuration.kernel, "-initrd", configuration.initrd, "-append", append,
                // A socket takes typed input (the debug console); the log file keeps all output,
                // connected or not.
                "-chardev", "socket,id=console,path=\(consoleSocket),server=on,wait=off,logfile=\(console)",
                "-serial", "chardev:console",
                "-device", "virtio-serial-pci,id=serial0",
                "-chardev", "socket,id=agent,path=\(socket),server=on,wait=off",
                "-device", "virtserialport,chardev=agent,name=agent.channel.0",
            ] + configuration.extraQEMUArguments
        var virtiofsd: Process?
        let started = ContinuousClock.now
        if let shared = configuration.sharedDirectory {
            let daemonSocket = directory.appendingPathComponent("virtiofsd.sock").path
            let daemon = Process()
            daemon.executableURL = URL(fileURLWithPath: configuration.virtiofsd)
            daemon.arguments = ["--socket-path=\(daemonSocket)", "-o", "source=\(shared)", "-o", "cache=auto"]
            daemon.standardInput = FileHandle.nullDevice
            daemon.standardOutput = FileHandle.nullDevice
            daemon.standardError = FileHandle.nullDevice
            try daemon.run()
            virtiofsd = daemon
            for _ in 0..<400 where !FileManager.default.fileExists(atPath: daemonSocket) && daemon.isRunning {
                try await Task.sleep(for: .milliseconds(5))
            }
            guard FileManager.default.fileExists(atPath: daemonSocket) else {
                await GuestVM.stopProcess(daemon)
                try? FileManager.default.removeItem(at: directory)
                throw BootError(description: "virtiofsd did not create \(daemonSocket) for \(shared)")
            }
            // virtio-fs needs guest memory QEMU can share with the daemon.
            let machine = process.arguments?.firstIndex(of: "-machine").map { $0 + 1 }
            if let machine, var arguments = process.arguments {
                arguments[machine] += ",memory-backend=mem"
                arguments += [
                    "-object", "memory-backend-memfd,id=mem,size=\(configuration.memoryMiB)M,share=on",
                    "-chardev", "socket,id=vfs,path=\(daemonSocket)",
                    "-device", "vhost-user-fs-pci,chardev=vfs,tag=kataShared",
                ]
                process.arguments = arguments
            }
        }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        let stderr = Pipe()
        process.standardError = stderr
        try process.run()

        func fail(_ message: String) async -> BootError {
            await GuestVM.stopProcess(process)
            if let virtiofsd { await GuestVM.stopProcess(virtiofsd) }
            let qemuErrors = String(decoding: stderr.fileHandleForReading.availableData, as: UTF8.self)
            let tail = ((try? String(contentsOfFile: console, encoding: .utf8)) ?? "")
                .split(separator: "\n").suffix(25).joined(separator: "\n")
            try? FileManager.default.removeItem(at: directory)
            return BootError(description: "\(message)\nqemu stderr: \(qemuErrors)\nconsole (last lines):\n\(tail)")
        }

        // QEMU creates the socket while it starts; dial until it accepts.
        var client: TTRPCClient?
        while client == nil {
            guard process.isRunning else { throw await fail("QEMU exited with status \(process.terminationStatus)") }
            guard ContinuousClock.now - started < timeout else { throw await fail("agent socket never appeared") }
            client = try? await TTRPCClient.connect(unixSocketPath: socket, group: group, logger: logger)
            if client == nil { try await Task.sleep(for: .milliseconds(20)) }
        }
        guard let client else { throw await fail("unreachable") }
        let health = Grpc_HealthClient(client: client)
        do {
            // Bytes wait in QEMU's socket until the guest opens its port, so one call suffices.
            let answer = try await health.check(Grpc_CheckRequest(), options: .init(timeout: timeout))
            guard answer.status == .serving else { throw await fail("agent health is \(answer.status)") }
        } catch let error as BootError {
            throw error
        } catch {
            throw await fail("agent did not answer Health.Check: \(error)")
        }
        return GuestVM(
            process: process, virtiofsd: virtiofsd, client: client, directory: directory,
            bootDuration: ContinuousClock.now - started)
    }

    /// Closes the current agent connection and dials a new one, as a restarted shim would, and returns
    /// once the agent answers `grpc.Health/Check` on it; the new client replaces ``client``.
    /// - Parameters:
    ///   - group: event loops for the ttRPC client.
    ///   - logger: the client's logger.
    ///   - timeout: how long the agent may take to answer on the new connection.
    /// - Returns: the new client.
    /// - Throws: the last dial or probe error once `timeout` has passed.
    @discardableResult
    public func reconnect(
        group: MultiThreadedEventLoopGroup, logger: Logger, timeout: Duration = .seconds(10)
    ) async throws -> TTRPCClient {
        await client.close()
        let deadline = ContinuousClock.now + timeout
        while true {
            do {
                let fresh = try await TTRPCClient.connect(unixSocketPath: agentSocketPath, group: group, logger: logger)
                do {
                    _ = try await Grpc_HealthClient(client: fresh).check(
                        Grpc_CheckRequest(), options: .init(timeout: .seconds(2)))
                } catch {
                    await fresh.close()
                    throw error
                }
                connection.withLock { $0 = fresh }
                return fresh
            } catch {
                guard ContinuousClock.now < deadline else { throw error }
                try await Task.sleep(for: .milliseconds(20))
            }
        }
    }

    /// Terminates QEMU and waits for it without blocking a thread (Foundation's `waitUntilExit`
    /// spins a run loop, which starves the cooperative pool).
    static func stopProcess(_ process: Process) async {
        if process.isRunning { process.terminate() }
        for _ in 0..<200 where process.isRunning {
            try? await Task.sleep(for: .milliseconds(25))
        }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// Asks the agent to destroy the sandbox (it powers the VM off as PID 1) and waits for QEMU to
    /// exit; kills QEMU if it has not within `timeout`. Removes the scratch directory.
    /// - Returns: true when the guest powered itself off.
    @discardableResult
    public func stop(timeout: Duration = .seconds(20)) async -> Bool {
        let agent = Grpc_AgentServiceClient(client: client)
        _ = try? await agent.destroySandbox(Grpc_DestroySandboxRequest(), options: .init(timeout: .seconds(5)))
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        let poweredOff = !process.isRunning
        if !poweredOff {
            await Self.stopProcess(process)
        }
        // virtiofsd leaves when QEMU closes its socket; make sure.
        if let virtiofsd {
            for _ in 0..<100 where virtiofsd.isRunning { try? await Task.sleep(for: .milliseconds(20)) }
            await Self.stopProcess(virtiofsd)
        }
        await client.close()
        if let console = consoleInput.withLock({ $0 }) { try? await console.close() }
        try? FileManager.default.removeItem(at: directory)
        return poweredOff
    }
}
