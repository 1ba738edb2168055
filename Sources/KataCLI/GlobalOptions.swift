// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser

/// The options before the command name, as upstream's urfave/cli app declares them.
struct GlobalOptions: ParsableArguments {
    /// Options that take a value, for splitting the global part of the command line from the command.
    static let valueOptions: Set<String> = [
        "--config", "--kata-config", "--log", "--log-format", "--root", "--rootless",
    ]

    @Option(name: [.customLong("config"), .customLong("kata-config")], help: "Kata Containers config file path")
    var config: String?

    @Flag(
        name: [.customLong("show-default-config-paths"), .customLong("kata-show-default-config-paths")],
        help: "show config file paths that will be checked for (in order)")
    var showDefaultConfigPaths = false

    @Option(name: .customLong("log"), help: "set the log file path where internal debug information is written")
    var log = "/dev/null"

    @Option(name: .customLong("log-format"), help: "set the format used by logs ('text' (default), or 'json')")
    var logFormat = "text"

    @Option(
        name: .customLong("root"),
        help: "root directory for storage of container state (this should be located in tmpfs)")
    var root = "/var/run/kata-containers"

    @Option(name: .customLong("rootless"), help: "ignore cgroup permission errors ('true', 'false', or 'auto')")
    var rootless = "auto"

    @Flag(name: .customLong("systemd-cgroup"), help: "enable systemd cgroup support")
    var systemdCgroup = false

    @Flag(name: [.customLong("version"), .customShort("v")], help: "print the version")
    var version = false

    /// Splits `arguments` into the global options and the command with its own arguments.
    static func split(_ arguments: [String]) -> (globals: [String], command: [String]) {
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            guard argument.hasPrefix("-"), argument != "-" else { break }
            if argument == "--" {
                return (Array(arguments[..<index]), Array(arguments[(index + 1)...]))
            }
            index += valueOptions.contains(argument) ? 2 : 1
        }
        let end = min(index, arguments.count)
        return (Array(arguments[..<end]), Array(arguments[end...]))
    }

    /// Go's `strconv.ParseBool` plus `auto`, as `--rootless` accepts.
    static func validateRootless(_ value: String) throws(CLIError) {
        let accepted = ["auto", "", "1", "t", "T", "TRUE", "true", "True", "0", "f", "F", "FALSE", "false", "False"]
        guard accepted.contains(value) else {
            throw CLIError("strconv.ParseBool: parsing \"\(value)\": invalid syntax")
        }
    }
}
