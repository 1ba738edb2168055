// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import KataCLI

@Suite struct CLITests {
    private let version = "kata-runtime  : 0.1.0\n   commit   : <<unknown>>\n   OCI specs: 1.1.0\n"

    @Test(arguments: [["version"], ["--version"], ["-v"], ["--config", "/x.toml", "version"]])
    func versionText(arguments: [String]) throws {
        let tree = try Fixtures.intel()
        let result = runCLI(arguments, host: tree.host(uid: 1000))
        #expect(result.status == 0)
        #expect(result.stdout == version)
    }

    @Test func unknownValuesPrintUnknown() {
        #expect(
            RuntimeVersion.text(version: nil, commit: "", ociSpec: nil)
                == "kata-runtime  : <<unknown>>\n   commit   : <<unknown>>\n   OCI specs: <<unknown>>")
    }

    @Test(arguments: [["--show-default-config-paths"], ["--kata-show-default-config-paths", "env"]])
    func defaultConfigPaths(arguments: [String]) throws {
        let tree = try Fixtures.intel()
        let result = runCLI(arguments, host: tree.host(uid: 1000))
        #expect(result.status == 0)
        #expect(
            result.stdout
                == "/etc/kata-containers/configuration.toml\n/usr/share/defaults/kata-containers/configuration.toml\n")
    }

    @Test func unknownCommand() throws {
        let tree = try Fixtures.intel()
        let result = runCLI(["frobnicate"], host: tree.host(uid: 1000))
        #expect(result.status == 1)
        #expect(result.stdout == "")
        #expect(result.stderr == "Invalid command \"frobnicate\"\n")
    }

    @Test func upstreamCommandsThisBuildLacksFail() throws {
        let tree = try Fixtures.intel()
        let result = runCLI(["metrics", "sandbox1"], host: tree.host(uid: 1000))
        #expect(result.status == 1)
        #expect(result.stderr == "command \"metrics\" is not implemented in this build\n")
    }

    @Test func unknownLogFormat() throws {
        let tree = try Fixtures.intel()
        let result = runCLI(["--log-format", "xml", "env"], host: tree.host(uid: 1000))
        #expect(result.status == 1)
        #expect(result.stderr == "unknown log-format \"xml\"\n")
    }

    @Test func configPathAndEnvironmentReachTheLoader() throws {
        let tree = try Fixtures.intel()
        let seen = CallLog()
        let result = runCLI(
            ["--kata-config", "/etc/custom.toml", "env"], host: tree.host(uid: 1000),
            environment: ["KATA_CONF_FILE": "/ignored-by-cli.toml"],
            loader: { path, environment in
                seen.append([path ?? "nil", environment["KATA_CONF_FILE"] ?? "nil"])
                return LoadedSettings(configuration: .init(), mainFile: path ?? "")
            })
        #expect(result.status == 0)
        #expect(seen.calls == [["/etc/custom.toml", "/ignored-by-cli.toml"]])
    }

    @Test func emptyConfigMeansTheDefaultList() throws {
        let tree = try Fixtures.intel()
        let seen = CallLog()
        _ = runCLI(
            ["--config=", "env"], host: tree.host(uid: 1000),
            loader: { path, _ in
                seen.append([path ?? "nil"])
                return LoadedSettings(configuration: .init(), mainFile: "/etc/kata-containers/configuration.toml")
            })
        #expect(seen.calls == [["nil"]])
    }

    @Test func configurationWarningsReachStderrAndLeaveEnvOutputAlone() throws {
        let tree = try Fixtures.intel()
        let warning = "/etc/kata-containers/configuration.toml:12: unknown key hypervisor.qemu.default_memroy"
        let loader: ConfigurationLoading = { _, _ in
            LoadedSettings(
                configuration: .init(), mainFile: "/etc/kata-containers/configuration.toml", warnings: [warning])
        }
        let env = runCLI(["env", "--json"], host: tree.host(uid: 1000), loader: loader)
        #expect(env.status == 0)
        #expect(env.stderr == "kata-runtime: warning: \(warning)\n")
        #expect(env.stdout.hasPrefix("{"))
        let check = runCLI(["check", "-n"], host: tree.host(uid: 1000), loader: loader)
        #expect(check.stderr.contains("level=warning msg=\"\(warning)\""))
    }

    @Test func badRootless() throws {
        let tree = try Fixtures.intel()
        let result = runCLI(["--rootless", "maybe", "env"], host: tree.host(uid: 1000))
        #expect(result.status == 1)
        #expect(result.stderr == "strconv.ParseBool: parsing \"maybe\": invalid syntax\n")
    }

    @Test func checkConfigFailureIsLoggedAndPrinted() throws {
        let tree = try Fixtures.intel()
        let result = runCLI(
            ["check", "-n"], host: tree.host(uid: 1000), loader: { _, _ throws(CLIError) in throw CLIError("bad toml") }
        )
        #expect(result.status == 1)
        #expect(
            result.stderr
                == "time=\"2026-01-01T00:00:00Z\" level=error msg=\"bad toml\" arch=amd64 name=kata-runtime pid=42 source=runtime\nbad toml\n"
        )
    }

    @Test(arguments: [["check", "--bogus"], ["--bogus", "env"], ["exec"]])
    func usageErrorsExitOne(arguments: [String]) throws {
        let tree = try Fixtures.intel()
        let result = runCLI(arguments, host: tree.host(uid: 1000))
        #expect(result.status == 1)
        #expect(result.stdout == "")
        #expect(!result.stderr.isEmpty)
    }

    @Test func splitStopsAtTheCommand() {
        let split = GlobalOptions.split(["--config", "/a", "--systemd-cgroup", "check", "-v"])
        #expect(split.globals == ["--config", "/a", "--systemd-cgroup"])
        #expect(split.command == ["check", "-v"])
    }

    @Test func helpGoesToStdout() throws {
        let tree = try Fixtures.intel()
        let result = runCLI(["--help"], host: tree.host(uid: 1000))
        #expect(result.status == 0)
        #expect(result.stdout.contains("SUBCOMMANDS:"))
        let sub = runCLI(["env", "--help"], host: tree.host(uid: 1000))
        #expect(sub.status == 0)
        #expect(sub.stdout.contains("USAGE: kata-runtime env [--json]"))
    }
}
