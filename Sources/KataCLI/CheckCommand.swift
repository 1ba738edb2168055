// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser

/// `kata-runtime check` (`kata-check`): can this host run Kata Containers?
struct CheckCommand: KataSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "tests if system can run Kata Containers", aliases: ["kata-check"])
    static let needsConfiguration = true
    /// Set to anything non-empty, it acts as `--no-network-checks`.
    static let noNetworkVariable = "KATA_CHECK_NO_NETWORK"

    @Flag(
        name: .customLong("check-version-only"),
        help: "Only compare the current and latest available versions (requires network, non-root only)")
    var checkVersionOnly = false

    @Flag(name: .customLong("include-all-releases"), help: "Don't filter out pre-release release versions")
    var includeAllReleases = false

    @Flag(name: [.customLong("no-network-checks"), .customShort("n")], help: "Do not run any checks using the network")
    var noNetworkChecks = false

    @Flag(name: .customLong("only-list-releases"), help: "Only list newer available releases (non-root only)")
    var onlyListReleases = false

    @Flag(name: [.customLong("strict"), .customShort("s")], help: "perform strict checking")
    var strict = false

    @Flag(name: [.customLong("verbose"), .customShort("v")], help: "display the list of checks performed")
    var verbose = false

    func execute(_ context: CommandContext) throws(CLIError) {
        let dependencies = context.dependencies
        let log = context.logger
        if checkVersionOnly || onlyListReleases {
            let flag = checkVersionOnly ? "--check-version-only" : "--only-list-releases"
            throw CLIError(
                "\(flag) needs the release checks, which are not available in this build "
                    + "(it has no network client); no release information was fetched")
        }
        let skipNetwork = noNetworkChecks || !(dependencies.environment[Self.noNetworkVariable] ?? "").isEmpty
        if !skipNetwork {
            if dependencies.host.effectiveUserID == 0 {
                log.log(.warning, "Not running network checks as super user")
            } else {
                log.log(
                    .warning,
                    "release checks are not available in this build (no network client): "
                        + "whether a newer release exists was not checked; use --no-network-checks to skip them")
            }
        }
        let settings = try context.requireSettings()
        let check = HostCheck(host: dependencies.host, runner: dependencies.runner, logger: log)
        let type = try check.cpuType()
        do {
            try check.checkCapable(type)
        } catch {
            if var note = check.paravirtualNote(type) {
                if settings.configuration.hypervisor.accelerator == .kvm {
                    note += " The loaded configuration asks for accelerator = \"kvm\"."
                }
                dependencies.standardError.write(note + "\n")
            }
            throw error
        }
        dependencies.standardOutput.write(HostCheck.capableMessage + "\n")
        if dependencies.host.effectiveUserID == 0 {
            try check.checkCreateVM(dependencies.kvm)
            dependencies.standardOutput.write(HostCheck.createMessage + "\n")
        }
    }
}
