// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

// A bare guest VM for tests, the demo and the benchmark floor: the runtime's own QEMU driver
// (`KataRuntime.QEMUHypervisor`: the shim's command line, virtiofsd, the QMP-ready launch, TCG
// unless told otherwise) with the agent channel on a virtio-serial port, and a raw ttRPC client
// to the agent, so tests can speak the agent's wire protocol directly.

import AgentAPI
import Foundation
import KataConfig
import KataError
import KataLinux
import KataRuntime
import Logging
import NIOCore
import NIOPosix
import Synchronization
import TTRPC

/// One running guest and a client connected to its agent.
public final class GuestVM: Sendable {
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

    /// The VM as the runtime's driver runs it.
    private let machine: any VirtualMachine
    /// The current client on the agent channel (``reconnect(group:logger:timeout:)`` replaces it).
    public var client: TTRPCClient { connection.withLock { $0 } }
    /// The host end of the agent channel: QEMU's chardev socket.
    public let agentSocketPath: String
    /// Where the guest's serial console is written.
    public var consolePath: String { paths.consoleLog }
    /// The VM's scratch directory (sockets, console log); removed by `stop`.
    public var directory: URL { URL(fileURLWithPath: paths.vmDirectory) }
    /// Time from the start of virtiofsd and QEMU until the agent answered Health.Check.
    public let bootDuration: Duration
    /// The host end of the serial console, for typing into it.
    public var consoleSocketPath: String { paths.consoleSocket }

    private let paths: VMPaths
    private let scratch: String
    private let connection: Mutex<TTRPCClient>
    /// The console connection ``type(_:group:)`` opened, if any.
    private let consoleInput = Mutex<(any Channel)?>(nil)

    private init(
        machine: any VirtualMachine, client: TTRPCClient, socket: String, paths: VMPaths, scratch: String,
        bootDuration: Duration
    ) {
        self.machine = machine
        self.connection = Mutex(client)
        self.agentSocketPath = socket
        self.paths = paths
        self.scratch = scratch
        self.bootDuration = bootDuration
    }

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

    /// The process's child spawner, shared by every guest it boots.
    private static let spawner = ChildSpawner()

    /// Boots a guest through the runtime's QEMU driver and waits until its agent answers
    /// `grpc.Health/Check`.
    /// - Parameters:
    ///   - configuration: what to boot.
    ///   - group: event loops for the ttRPC client.
    ///   - logger: for the client and the driver.
    ///   - timeout: how long the guest may take to answer.
    /// - Returns: the running guest.
    /// - Throws: ``BootError`` naming the failure, with the console's last lines.
    public static func boot(
        _ configuration: Configuration,
        group: MultiThreadedEventLoopGroup,
        logger: Logger,
        timeout: Duration = .seconds(60)
    ) async throws -> GuestVM {
        let id = "kata-test-" + UUID().uuidString.prefix(8).lowercased()
        let scratch = "/tmp/\(id)"
        let paths = VMPaths(sandboxID: id, vmRoot: scratch + "/vm", stateRoot: scratch + "/state")
        try FileManager.default.createDirectory(atPath: paths.vmDirectory, withIntermediateDirectories: true)
        let shared = configuration.sharedDirectory ?? scratch + "/shared"
        try FileManager.default.createDirectory(atPath: shared, withIntermediateDirectories: true)
        let loaded = LoadedConfiguration(
            configuration: kataConfiguration(configuration), mainFile: "(GuestVM)", dropIns: [], warnings: [])
        let hypervisor = QEMUHypervisor(
            spawner: spawner, logger: logger, host: .current, extraArguments: configuration.extraQEMUArguments)
        let started = ContinuousClock.now
        let machine: any VirtualMachine
        do {
            machine = try await hypervisor.boot(
                VMBootRequest(
                    sandboxID: id, configuration: loaded, paths: paths, sharedDirectory: shared, nics: [],
                    record: { _, _ in }))
        } catch {
            try? FileManager.default.removeItem(atPath: scratch)
            throw BootError(description: "\(error)")
        }
        guard case .serial(let socket) = machine.agentChannel else {
            await machine.stop(grace: .zero) {}
            try? FileManager.default.removeItem(atPath: scratch)
            throw BootError(description: "the guest's agent channel is vsock; GuestVM speaks virtio-serial")
        }
        func fail(_ message: String) async -> BootError {
            machine.kill()
            await machine.stop(grace: .zero) {}
            let tail = ((try? String(contentsOfFile: paths.consoleLog, encoding: .utf8)) ?? "")
                .split(separator: "\n").suffix(25).joined(separator: "\n")
            try? FileManager.default.removeItem(atPath: scratch)
            return BootError(
                description: "\(message)\nqemu output: \(machine.hypervisorOutput)\nconsole (last lines):\n\(tail)")
        }
        // QEMU listens on the socket from its start; bytes wait there until the guest opens its
        // port, so one Health.Check waits out the boot.
        let client: TTRPCClient
        do {
            client = try await TTRPCClient.connect(unixSocketPath: socket, group: group, logger: logger)
        } catch {
            throw await fail("cannot connect to the agent socket \(socket): \(error)")
        }
        do {
            let answer = try await Grpc_HealthClient(client: client).check(
                Grpc_CheckRequest(), options: .init(timeout: timeout))
            guard answer.status == .serving else { throw await fail("agent health is \(answer.status)") }
        } catch let error as BootError {
            throw error
        } catch {
            await client.close()
            throw await fail("agent did not answer Health.Check: \(error)")
        }
        return GuestVM(
            machine: machine, client: client, socket: socket, paths: paths, scratch: scratch,
            bootDuration: ContinuousClock.now - started)
    }

    /// The runtime's configuration for this guest: the shipped defaults with the image, memory,
    /// accelerator and kernel parameters asked for, one vCPU, and the 8250 console (the test
    /// kernel has it built in; virtio_console is a module loaded late).
    private static func kataConfiguration(_ guest: Configuration) -> KataConfiguration {
        var configuration = KataConfiguration()
        configuration.hypervisor.path = guest.qemu
        configuration.hypervisor.kernel = guest.kernel
        configuration.hypervisor.initrd = guest.initrd
        configuration.hypervisor.accelerator = guest.accelerator == "kvm" ? .kvm : .tcg
        configuration.hypervisor.defaultMemoryMiB = UInt32(guest.memoryMiB)
        configuration.hypervisor.defaultMaxVCPUs = 1
        configuration.hypervisor.virtioFSDaemon = guest.virtiofsd
        configuration.hypervisor.virtioFSCache = .auto
        configuration.hypervisor.useLegacySerial = true
        // The debug shell is on the console: the driver then leaves the console socket to ``type``.
        configuration.agent.debugConsoleEnabled = guest.kernelParameters.contains("agent.debug_console")
        configuration.hypervisor.kernelParams = guest.kernelParameters.filter { $0 != "agent.debug_console" }
        return configuration
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

    /// Asks the agent to destroy the sandbox (it powers the VM off as PID 1) within the driver's
    /// stop, which kills QEMU if it has not exited within `timeout`. Removes the scratch directory.
    /// - Returns: true when the guest powered itself off.
    @discardableResult
    public func stop(timeout: Duration = .seconds(20)) async -> Bool {
        let agent = Grpc_AgentServiceClient(client: client)
        await machine.stop(grace: timeout) {
            _ = try? await agent.destroySandbox(Grpc_DestroySandboxRequest(), options: .init(timeout: .seconds(5)))
        }
        let poweredOff = machine.exit == .exited(0)
        await client.close()
        if let console = consoleInput.withLock({ $0 }) { try? await console.close() }
        try? FileManager.default.removeItem(atPath: scratch)
        return poweredOff
    }
}
