// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

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

    /// Runs until the host destroys the sandbox.
    /// - Throws: when the address cannot be served (no vsock transport, no such serial port).
    package func run() async throws {
        // One event-loop thread is plenty for one host connection and keeps the agent's RSS small.
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let lifecycle = AgentLifecycle()
        let agent = AgentService(lifecycle: lifecycle, guest: GuestFacts(), logger: logger)
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

    /// A virtio-serial port carries one host connection at a time; when the host hangs up, the
    /// ttRPC session is dropped whole (no half frame survives) and the port is reopened for the
    /// next host.
    private func serveSerialPort(named name: String, server: TTRPCServer, lifecycle: AgentLifecycle) async throws {
        let port = try await VirtioSerialPort.waitForPort(named: name, timeout: configuration.hotplugTimeout)
        logger.info(
            "ttrpc server on virtio-serial port", metadata: ["port": "\(name)", "device": "\(port.devicePath)"])
        while true {
            let descriptor = try port.open()
            do {
                try await port.waitForHost(on: descriptor)
            } catch {
                try? descriptor.close()
                throw error
            }
            let connection = try await server.serve(fileDescriptor: descriptor.rawValue)
            logger.debug("host connected on the agent channel")
            let stop = await withTaskGroup(of: Bool.self) { group in
                group.addTask {
                    await connection.waitClosed()
                    return false
                }
                group.addTask {
                    await lifecycle.waitForShutdown()
                    return true
                }
                let stop = await group.next() ?? true
                if stop {
                    // Waiting for the connection is not cancellable: end it (after the answers in
                    // flight, DestroySandbox's among them) so the group can finish.
                    await server.shutdown(gracePeriod: Self.shutdownGrace)
                }
                group.cancelAll()
                return stop
            }
            if stop { return }
            logger.info("host disconnected from the agent channel; waiting for the next connection")
        }
    }
}
