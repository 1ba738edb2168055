// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import Foundation

/// The `kata-runtime` program: splits the global options from the command, looks the command up by
/// name as upstream's urfave/cli app does, loads the configuration and runs the command.
package struct KataRuntimeCLI: Sendable {
    /// Commands by every name they answer to.
    static let commands: [String: any KataSubcommand.Type] = [
        "version": VersionCommand.self,
        "check": CheckCommand.self, "kata-check": CheckCommand.self,
        "env": EnvCommand.self, "kata-env": EnvCommand.self,
        "exec": ExecCommand.self,
    ]
    /// Upstream commands this build does not have; they fail instead of pretending.
    static let missingCommands: Set<String> = ["metrics", "factory", "direct-volume", "iptables", "policy"]

    /// The outside world.
    package var dependencies: CLIDependencies

    /// A program over the given dependencies.
    /// - Parameter dependencies: host, runner, loader, output streams.
    package init(dependencies: CLIDependencies) {
        self.dependencies = dependencies
    }

    /// Runs one command line.
    /// - Parameter arguments: the arguments after the program name.
    /// - Returns: the exit status.
    package func run(_ arguments: [String]) -> Int32 {
        let (splitGlobals, commandLine) = GlobalOptions.split(arguments)
        // `--config=` (empty) means the default list, as upstream; ArgumentParser wants a value.
        let globalArguments = splitGlobals.filter { $0 != "--config=" && $0 != "--kata-config=" }
        if globalArguments.contains("-h") || globalArguments.contains("--help") {
            dependencies.standardOutput.write(KataRuntimeCommand.helpMessage() + "\n")
            return 0
        }
        let globals: GlobalOptions
        do {
            globals = try GlobalOptions.parse(globalArguments)
        } catch {
            return report(GlobalOptions.self, error)
        }
        if globals.showDefaultConfigPaths {
            dependencies.standardOutput.write(dependencies.defaultConfigPaths.map { $0 + "\n" }.joined())
            return 0
        }
        if globals.version {
            dependencies.standardOutput.write(RuntimeVersion.text() + "\n")
            return 0
        }
        guard let name = commandLine.first, name != "help" else {
            dependencies.standardOutput.write(KataRuntimeCommand.helpMessage() + "\n")
            return 0
        }
        guard let type = Self.commands[name] else {
            let message =
                Self.missingCommands.contains(name)
                ? "command \"\(name)\" is not implemented in this build" : "Invalid command \"\(name)\""
            dependencies.standardError.write(message + "\n")
            return 1
        }
        let command: any KataSubcommand
        do {
            let parsed = try type.parse(Array(commandLine.dropFirst()))
            guard let subcommand = parsed as? any KataSubcommand else { return 1 }
            command = subcommand
        } catch {
            return report(type, error)
        }
        return execute(command, type: type, globals: globals)
    }

    private func execute(_ command: any KataSubcommand, type: any KataSubcommand.Type, globals: GlobalOptions) -> Int32
    {
        let isCheck = type == CheckCommand.self
        // Until the --log file is open, upstream's logger for commands other than check goes nowhere.
        let early: any TextSink = isCheck ? dependencies.standardError : DiscardingSink()
        var logger = dependencies.logger(threshold: .warning, sink: early)
        do throws(CLIError) {
            try GlobalOptions.validateRootless(globals.rootless)
            if let check = command as? CheckCommand {
                // check logs to stderr in text, at warn level or info with --verbose, whatever --log says.
                logger.threshold = check.verbose ? .info : .warning
            } else {
                guard let format = LogFormat(rawValue: globals.logFormat) else {
                    throw CLIError("unknown log-format \"\(globals.logFormat)\"")
                }
                logger = dependencies.logger(threshold: .warning, format: format, sink: try Self.openLog(globals.log))
            }
            var settings: LoadedSettings?
            if type.needsConfiguration {
                let path = globals.config.flatMap { $0.isEmpty ? nil : $0 }
                settings = try dependencies.loadConfiguration(path, dependencies.environment)
                if !isCheck, settings?.configuration.runtime.enableDebug == true {
                    logger.threshold = .debug
                }
                // Upstream keeps the configuration's warnings out of check and env (and sends the rest
                // to --log, /dev/null by default), so a mistyped key goes unnoticed. Here every command
                // says them on stderr, which leaves env's TOML or JSON on stdout intact.
                for warning in settings?.warnings ?? [] {
                    logger.log(.warning, warning)
                    if !isCheck { dependencies.standardError.write("kata-runtime: warning: \(warning)\n") }
                }
            }
            let context = CommandContext(
                dependencies: dependencies, globals: globals, settings: settings, logger: logger)
            try command.execute(context)
            return 0
        } catch {
            logger.log(.error, error.message)
            dependencies.standardError.write(error.message + "\n")
            return 1
        }
    }

    private func report(_ type: any ParsableArguments.Type, _ error: any Error) -> Int32 {
        let code = type.exitCode(for: error)
        if code == .success {
            // Help for a command, with the usage line naming the program as well.
            let help =
                (type as? any ParsableCommand.Type).map { KataRuntimeCommand.helpMessage(for: $0) }
                ?? type.fullMessage(for: error)
            dependencies.standardOutput.write(help + "\n")
            return 0
        }
        let message = type.fullMessage(for: error)
        dependencies.standardError.write(message + "\n")
        // Upstream exits 1 for every usage error, not ArgumentParser's 64.
        return 1
    }

    /// Opens the `--log` file for appending (created with mode 0640), or discards for `/dev/null`.
    static func openLog(_ path: String) throws(CLIError) -> any TextSink {
        if path.isEmpty || path == "/dev/null" {
            return DiscardingSink()
        }
        let manager = FileManager.default
        if !manager.fileExists(atPath: path) {
            guard manager.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o640]) else {
                throw CLIError("open \(path): cannot create the log file")
            }
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw CLIError("open \(path): permission denied")
        }
        _ = try? handle.seekToEnd()
        return FileHandleSink(handle)
    }
}
