// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Dispatch
import FoundationEssentials
import KataConfig
import KataError
import KataLinux
import KataRuntime
import Logging
import NIOPosix
import SystemPackage
import TTRPC

/// The daemon: serves the Task API on the listener `start` passed as descriptor 3 (or on
/// `-socket`), logs to the bundle's `log` FIFO, and exits after a Shutdown that finds no task
/// left, or on SIGTERM/SIGINT.
package enum ShimServe {
    /// The descriptor `start` hands the daemon its listening socket on.
    package static let listenerDescriptor: CInt = 3

    /// Serves until shutdown and cleans up (socket file, event queue).
    /// - Parameters:
    ///   - arguments: the parsed command line (no action).
    ///   - environment: the process environment (`KATA_CONF_FILE`).
    /// - Throws: `KataError` when the listener cannot be served.
    package static func run(_ arguments: ShimArguments, environment: [String: String]) async throws {
        try? Signals.ignore(.pipe)
        try? CurrentProcess.setChildSubreaper()
        let logFD = try? FileSystem.open("log", .writeOnly, options: [.nonBlocking])
        if let logFD {
            _ = try? logFD.duplicate(as: .standardError)
        }
        let sink = FIFOLogHandler.Sink(logFD)
        let level = ShimLogLevel(arguments.debug ? .debug : .info)
        var logger = Logger(label: "containerd-shim-kata-v2") { label in
            FIFOLogHandler(label: label, sink: sink, level: level)
        }
        logger[metadataKey: "sandbox"] = "\(arguments.id)"
        logger[metadataKey: "pid"] = "\(CurrentProcess.id)"

        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let publisher: EventPublisher? = arguments.ttrpcAddress.map {
            EventPublisher(socketPath: $0, namespace: arguments.namespace, group: group, logger: logger)
        }
        publisher?.start()
        let events: any EventSink = publisher ?? LoggingEventSink(logger: logger)
        let sandbox = Sandbox(
            sandboxID: arguments.id,
            environment: .production(sandboxID: arguments.id, spawner: ChildSpawner(), group: group, logger: logger),
            configure: { [logger] path throws(KataError) in
                try loadConfiguration(path, environment: environment, level: level, logger: logger)
            },
            stdio: StdioConnector(monitor: try? ReadinessMonitor(), logger: logger), events: ContainerdEvents(events),
            logger: logger)
        let shutdown = Latch<Bool>()
        let service = TaskService(
            sandbox: sandbox, shimPid: UInt32(CurrentProcess.id), shutdownRequested: shutdown, logger: logger)
        let server = TTRPCServer(services: [service.ttrpcService], group: group, logger: logger)
        let socketPath =
            arguments.socket
            ?? ShimAddress(
                containerdAddress: arguments.containerdAddress, namespace: arguments.namespace, groupID: arguments.id
            ).path
        do {
            if let path = arguments.socket {
                _ = try await server.listen(unixSocketPath: path)
            } else {
                _ = try await server.listen(boundSocket: listenerDescriptor)
            }
        } catch {
            logger.error("cannot serve", metadata: ["error": "\(error)"])
            await publisher?.close(timeout: .zero)
            try? await group.shutdownGracefully()
            throw KataError(.unavailable, "serve ttrpc on \(socketPath): \(error)")
        }
        logger.info("shim serving", metadata: ["socket": "\(socketPath)"])
        let signalSources = [Signal.terminate, Signal.interrupt].map { signal in
            try? Signals.ignore(signal)
            let source = DispatchSource.makeSignalSource(signal: signal.rawValue, queue: .global())
            source.setEventHandler { shutdown.resolve(false) }
            source.resume()
            return source
        }
        let requested = (try? await shutdown.wait()) ?? false
        logger.info(requested ? "shutdown: no task left" : "shutdown: signal")
        // The grace period lets the Shutdown answer reach containerd before the connections close.
        await server.shutdown(gracePeriod: .milliseconds(200))
        await sandbox.stopMonitors()
        await publisher?.close(timeout: .seconds(2))
        try? FileSystem.remove(socketPath)
        for source in signalSources {
            source.cancel()
        }
        try? await group.shutdownGracefully()
    }

    /// The configuration for the sandbox's first Create; `[runtime] enable_debug` raises the
    /// daemon's log level from then on.
    static func loadConfiguration(
        _ path: String?, environment: [String: String], level: ShimLogLevel, logger: Logger
    ) throws(KataError) -> LoadedConfiguration {
        let loaded = try SandboxEnvironment.loadConfiguration(path, environment: environment)
        if loaded.configuration.runtime.enableDebug {
            level.enable(.debug)
            let file = loaded.file(settingKey: "runtime.enable_debug")
            logger.debug("debug logging on", metadata: ["setting": "enable_debug in [runtime] of \(file)"])
        }
        for warning in loaded.warnings {
            logger.warning("configuration: \(warning)")
        }
        return loaded
    }
}
