// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import Logging

/// The agent's settings, read from the kernel command line (`/proc/cmdline`) and two environment
/// variables. Defaults are Kata's.
///
/// Booleans accept `true`/`false` or an integer (non-zero is true); a bare key means true. When a key
/// appears twice the later one wins, so `kernel_params` from the host's configuration.toml, which
/// come last, override the runtime's own.
package struct AgentConfiguration: Sendable, Equatable {
    /// The cgroup hierarchy the agent mounts at `/sys/fs/cgroup`.
    package enum CgroupVersion: Sendable, Equatable {
        /// One hierarchy per controller (tmpfs at `/sys/fs/cgroup`, a `cgroup` mount per controller).
        case v1
        /// The unified hierarchy (`cgroup2` at `/sys/fs/cgroup`).
        case v2
    }

    /// `agent.log`: the lowest level logged.
    package var logLevel: Logger.Level = .info
    /// `agent.debug_console`: start a debug shell.
    package var debugConsole = false
    /// `agent.debug_console_vport`: the vsock port the debug shell is served on; 0 serves it on the
    /// console.
    package var debugConsoleVsockPort: UInt32 = 0
    /// `agent.log_vport`: the vsock port log lines are streamed to; 0 writes them to the console.
    package var logVsockPort: UInt32 = 0
    /// `agent.server_addr` (or `KATA_AGENT_SERVER_ADDR`): where ttRPC is served.
    package var serverAddress = ServerAddress.default
    /// `agent.container_pipe_size`: `F_SETPIPE_SZ` for container stdout/stderr pipes; 0 keeps the
    /// kernel's default.
    package var containerPipeSize = 0
    /// `agent.hotplug_timeout`: how long to wait for a hot-plugged device to appear.
    package var hotplugTimeout = Duration.seconds(3)
    /// `agent.devmode`: development mode.
    package var devMode = false
    /// `agent.trace`: OpenTelemetry tracing was requested (not supported by this agent; kept so that
    /// it is not reported as unknown).
    package var tracing = false
    /// `cgroup_no_v1=all` or `systemd.unified_cgroup_hierarchy=1` select v2.
    package var cgroupVersion = CgroupVersion.v1
    /// `agent.*` keys this agent does not know, in command-line order, for a warning. Values are not
    /// kept: some (proxies) can carry credentials.
    package var unknownKeys: [String] = []

    /// The environment variables that override command-line keys.
    package static let environmentVariables = ["KATA_AGENT_SERVER_ADDR", "KATA_AGENT_LOG_LEVEL"]

    /// The defaults.
    package init() {}

    /// Reads the configuration from a kernel command line and the environment.
    /// - Parameters:
    ///   - commandLine: the text of `/proc/cmdline`.
    ///   - environment: values of ``environmentVariables``; other entries are ignored, an empty value
    ///     counts as unset.
    /// - Throws: ``Error`` naming the first key or variable whose value is malformed.
    package init(commandLine: String, environment: [String: String] = [:]) throws(Error) {
        var unifiedHierarchy = false
        var noV1Controllers = false
        for parameter in KernelCommandLine(commandLine).parameters {
            let key = parameter.key
            switch key {
            case "cgroup_no_v1":
                // Only "all" leaves v1 without any controller; a list of names still allows v1.
                noV1Controllers = parameter.value == "all"
            case "systemd.unified_cgroup_hierarchy":
                unifiedHierarchy = try Self.bool(parameter)
            case "agent.log":
                logLevel = try Self.value(parameter, expected: Self.logLevelForm, Self.logLevel)
            case "agent.debug_console":
                debugConsole = try Self.bool(parameter)
            case "agent.debug_console_vport":
                debugConsoleVsockPort = try Self.value(parameter, expected: "a port number") { UInt32($0) }
            case "agent.log_vport":
                logVsockPort = try Self.value(parameter, expected: "a port number") { UInt32($0) }
            case "agent.server_addr":
                serverAddress = try Self.value(parameter, expected: ServerAddress.expectedForm, ServerAddress.init)
            case "agent.container_pipe_size":
                containerPipeSize = try Self.value(parameter, expected: "a byte count from 0 to 2147483647") {
                    Int32($0).flatMap { $0 >= 0 ? Int($0) : nil }
                }
            case "agent.hotplug_timeout":
                hotplugTimeout = try Self.value(parameter, expected: "a whole number of seconds") {
                    UInt32($0).map { Duration.seconds($0) }
                }
            case "agent.devmode":
                devMode = try Self.bool(parameter)
            case "agent.trace":
                tracing = try Self.bool(parameter)
            case _ where key.hasPrefix("agent."):
                unknownKeys.append(key)
            default:
                continue
            }
        }
        // Either spelling selects v2: with cgroup_no_v1=all no v1 controller could be mounted anyway.
        cgroupVersion = unifiedHierarchy || noV1Controllers ? .v2 : .v1
        try applyEnvironment(environment)
    }

    private mutating func applyEnvironment(_ environment: [String: String]) throws(Error) {
        if let text = environment["KATA_AGENT_SERVER_ADDR"], !text.isEmpty {
            guard let address = ServerAddress(text) else {
                throw .invalidEnvironmentVariable(
                    name: "KATA_AGENT_SERVER_ADDR", value: text, expected: ServerAddress.expectedForm)
            }
            serverAddress = address
        }
        if let text = environment["KATA_AGENT_LOG_LEVEL"], !text.isEmpty {
            guard let level = Self.logLevel(text) else {
                throw .invalidEnvironmentVariable(
                    name: "KATA_AGENT_LOG_LEVEL", value: text, expected: Self.logLevelForm)
            }
            logLevel = level
        }
    }

    private static let logLevelForm = "one of critical, fatal, panic, error, warn, warning, info, debug, trace"

    /// Kata's level names (logrus's, mapped onto slog's by the Rust agent) in swift-log terms.
    private static func logLevel(_ text: String) -> Logger.Level? {
        switch text.lowercased() {
        case "critical", "fatal", "panic": .critical
        case "error": .error
        case "warn", "warning": .warning
        case "info": .info
        case "debug": .debug
        case "trace": .trace
        default: nil
        }
    }

    private static func value<Value>(
        _ parameter: KernelCommandLine.Parameter, expected: String, _ convert: (String) -> Value?
    ) throws(Error) -> Value {
        guard let text = parameter.value, let value = convert(text) else {
            throw .invalidParameter(key: parameter.key, value: parameter.value, expected: expected)
        }
        return value
    }

    private static func bool(_ parameter: KernelCommandLine.Parameter) throws(Error) -> Bool {
        guard let text = parameter.value else {
            return true
        }
        switch text.lowercased() {
        case "true": return true
        case "false": return false
        default:
            guard let number = Int64(text) else {
                throw .invalidParameter(key: parameter.key, value: text, expected: "true, false or an integer")
            }
            return number != 0
        }
    }
}
