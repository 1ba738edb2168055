// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataLinux
package import Logging

/// The agent's life from start to exit: boot the VM (as init), read the configuration, serve, and
/// power off (as init) or exit.
///
/// As init, any failure powers the VM off after logging it, since PID 1 exiting would panic the
/// kernel; the host then sees the VM stop and the log lines on the console.
package struct AgentLauncher: Sendable {
    /// How the agent was started.
    package enum Mode: Sendable, Equatable {
        /// PID 1 of the VM (initrd, or `init=` the agent): it mounts, configures and powers off.
        case initProcess
        /// Started by another init (systemd's `kata-agent.service`), or by hand for testing.
        case service
    }

    /// The server the launcher runs once the agent is set up; ``runAgentServer(configuration:logger:)``
    /// in the agent.
    package typealias Server = @Sendable (AgentConfiguration, Logger) async throws -> Void

    private let system: any SystemOperations
    private let mode: Mode
    private let environment: [String: String]
    private let logSink: ConsoleLogSink
    private let server: Server

    /// Where the kernel command line is read from.
    static let commandLinePath = "/proc/cmdline"

    /// Creates a launcher.
    /// - Parameters:
    ///   - system: performs the system calls.
    ///   - mode: whether the agent is the VM's init.
    ///   - environment: the values of ``AgentConfiguration/environmentVariables``.
    ///   - logSink: where log lines go; it should be buffering so that the boot steps logged before the
    ///     log level is known are filtered by it.
    ///   - server: what to run once set up.
    package init(
        system: any SystemOperations, mode: Mode, environment: [String: String], logSink: ConsoleLogSink,
        server: @escaping Server = { try await runAgentServer(configuration: $0, logger: $1) }
    ) {
        self.system = system
        self.mode = mode
        self.environment = environment
        self.logSink = logSink
        self.server = server
    }

    /// Runs the agent.
    /// - Returns: the exit status for `main`: 0 after a clean stop, 1 after a failure. As init, this
    ///   returns only when powering off failed.
    package func run() async -> Int32 {
        let bootLogger = makeLogger(level: .trace)
        let boot = BootSequence(system: system)
        if mode == .initProcess {
            do {
                try boot.mountBaseFileSystems(logger: bootLogger)
            } catch {
                return fail(error, logger: bootLogger)
            }
        }
        let configuration: AgentConfiguration
        do {
            let commandLine = try system.readFile(Self.commandLinePath)
            configuration = try AgentConfiguration(commandLine: commandLine, environment: environment)
        } catch {
            return fail(error, logger: bootLogger)
        }
        logSink.flush(minimumLevel: configuration.logLevel)
        let logger = makeLogger(level: configuration.logLevel)
        logger.info(
            "starting kata-agent",
            metadata: [
                "version": "\(AgentVersion.agent)", "mode": "\(mode)",
                "server-address": "\(configuration.serverAddress)",
            ])
        if !configuration.unknownKeys.isEmpty {
            logger.warning(
                "ignoring unknown kernel command line keys",
                metadata: ["keys": "\(configuration.unknownKeys.joined(separator: " "))"])
        }
        do {
            if mode == .initProcess {
                try boot.configure(for: configuration, logger: logger)
            }
            try system.setChildSubreaper()
            logger.debug("became child subreaper")
        } catch {
            return fail(error, logger: logger)
        }
        var status: Int32 = 0
        do {
            try await server(configuration, logger)
        } catch {
            logger.error("agent server failed", metadata: ["error": "\(error)"])
            status = 1
        }
        guard mode == .initProcess else {
            return status
        }
        logger.info("powering off")
        return powerOff(logger: logger, status: status)
    }

    private func makeLogger(level: Logger.Level) -> Logger {
        Logger(label: "kata-agent") { [logSink] _ in JSONLogHandler(sink: logSink, logLevel: level) }
    }

    /// Logs a fatal error with every line buffered so far (they say how far boot got), then powers
    /// off as init.
    private func fail(_ error: any Error, logger: Logger) -> Int32 {
        logger.critical("agent cannot run", metadata: ["error": "\(error)"])
        logSink.flush(minimumLevel: .trace)
        guard mode == .initProcess else {
            return 1
        }
        return powerOff(logger: logger, status: 1)
    }

    /// Returns `status` only where power-off returns without failing, i.e. in tests.
    private func powerOff(logger: Logger, status: Int32) -> Int32 {
        do {
            try system.syncAndPowerOff()
            return status
        } catch {
            logger.critical("cannot power off", metadata: ["error": "\(error)"])
            return 1
        }
    }
}
