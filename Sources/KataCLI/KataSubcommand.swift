// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser

/// What a command gets when it runs: the dependencies, the global options, the loaded settings (for
/// commands that need them) and the logger upstream's `kataLog` would be.
struct CommandContext {
    /// The outside world.
    var dependencies: CLIDependencies
    /// The options before the command name.
    var globals: GlobalOptions
    /// The configuration, loaded before the command runs when it asks for one.
    var settings: LoadedSettings?
    /// The command's logger: stderr for `check`, the `--log` file otherwise.
    var logger: CLILogger

    /// The loaded settings, for commands whose ``KataSubcommand/needsConfiguration`` is true.
    func requireSettings() throws(CLIError) -> LoadedSettings {
        guard let settings else { throw CLIError("cannot determine runtime config") }
        return settings
    }
}

/// A `kata-runtime` command: parsed by ArgumentParser, run by ``KataRuntimeCLI``.
protocol KataSubcommand: ParsableCommand {
    /// Whether the configuration is loaded (and a load failure is fatal) before ``execute(_:)``.
    static var needsConfiguration: Bool { get }
    /// Runs the command; a thrown error is printed on stderr and exits 1.
    func execute(_ context: CommandContext) throws(CLIError)
}

/// The whole program for `--help`: the global options and the command list.
struct KataRuntimeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: RuntimeVersion.name,
        abstract: "kata-runtime runtime",
        discussion: """
            kata-runtime is a command line program for running applications packaged
            according to the Open Container Initiative (OCI).

            Commands starting "kata-" and options starting "--kata-" are Kata Containers extensions.
            """,
        subcommands: [VersionCommand.self, CheckCommand.self, EnvCommand.self, ExecCommand.self])

    @OptionGroup var globals: GlobalOptions
}

/// `kata-runtime version`.
struct VersionCommand: KataSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "version", abstract: "display version details")
    static let needsConfiguration = false

    func execute(_ context: CommandContext) throws(CLIError) {
        context.dependencies.standardOutput.write(RuntimeVersion.text() + "\n")
    }
}
