// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Cgroups
import KataError
import KataLinux
package import Logging
import NIOCore
import NIOPosix
import TTRPC

/// Serves ttRPC on the configured address until the host destroys the sandbox.
/// - Parameters:
///   - configuration: the agent's configuration.
///   - logger: the agent's logger.
/// - Throws: when the address cannot be served (no vsock transport, no such serial port).
package func runAgentServer(configuration: AgentConfiguration, logger: Logger) async throws {
    try await AgentServer(configuration: configuration, logger: logger).run()
}

/// Serves `grpc.AgentService` and `grpc.Health` on the configured address until `DestroySandbox`.
package struct AgentServer {
    /// How long a shutdown waits for calls in flight (DestroySandbox's own answer among them).
    static let shutdownGrace: Duration = .seconds(2)

    let configuration: AgentConfiguration
    let logger: Logger

    /// Creates a server for `configuration`.
    package init(configuration: AgentConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
    }

    /// Whether `/` is the initramfs (rootfs), which pivot_root cannot leave.
    static func rootIsInitramfs() -> Bool {
        guard let mounts = try? FileSystem.readFile("/proc/self/mounts") else { return true }
        return mounts.split(separator: "\n").contains { line in
            let fields = line.split(separator: " ")
            return fields.count > 2 && fields[1] == "/" && (fields[2] == "rootfs" || fields[0] == "rootfs")
        }
    }

    /// Runs until the host destroys the sandbox.
    /// - Throws: when the address cannot be served (no vsock transport, no such serial port).
    package func run() async throws {
        // One event-loop thread is plenty for one host connection and keeps the agent's RSS small.
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let lifecycle = AgentLifecycle()
        let poller = try IOPoller()
        let reaper = try Reaper()
        defer {
            poller.stop()
            reaper.stop()
        }
        let launcher = ProcessLauncher(
            poller: poller, reaper: reaper, pipeSize: configuration.containerPipeSize,
            noPivot: Self.rootIsInitramfs())
        var debugConsole: Task<Void, Never>?
        if configuration.debugConsole {
            if configuration.debugConsoleVsockPort != 0 {
                logger.warning(
                    "agent.debug_console_vport is not supported by this agent; the debug shell is on the console",
                    metadata: ["vport": "\(configuration.debugConsoleVsockPort)", "console": "\(DebugConsole.device)"])
            }
            let console = DebugConsole(reaper: reaper, logger: logger)
            debugConsole = Task { await console.run() }
        }
        defer { debugConsole?.cancel() }
        let cgroups = try? CgroupHierarchy.current()
        if cgroups == nil { logger.warning("no cgroup hierarchy is mounted; containers run without limits") }
        let sandbox = Sandbox(
            launcher: launcher, reaper: reaper, poller: poller, cgroups: cgroups,
            modules: KernelModules(system: LinuxSystem()), logger: logger)
        let agent = AgentService(lifecycle: lifecycle, guest: GuestFacts(), sandbox: sandbox, logger: logger)
        let server = TTRPCServer(
            services: [agent.ttrpcService, HealthService().ttrpcService],
            group: group,
            logger: logger
        )
        do {
            switch configuration.serverAddress {
            case .vsock(let cid, let port):
                _ = try await server.listen(vsockCID: cid == ServerAddress.anyCID ? nil : cid, port: port)
                logger.info("ttrpc server listening", metadata: ["address": "vsock://\(cid):\(port)"])
                await lifecycle.waitForShutdown()
            case .unix(let path):
                _ = try await server.listen(unixSocketPath: path)
                logger.info("ttrpc server listening", metadata: ["address": "unix://\(path)"])
                await lifecycle.waitForShutdown()
            case .serial(let name):
                try await serveSerialPort(named: name, server: server, lifecycle: lifecycle)
            }
        } catch {
            await server.shutdown()
            try? await group.shutdownGracefully()
            throw error
        }
        await server.shutdown(gracePeriod: Self.shutdownGrace)
        try? await group.shutdownGracefully()
        logger.info("ttrpc server stopped")
    }

    /// A virtio-serial port carries one host connection at a time. The port stays open for the
    /// agent's life; each host connection gets a fresh socket pair relayed to the port on a thread
    /// of its own (see ``SerialRelay``), so that when the host hangs up the ttRPC session is dropped
    /// whole and the next host starts clean.
    private func serveSerialPort(named name: String, server: TTRPCServer, lifecycle: AgentLifecycle) async throws {
        let port = try await VirtioSerialPort.waitForPort(named: name, timeout: configuration.hotplugTimeout)
        logger.info(
            "ttrpc server on virtio-serial port", metadata: ["port": "\(name)", "device": "\(port.devicePath)"])
        let descriptor = try port.open()
        defer { try? descriptor.close() }
        try SocketPair.setNonBlocking(descriptor)
        // The relay blocks in poll(2); it gets its own thread so the executor's few threads stay free.
        let relayThread = NIOThreadPool(numberOfThreads: 1)
        relayThread.start()
        defer { relayThread.shutdownGracefully { _ in } }
        while true {
            try await port.waitForHost(on: descriptor)
            let (relayEnd, serverEnd) = try SocketPair.stream()
            let connection: TTRPCConnection
            do {
                try SocketPair.setNonBlocking(relayEnd)
                connection = try await server.serve(connectedSocket: serverEnd.rawValue)
            } catch {
                try? serverEnd.close()
                try? relayEnd.close()
                throw error
            }
            logger.debug("host connected on the agent channel")
            let relay = SerialRelay(port: descriptor, socket: relayEnd)
            let outcome: Result<SerialRelay.Ending, any Error>
            do {
                outcome = .success(
                    try await relayUntilEnd(relay, on: relayThread, server: server, lifecycle: lifecycle))
            } catch {
                outcome = .failure(error)
            }
            // The server sees end of file on its end and drops the session's calls.
            try? relayEnd.close()
            await connection.waitClosed()
            if lifecycle.isStopping { return }
            if try outcome.get() == .serverClosed {
                throw KataError(.internal, "the ttrpc server closed the agent channel without a shutdown")
            }
            logger.info("host disconnected from the agent channel; waiting for the next connection")
        }
    }

    /// Runs `relay` on `thread` until it ends, or until shutdown closes the server's end.
    private func relayUntilEnd(
        _ relay: SerialRelay, on thread: NIOThreadPool, server: TTRPCServer, lifecycle: AgentLifecycle
    ) async throws -> SerialRelay.Ending {
        try await withThrowingTaskGroup(of: SerialRelay.Ending?.self) { group in
            group.addTask { try await thread.runIfActive { try relay.run() } }
            group.addTask {
                await lifecycle.waitForShutdown()
                guard !Task.isCancelled else { return nil }
                // Closing the server's end after the answers in flight (DestroySandbox's among
                // them) ends the relay once it has passed them to the port.
                await server.shutdown(gracePeriod: Self.shutdownGrace)
                return nil
            }
            var ending: SerialRelay.Ending?
            while let result = try await group.next() {
                if let result {
                    ending = result
                    group.cancelAll()
                }
            }
            return ending ?? .serverClosed
        }
    }
}
