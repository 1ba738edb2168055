// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import FoundationEssentials
import KataConfig
package import KataError
package import KataLinux
package import Logging
import QEMU
import Synchronization
import SystemPackage

/// The QEMU driver (config-cli-qemu spec §5): virtiofsd, then QEMU with the command line the
/// configuration asks for and QMP ready, then a reader on the guest console.
package struct QEMUHypervisor: Hypervisor {
    private let spawner: ChildSpawner
    private let logger: Logger
    private let host: VMCommandLine.Host
    private let extraArguments: [String]

    /// A driver.
    /// - Parameters:
    ///   - spawner: the process's child spawner (QEMU and virtiofsd die with the process).
    ///   - logger: the sandbox's logger.
    ///   - host: host CPUs and RAM, for the command line's maximums.
    ///   - extraArguments: appended to every command line. configuration.toml has no such key: this
    ///     is for harnesses that boot a bare guest with a device the runtime never adds (the
    ///     integration tests' user-mode NIC); the runtime passes none.
    package init(
        spawner: ChildSpawner, logger: Logger, host: VMCommandLine.Host = .current, extraArguments: [String] = []
    ) {
        self.spawner = spawner
        self.logger = logger
        self.host = host
        self.extraArguments = extraArguments
    }

    /// Starts virtiofsd, then QEMU, then the console reader; undoes what it started on failure.
    package func boot(_ request: VMBootRequest) async throws(KataError) -> any VirtualMachine {
        let loaded = request.configuration
        let settings = loaded.configuration.hypervisor
        var start = ContinuousClock.now
        var timings = VMStartTimings()
        let daemon = try await VirtioFSDaemon.start(
            settings, socketPath: request.paths.virtioFSSocket, sharedDirectory: request.sharedDirectory,
            configFile: loaded.file(settingKey: "hypervisor.qemu.virtio_fs_daemon"), spawner: spawner, logger: logger)
        var qemu: SupervisedChild?
        do throws(KataError) {
            try await request.record(.sharedFileSystemDaemon, ProcessIdentity.current(pid: daemon.process.pid))
            timings.sharedFileSystemDaemon = ContinuousClock.now - start
            start = ContinuousClock.now
            let channel = AgentChannel.choose(
                hasVhostVsock: FileSystem.exists("/dev/vhost-vsock"), paths: request.paths)
            let (nics, inherited) = Self.numbered(request.nics)
            var line = VMCommandLine.build(
                loaded.configuration, paths: request.paths, channel: channel, uuid: UUID().uuidString, host: host,
                nics: nics)
            line.extraArguments += extraArguments
            logger.info("starting qemu", metadata: ["argv": "\(line.argv.joined(separator: " "))"])
            let (process, qmp) = try await launch(line, descriptors: inherited, request: request)
            qemu = process
            try await request.record(.hypervisor, ProcessIdentity.current(pid: process.pid))
            timings.hypervisor = ContinuousClock.now - start
            return QEMUVirtualMachine(
                qemu: process, qmp: qmp, daemon: daemon, channel: channel,
                console: watchConsole(loaded.configuration, paths: request.paths), timings: timings, logger: logger)
        } catch {
            if let qemu {
                qemu.kill()
                _ = await qemu.wait()
            }
            await daemon.stop()
            throw error
        }
    }

    /// The NICs for the command line and the descriptors QEMU inherits, numbered from 4 (after
    /// QMP's 3): per NIC its vhost-net descriptors, then its tap queues (spec §5.2).
    static func numbered(_ interfaces: [VMNetworkInterface]) -> (nics: [VMCommandLine.NIC], inherited: [FileDescriptor])
    {
        var nics: [VMCommandLine.NIC] = []
        var inherited: [FileDescriptor] = []
        for interface in interfaces {
            let first = QEMULauncher.qmpDescriptor + 1 + Int32(inherited.count)
            let vhost = (0..<interface.vhost.count).map { first + Int32($0) }
            let taps = (0..<interface.taps.count).map { first + Int32(interface.vhost.count + $0) }
            inherited += interface.vhost + interface.taps
            nics.append(
                .init(netdevID: interface.netdevID, mac: interface.mac, tapDescriptors: taps, vhostDescriptors: vhost))
        }
        return (nics, inherited)
    }

    /// QEMU through the QEMU library, with `descriptors` inherited from 4 on and its stderr in the error.
    private func launch(
        _ line: QEMU.CommandLine, descriptors: [FileDescriptor], request: VMBootRequest
    ) async throws(KataError) -> (SupervisedChild, QMPClient) {
        var qemuLogger = logger
        qemuLogger[metadataKey: "component"] = "qemu"
        do {
            return try await QEMULauncher.launch(
                line, qmpSocketPath: request.paths.qmpSocket, descriptors: descriptors, spawner: spawner,
                logger: qemuLogger)
        } catch {
            throw KataError(
                .internal,
                "QEMU for sandbox \(request.sandboxID) did not start (path in [hypervisor.qemu] of "
                    + "\(request.configuration.file(settingKey: "hypervisor.qemu.path"))): \(error)")
        }
    }

    /// Attaches the console reader, unless `agent.debug_console` wants the console socket for a
    /// person: QEMU serves one client at a time. A failure only costs the console's lines.
    private func watchConsole(_ configuration: KataConfiguration, paths: VMPaths) -> ConsoleWatcher? {
        guard !configuration.agent.debugConsoleEnabled else {
            logger.info(
                "guest console left free for agent.debug_console", metadata: ["socket": "\(paths.consoleSocket)"])
            return nil
        }
        do {
            return try ConsoleWatcher(
                socketPath: paths.consoleSocket, logger: logger,
                forward: configuration.hypervisor.enableDebug || configuration.agent.enableDebug)
        } catch {
            logger.warning("cannot read the guest console", metadata: ["error": "\(error)"])
            return nil
        }
    }
}

/// A running QEMU with its virtiofsd, QMP connection and console reader.
final class QEMUVirtualMachine: VirtualMachine {
    let qemu: SupervisedChild
    let qmp: QMPClient
    let daemon: VirtioFSDaemon
    let agentChannel: AgentChannel
    let console: ConsoleWatcher?
    let startTimings: VMStartTimings
    let logger: Logger
    /// What was hot-plugged, for the next devices' ids.
    let hotplug = Mutex(QEMUHotplugState())
    /// The virtiofsd watch; cancelled and awaited by stop.
    private let daemonWatch: Task<Void, Never>

    init(
        qemu: SupervisedChild, qmp: QMPClient, daemon: VirtioFSDaemon, channel: AgentChannel,
        console: ConsoleWatcher?, timings: VMStartTimings, logger: Logger
    ) {
        self.startTimings = timings
        self.qemu = qemu
        self.qmp = qmp
        self.daemon = daemon
        self.agentChannel = channel
        self.console = console
        self.logger = logger
        self.daemonWatch = Self.watch(daemon, stopping: qemu, logger: logger)
    }

    var pid: Int32 { qemu.pid }

    var exit: VMExit? { qemu.termination }

    var bootDiagnostics: String { console?.tailForMessage ?? "" }

    var hypervisorOutput: String { qemu.capturedOutput }

    func waitUnlessCancelled() async -> VMExit? { await qemu.waitUnlessCancelled() }

    func kill() { qemu.kill() }

    /// virtiofsd serves every container's rootfs: without it the guest's file systems hang, so
    /// QEMU is stopped and the sandbox sees the VM end (Go stops the sandbox).
    private static func watch(
        _ daemon: VirtioFSDaemon, stopping qemu: SupervisedChild, logger: Logger
    ) -> Task<Void, Never> {
        Task {
            guard let termination = await daemon.process.waitUnlessCancelled(), qemu.termination == nil else {
                return
            }
            let output = daemon.process.capturedOutput.trimmingWhitespace
            logger.error(
                "virtiofsd exited unexpectedly; stopping the VM",
                metadata: [
                    "pid": "\(daemon.process.pid)", "status": "\(termination)", "output": "\(output.suffix(2000))",
                ])
            qemu.kill()
        }
    }

    func stop(grace: Duration, powerOff: @Sendable () async -> Void) async {
        // QEMU and virtiofsd now end on purpose: the watch must not report it.
        daemonWatch.cancel()
        await daemonWatch.value
        if qemu.termination == nil { await powerOff() }
        if await qemu.wait(timeout: grace) == nil {
            qemu.kill()
        }
        _ = await qemu.wait()
        await daemon.stop()
        qmp.close()
        console?.stop()
    }
}
