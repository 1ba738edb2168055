// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import KataConfig

/// A configuration as the loader resolved it.
package struct LoadedSettings: Sendable {
    /// The settings after defaults, drop-ins and validation.
    package var configuration: KataConfiguration
    /// The resolved main file (`[Runtime.Config] Path`).
    package var mainFile: String
    /// The loader's warnings (unknown keys, clamped values), logged for commands other than check and env.
    package var warnings: [String]

    /// Loaded settings.
    /// - Parameters:
    ///   - configuration: the settings.
    ///   - mainFile: the main file's path.
    ///   - warnings: the loader's warnings.
    package init(configuration: KataConfiguration, mainFile: String, warnings: [String] = []) {
        self.configuration = configuration
        self.mainFile = mainFile
        self.warnings = warnings
    }
}

/// Loads the configuration for a `--config` value (nil or empty: the default list; `KATA_CONF_FILE`
/// in the environment is honoured by the loader).
package typealias ConfigurationLoading =
    @Sendable (_ configPath: String?, _ environment: [String: String]) throws(CLIError) -> LoadedSettings

/// Everything the commands take from the outside world, so tests can replace each piece.
package struct CLIDependencies: Sendable {
    /// Host files, user and CPU count.
    package var host: any HostFacts
    /// External programs (`modprobe`, `qemu --version`).
    package var runner: any CommandRunner
    /// The KVM create test.
    package var kvm: any KVMDevice
    /// The shim-monitor HTTP client.
    package var shimMonitor: any ShimMonitorTransport
    /// The guest debug console connection for `exec`.
    package var debugConsole: any DebugConsole
    /// The configuration loader.
    package var loadConfiguration: ConfigurationLoading
    /// The paths `--show-default-config-paths` prints, `/etc` first.
    package var defaultConfigPaths: [String]
    /// The process environment.
    package var environment: [String: String]
    /// The log `time` value.
    package var clock: @Sendable () -> String
    /// This process's id, logged as `pid`.
    package var processID: Int32
    /// This executable's path.
    package var executablePath: String
    /// Where the shims keep per-sandbox state (`/run/vc/sbs`).
    package var sandboxStateRoot: String
    /// Standard output.
    package var standardOutput: any TextSink
    /// Standard error.
    package var standardError: any TextSink

    /// A full set of dependencies.
    /// - Parameters:
    ///   - host: host facts.
    ///   - runner: command runner.
    ///   - kvm: KVM device.
    ///   - shimMonitor: shim-monitor client.
    ///   - debugConsole: the debug console connection.
    ///   - loadConfiguration: the loader.
    ///   - defaultConfigPaths: the default configuration paths.
    ///   - environment: the environment.
    ///   - clock: the log clock.
    ///   - processID: the pid.
    ///   - executablePath: the executable.
    ///   - sandboxStateRoot: the shim state directory.
    ///   - standardOutput: stdout.
    ///   - standardError: stderr.
    package init(
        host: any HostFacts, runner: any CommandRunner, kvm: any KVMDevice, shimMonitor: any ShimMonitorTransport,
        debugConsole: any DebugConsole, loadConfiguration: @escaping ConfigurationLoading, defaultConfigPaths: [String],
        environment: [String: String],
        clock: @escaping @Sendable () -> String, processID: Int32, executablePath: String,
        sandboxStateRoot: String = "/run/vc/sbs", standardOutput: any TextSink, standardError: any TextSink
    ) {
        self.host = host
        self.runner = runner
        self.kvm = kvm
        self.shimMonitor = shimMonitor
        self.debugConsole = debugConsole
        self.loadConfiguration = loadConfiguration
        self.defaultConfigPaths = defaultConfigPaths
        self.environment = environment
        self.clock = clock
        self.processID = processID
        self.executablePath = executablePath
        self.sandboxStateRoot = sandboxStateRoot
        self.standardOutput = standardOutput
        self.standardError = standardError
    }

    /// A logger with upstream's base fields (`arch`, `name`, `pid`, `source`).
    /// - Parameters:
    ///   - threshold: the least severe level printed.
    ///   - format: the line format.
    ///   - sink: where lines go.
    /// - Returns: the logger.
    func logger(threshold: LogLevel, format: LogFormat = .text, sink: any TextSink) -> CLILogger {
        CLILogger(
            threshold: threshold, format: format,
            baseFields: ["arch": "amd64", "name": RuntimeVersion.name, "pid": String(processID), "source": "runtime"],
            clock: clock, sink: sink)
    }
}
