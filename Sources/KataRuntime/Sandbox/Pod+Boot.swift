// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import AgentAPI
import FoundationEssentials
import KataConfig
import KataError
import KataLinux
import QEMU
import SystemPackage
import TTRPC

extension Pod {
    /// Boots the VM (kata-agent spec §9.1, config-cli-qemu §5.1): checks, directories, the
    /// shared tree, virtiofsd, the pod network, QEMU, the agent, the interfaces, CreateSandbox,
    /// GetGuestDetails. Any failure undoes everything done so far.
    func boot(hostname: String, networkNamespace: String? = nil) async throws(KataError) -> Running {
        var qemu: SupervisedChild?
        var daemon: VirtioFSDaemon?
        var client: TTRPCClient?
        var network = AttachedNetwork()
        do throws(KataError) {
            var start = ContinuousClock.now
            try checkConfiguration()
            // The shared parents stay; only this sandbox's own directories are recorded and removed.
            for parent in [paths.stateDirectory, paths.vmDirectory, layout.root] {
                try makeParent(of: parent)
            }
            try makeDirectory(paths.stateDirectory)
            try persist()
            try makeDirectory(paths.vmDirectory)
            try makeSharedTree()
            recordTiming(\.configuration, since: start)

            start = ContinuousClock.now
            let settings = loaded.configuration.hypervisor
            let startedDaemon = try await VirtioFSDaemon.start(
                settings, socketPath: paths.virtioFSSocket, sharedDirectory: layout.shared,
                configFile: loaded.file(settingKey: "hypervisor.qemu.virtio_fs_daemon"), spawner: spawner,
                logger: logger)
            daemon = startedDaemon
            state.virtioFSDaemon = ProcessIdentity.current(pid: startedDaemon.process.pid)
            try persist()
            recordTiming(\.virtioFSDaemonStart, since: start)

            network = try await attachNetwork(networkNamespace)

            start = ContinuousClock.now
            let channel = AgentChannel.choose(hasVhostVsock: FileSystem.exists("/dev/vhost-vsock"), paths: paths)
            let (nics, inherited) = network.commandLine
            let line = VMCommandLine.build(
                loaded.configuration, paths: paths, channel: channel, uuid: UUID().uuidString, host: .current,
                nics: nics)
            logger.info("starting qemu", metadata: ["argv": "\(line.argv.joined(separator: " "))"])
            let launched = await launchResult(line, descriptors: inherited)
            // QEMU has its own copies now (or never will): the taps live as long as QEMU holds them.
            network.closeDescriptors()
            let (process, qmp) = try launched.get()
            qemu = process
            state.qemu = ProcessIdentity.current(pid: process.pid)
            try persist()
            let console = watchConsole()
            recordTiming(\.qemuSpawn, since: start)

            start = ContinuousClock.now
            let dialTimeout = Duration.seconds(Int64(loaded.configuration.agent.dialTimeoutSeconds))
            let connected: TTRPCClient
            do {
                connected = try await AgentDialer.dial(
                    channel, timeout: dialTimeout, configFile: loaded.file(settingKey: "agent.kata.dial_timeout"),
                    qemu: process, group: group, logger: logger)
            } catch {
                // What the guest printed (a kernel panic, an agent that failed) is the likeliest cause.
                throw KataError(
                    error.code, error.message + (console?.tailForMessage ?? ""), underlying: error.underlying)
            }
            client = connected
            recordTiming(\.guestBoot, since: start)

            start = ContinuousClock.now
            let agent = Grpc_AgentServiceClient(client: connected)
            try await announceNetwork(network.endpoints, agent: agent)
            let request = SandboxRequest.build(
                sandboxID: sandboxID, hostname: hostname, configuration: loaded.configuration, sandboxPidns: false)
            let details: Grpc_GuestDetailsResponse
            do {
                _ = try await agent.createSandbox(request, options: .init(timeout: .seconds(60)))
                details = try await agent.getGuestDetails(
                    .with {
                        $0.memBlockSize = true
                        $0.memHotplugProbe = true
                    }, options: .init(timeout: .seconds(60)))
            } catch {
                throw KataError.agent(error, rpc: "CreateSandbox", object: "sandbox \(sandboxID)")
            }
            recordTiming(\.createSandbox, since: start)
            logger.info("sandbox started", metadata: ["timings": "\(timingsValue)"])
            return Running(
                qemu: process, qmp: qmp, virtioFSDaemon: startedDaemon,
                client: connected, agent: agent, supportsSeccomp: details.agentDetails.supportsSeccomp)
        } catch {
            logger.error("sandbox start failed", metadata: ["error": "\(error)"])
            network.closeDescriptors()
            await client?.close()
            if let qemu {
                qemu.kill()
                _ = await qemu.wait()
            }
            await daemon?.stop()
            await SandboxCleanup.undo(state, paths: paths, layout: layout)
            state = SandboxState(sandboxID: sandboxID)
            throw error
        }
    }

    /// The accelerator and the guest assets, with the key and file to fix.
    private func checkConfiguration() throws(KataError) {
        if let problem = loaded.acceleratorProblem(facts: facts) {
            throw KataError(.invalidArgument, "sandbox \(sandboxID): \(problem.description)")
        }
        let settings = loaded.configuration.hypervisor
        let checks: [(key: String, path: String?)] = [
            ("path", settings.path), ("kernel", settings.kernel), ("initrd", settings.initrd),
        ]
        for (key, path) in checks {
            guard let path, !FileSystem.exists(path) else { continue }
            throw KataError(
                .invalidArgument,
                "sandbox \(sandboxID): \(key) = \"\(path)\" does not exist: fix \(key) in [hypervisor.qemu] of "
                    + loaded.file(settingKey: "hypervisor.qemu.\(key)"))
        }
        if settings.sharedFS != .virtioFS {
            throw KataError(
                .unimplemented,
                "sandbox \(sandboxID): shared_fs = \"\(settings.sharedFS.rawValue)\" is not supported yet; set "
                    + "shared_fs = \"virtio-fs\" in [hypervisor.qemu] of "
                    + loaded.file(settingKey: "hypervisor.qemu.shared_fs"))
        }
    }

    /// `mounts/` bound on itself as a shared mount, and `shared/` a read-only slave bind of it,
    /// so binds made later under `mounts/` appear in `shared/` (and in virtiofsd's namespace).
    private func makeSharedTree() throws(KataError) {
        try makeDirectory(layout.mounts, mode: 0o750)
        try makeDirectory(layout.shared, mode: 0o750)
        try HostMount.bind(layout.mounts, onto: layout.mounts, readOnly: false)
        state.mounts.append(layout.mounts)
        try persist()
        try HostMount.setPropagation(layout.mounts, .shared)
        try HostMount.bind(layout.mounts, onto: layout.shared, readOnly: true)
        state.mounts.append(layout.shared)
        try persist()
        try HostMount.setPropagation(layout.shared, .slave)
    }

    /// Attaches the console reader, unless `agent.debug_console` wants the console socket for a
    /// person: QEMU serves one client at a time. A failure only costs the console's lines.
    private func watchConsole() -> ConsoleWatcher? {
        let configuration = loaded.configuration
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

    /// QEMU through the QEMU library, with `descriptors` inherited from 4 on and its stderr in the
    /// error.
    private func launchResult(
        _ line: QEMU.CommandLine, descriptors: [FileDescriptor]
    ) async -> Result<(SupervisedChild, QMPClient), KataError> {
        var qemuLogger = logger
        qemuLogger[metadataKey: "component"] = "qemu"
        do {
            return .success(
                try await QEMULauncher.launch(
                    line, qmpSocketPath: paths.qmpSocket, descriptors: descriptors, spawner: spawner,
                    logger: qemuLogger))
        } catch {
            return .failure(
                KataError(
                    .internal,
                    "QEMU for sandbox \(sandboxID) did not start (path in [hypervisor.qemu] of "
                        + "\(loaded.file(settingKey: "hypervisor.qemu.path"))): \(error)"))
        }
    }

    /// Creates the parent of `path` (e.g. `/run/vc/sbs`), not recorded: other sandboxes use it too.
    private func makeParent(of path: String) throws(KataError) {
        let parent = FilePath(path).removingLastComponent().string
        do {
            try FileSystem.mkdirAll(parent)
        } catch {
            throw KataError(.internal, "cannot create \(parent) for sandbox \(sandboxID)", underlying: error)
        }
    }

    /// Creates `path` and missing parents, recording each directory created.
    func makeDirectory(_ path: String, mode: UInt16 = 0o755) throws(KataError) {
        var missing: [String] = []
        var current = path
        while !current.isEmpty, current != "/", !FileSystem.exists(current) {
            missing.append(current)
            current = FilePath(current).removingLastComponent().string
        }
        for directory in missing.reversed() {
            do {
                try FileSystem.mkdirAll(directory, mode: FilePermissions(rawValue: UInt32(mode)))
            } catch {
                throw KataError(.internal, "cannot create \(directory) for sandbox \(sandboxID)", underlying: error)
            }
            state.directories.append(directory)
        }
    }
}
