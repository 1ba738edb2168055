// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import AgentAPI
import KataError
import OCISpec
import Testing

@testable import KataAgentCore

@Suite("seccomp wire adapter: grpc.LinuxSeccomp ⇄ Linux.Seccomp")
struct SeccompWireTests {
    static func arg(_ index: UInt64, _ value: UInt64, _ valueTwo: UInt64 = 0, _ op: String) -> Grpc_LinuxSeccompArg {
        .with {
            $0.index = index
            $0.value = value
            $0.valueTwo = valueTwo
            $0.op = op
        }
    }

    static let wire = Grpc_LinuxSeccomp.with {
        $0.defaultAction = "SCMP_ACT_ERRNO"
        $0.architectures = ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"]
        $0.flags = ["SECCOMP_FILTER_FLAG_LOG"]
        $0.syscalls = [
            .with {
                $0.names = ["read", "write"]
                $0.action = "SCMP_ACT_ALLOW"
            },
            .with {
                $0.names = ["clone3"]
                $0.action = "SCMP_ACT_ERRNO"
                $0.errnoret = 38
            },
            .with {
                $0.names = ["clone"]
                $0.action = "SCMP_ACT_ALLOW"
                $0.args = [arg(0, 0x7E02_0000, 0, "SCMP_CMP_MASKED_EQ"), arg(2, 1 << 40, 3, "SCMP_CMP_GE")]
            },
            .with {
                $0.names = ["ptrace"]
                $0.action = "SCMP_ACT_KILL_PROCESS"
                $0.errnoret = 0
            },
        ]
    }

    @Test("every field arrives; an errno of 0 that was set stays set; a zero valueTwo is nil")
    func decodes() throws {
        let seccomp = try Linux.Seccomp(Self.wire)
        #expect(
            seccomp
                == Linux.Seccomp(
                    defaultAction: .errno, architectures: ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"],
                    flags: ["SECCOMP_FILTER_FLAG_LOG"],
                    syscalls: [
                        .init(names: ["read", "write"], action: .allow),
                        .init(names: ["clone3"], action: .errno, errnoRet: 38),
                        .init(
                            names: ["clone"], action: .allow,
                            args: [
                                .init(index: 0, value: 0x7E02_0000, op: .maskedEqual),
                                .init(index: 2, value: 1 << 40, valueTwo: 3, op: .greaterOrEqual),
                            ]),
                        .init(names: ["ptrace"], action: .killProcess, errnoRet: 0),
                    ]))
        #expect(Grpc_LinuxSeccomp(seccomp) == Self.wire)
    }

    @Test("the spec's linux section carries it both ways")
    func inSpec() throws {
        let spec = Grpc_Spec.with { $0.linux = .with { $0.seccomp = Self.wire } }
        let decoded = try Spec(spec)
        #expect(decoded.linux?.seccomp == (try Linux.Seccomp(Self.wire)))
        #expect(Grpc_Spec(decoded) == spec)
        #expect(try Spec(Grpc_Spec.with { $0.linux = .init() }).linux?.seccomp == nil)
    }

    @Test(
        "an action, comparison or architecture libseccomp does not know is refused, naming the field",
        arguments: [
            "linux.seccomp.defaultAction: unknown value \"SCMP_ACT_MAYBE\"",
            "linux.seccomp.syscalls[1].action: unknown value \"\"",
            "linux.seccomp.syscalls[2].args[1].op: unknown value \"SCMP_CMP_BETWEEN\"",
            "linux.seccomp.architectures: unknown architecture \"SCMP_ARCH_Z80\"",
        ])
    func unknownValues(message: String) {
        var wire = Self.wire
        switch message {
        case let text where text.contains("defaultAction"): wire.defaultAction = "SCMP_ACT_MAYBE"
        case let text where text.contains(".action"): wire.syscalls[1].action = ""
        case let text where text.contains(".op"): wire.syscalls[2].args[1].op = "SCMP_CMP_BETWEEN"
        default: wire.architectures.append("SCMP_ARCH_Z80")
        }
        expectInvalidArgument(containing: message) { _ = try Linux.Seccomp(wire) }
    }

    @Test("GetGuestDetails says the agent enforces seccomp on the architectures it has a table for")
    func supportsSeccomp() throws {
        let details = try GuestFacts(sysfs: "/nonexistent", isInit: false).details(
            memoryBlockSize: false, memoryHotplugProbe: false)
        #if arch(x86_64) || arch(arm64)
        #expect(details.supportsSeccomp)
        #else
        #expect(!details.supportsSeccomp)
        #endif
    }
}
