// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import KataCLI

private let qemuVersion = """
    QEMU emulator version 7.2.22 (Debian 1:7.2+dfsg-7+deb12u18+b3)
    Copyright (c) 2003-2022 Fabrice Bellard and the QEMU Project developers

    """

@Suite struct EnvTests {
    private func runner() -> ScriptedRunner {
        ScriptedRunner(answers: [
            ["/usr/bin/qemu-system-x86_64", "--version"]: CommandOutput(status: 0, output: qemuVersion, failure: nil)
        ])
    }

    @Test func tomlMatchesUpstreamLayout() throws {
        let tree = try Fixtures.intel()
        let result = runCLI(
            ["env"], host: tree.host(uid: 1000), runner: runner(), configuration: KataConfigurationFixture.custom)
        #expect(result.status == 0)
        #expect(result.stderr == "")
        #expect(result.stdout == EnvGolden.toml)
    }

    @Test func jsonMatchesUpstreamLayout() throws {
        let tree = try Fixtures.intel()
        let result = runCLI(
            ["kata-env", "--json"], host: tree.host(uid: 1000), runner: runner(),
            configuration: KataConfigurationFixture.custom)
        #expect(result.status == 0)
        #expect(result.stdout == EnvGolden.json)
    }

    @Test func defaultsAsRootOnAParavirtualHost() throws {
        let tree = try Fixtures.pvm()
        let result = runCLI(["env"], host: tree.host(uid: 0, cpus: 2))
        #expect(result.status == 0)
        #expect(result.stdout == EnvGolden.defaultsOnPVMAsRoot)
    }

    @Test func configFailureIsFatal() throws {
        let tree = try Fixtures.intel()
        let result = runCLI(
            ["env"], host: tree.host(uid: 1000),
            loader: { _, _ throws(CLIError) in throw CLIError("open /nope.toml: no such file or directory") })
        #expect(result.status == 1)
        #expect(result.stdout == "")
        #expect(result.stderr == "open /nope.toml: no such file or directory\n")
    }

    @Test func kernelParametersAreTheConfigLevelList() {
        var configuration = KataConfigurationFixture.custom
        configuration.hypervisor.image = "/usr/share/kata-containers/kata-containers.img"
        configuration.hypervisor.initrd = nil
        configuration.agent.enableTracing = true
        #expect(
            EnvReport.kernelParameters(configuration).joined(separator: " ")
                == "systemd.unit=kata-containers.target systemd.mask=systemd-networkd.service "
                + "systemd.mask=systemd-networkd.socket scsi_mod.scan=none agent.log=debug agent.trace=true "
                + "agent.debug_console agent.debug_console_vport=1026 cgroup_no_v1=all systemd.unified_cgroup_hierarchy=1"
        )
    }

    @Test(arguments: [
        ("0.1.0", "0.1.0", 0, 1, 0), ("kata-runtime 3.2.0-rc0", "3.2.0-rc0", 3, 2, 0), ("junk", "junk", 0, 0, 0),
    ])
    func versionFields(version: String, semver: String, major: UInt64, minor: UInt64, patch: UInt64) {
        #expect(
            EnvReport.versionFields(version, "abc") == [
                EnvField("Semver", .string(semver)), EnvField("Commit", .string("abc")),
                EnvField("Major", .integer(major)), EnvField("Minor", .integer(minor)),
                EnvField("Patch", .integer(patch)),
            ])
    }
}
