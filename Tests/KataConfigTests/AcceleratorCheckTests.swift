// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import KataConfig

@Suite struct AcceleratorCheckTests {
    static let file = "/etc/kata-containers/configuration.toml"
    static let advice = "set accelerator = \"tcg\" in [hypervisor.qemu] or a config.d drop-in"

    static let rows: [(Accelerator, Set<String>, Bool, String?)] = [
        (.kvm, ["vmx"], true, nil),
        (.kvm, ["svm", "sse"], true, nil),
        (.tcg, [], false, nil),
        (
            .kvm, ["sse"], true,
            "accelerator = \"kvm\" in \(file) needs hardware virtualization (no vmx/svm CPU flag; /dev/kvm is a paravirtual KVM); \(advice)"
        ),
        (
            .kvm, [], false,
            "accelerator = \"kvm\" in \(file) needs hardware virtualization (no vmx/svm CPU flag; no /dev/kvm); \(advice)"
        ),
        (
            .kvm, ["vmx"], false,
            "accelerator = \"kvm\" in \(file) needs /dev/kvm, which does not exist (load kvm_intel or kvm_amd); or \(advice)"
        ),
    ]

    @Test(arguments: rows)
    func check(accelerator: Accelerator, flags: Set<String>, devKVM: Bool, expected: String?) {
        let problem = AcceleratorCheck.problem(
            accelerator, configuredIn: Self.file, facts: VirtualizationFacts(cpuFlags: flags, hasDevKVM: devKVM))
        #expect(problem?.description == expected)
        #expect(problem.map { $0.key == "hypervisor.qemu.accelerator" } ?? true)
    }

    @Test func namesTheDropInThatSetIt() throws {
        let loaded = try Fixture.load(
            Fixture.minimal, dropIns: ["50-kvm.toml": "[hypervisor.qemu]\naccelerator = \"kvm\"\n"])
        let problem = loaded.acceleratorProblem(facts: VirtualizationFacts(cpuFlags: [], hasDevKVM: true))
        #expect(problem?.message.contains("in /etc/kata-containers/config.d/50-kvm.toml needs") == true)
    }

    @Test func cpuFlagsParsing() {
        #expect(
            VirtualizationFacts.cpuFlags(cpuinfo: "processor : 0\nflags\t\t: fpu vmx sse\n") == ["fpu", "vmx", "sse"])
    }
}
