// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser
import TOML

/// `kata-runtime env` (`kata-env`): the settings and host facts, as TOML or JSON.
struct EnvCommand: KataSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "env", abstract: "display settings. Default to TOML", aliases: ["kata-env"])
    static let needsConfiguration = true

    @Flag(name: .customLong("json"), help: "Format output as JSON")
    var json = false

    func execute(_ context: CommandContext) throws(CLIError) {
        let dependencies = context.dependencies
        let settings = try context.requireSettings()
        // The capability verdict is check's, without its log lines and without the KVM create test.
        let quiet = dependencies.logger(threshold: .error, sink: DiscardingSink())
        let check = HostCheck(host: dependencies.host, runner: dependencies.runner, logger: quiet)
        let type = try check.cpuType()
        let capable = (try? check.checkCapable(type)) != nil
        let report = EnvReport(
            configuration: settings.configuration, configPath: settings.mainFile, host: dependencies.host,
            runner: dependencies.runner, executablePath: dependencies.executablePath, vmContainerCapable: capable)
        let fields = try report.fields()
        dependencies.standardOutput.write(
            json ? JSONWriter.document(fields) : TOMLWriter.document(fields.compactMap(\.toml)))
    }
}
