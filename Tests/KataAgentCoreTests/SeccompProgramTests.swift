// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataLinux
import KataTestSupport
import OCISpec
import Testing

@testable import KataAgentCore

/// What a compiled program returns, found by running it in ``BPFMachine``, a classic BPF
/// interpreter of the instructions the compiler emits, as the kernel would run it.
@Suite("SeccompProgram: OCI profile → classic BPF")
struct SeccompProgramTests {
    typealias Rule = Linux.Seccomp.Syscall
    static let allow: UInt32 = 0x7FFF_0000
    static let killProcess: UInt32 = 0x8000_0000
    static func errno(_ value: UInt32) -> UInt32 { 0x0005_0000 | value }
    static let x86 = SeccompProgram.Architecture.amd64
    static func nr(_ name: String) -> UInt32 { SyscallTable.amd64[name] ?? UInt32.max }

    static func compile(
        _ profile: Linux.Seccomp, _ architecture: SeccompProgram.Architecture = x86
    ) throws
        -> SeccompProgram
    {
        let program = try SeccompProgram(profile, architecture: architecture)
        try BPFMachine.validate(program.instructions)
        return program
    }

    /// The action of `program` for the call `name` with `args` on x86-64.
    static func action(_ program: SeccompProgram, _ name: String, _ args: [UInt64] = []) throws -> UInt32 {
        try BPFMachine.run(program.instructions, nr: nr(name), arch: x86.auditArch, args: args)
    }

    @Test(
        "with no rules every call gets the default action",
        arguments: [
            (Linux.Seccomp.Action.allow, UInt32(0x7FFF_0000)), (.errno, 0x0005_0001), (.kill, 0), (.killThread, 0),
            (.killProcess, 0x8000_0000), (.trap, 0x0003_0000), (.trace, 0x7FF0_0001), (.log, 0x7FFC_0000),
        ])
    func defaultAction(action: Linux.Seccomp.Action, expected: UInt32) throws {
        let program = try Self.compile(Linux.Seccomp(defaultAction: action))
        for name in ["read", "write", "openat", "clone3"] {
            #expect(try Self.action(program, name) == expected, "\(name)")
        }
        let withErrno = try Self.compile(Linux.Seccomp(defaultAction: action, defaultErrnoRet: 22))
        let carriesErrno = action == .errno || action == .trace
        #expect(try Self.action(withErrno, "read") == (carriesErrno ? expected & 0xFFFF_0000 | 22 : expected))
    }

    @Test("RuntimeDefault: the allow-list, EPERM for the rest, ENOSYS for clone3, argument rules")
    func runtimeDefault() throws {
        let program = try Self.compile(RuntimeDefaultSeccomp.profile())
        let known = RuntimeDefaultSeccomp.allowedNames.filter { SyscallTable.amd64[$0] != nil }
        #expect(known.count > 250)
        for name in known {
            #expect(try Self.action(program, name) == Self.allow, "\(name)")
        }
        #expect(program.unknownNames == RuntimeDefaultSeccomp.allowedNames.filter { SyscallTable.amd64[$0] == nil })
        #expect(program.unknownNames.contains("chown32") && program.unknownNames.contains("socketcall"))
        #expect(try Self.action(program, "clone3") == Self.errno(38))
        for denied in ["mount", "unshare", "setns", "reboot", "bpf", "init_module", "kexec_load", "open_by_handle_at"] {
            #expect(try Self.action(program, denied) == Self.errno(1), "\(denied)")
        }
        // personality: exactly the five values; the high word counts.
        for value: UInt64 in [0, 8, 0x20000, 0x20008, 0xFFFF_FFFF] {
            #expect(try Self.action(program, "personality", [value]) == Self.allow)
        }
        for value: UInt64 in [4, 0x1_FFFF_FFFF, 0x1_0000_0000, 0x20001] {
            #expect(try Self.action(program, "personality", [value]) == Self.errno(1), "\(value)")
        }
        // clone: allowed without namespace flags; the mask ignores bits above it.
        #expect(try Self.action(program, "clone", [17]) == Self.allow)
        #expect(try Self.action(program, "clone", [0x1_0000_0011]) == Self.allow)
        #expect(try Self.action(program, "clone", [0x0002_0011]) == Self.errno(1))
        #expect(try Self.action(program, "clone", [0x4000_0000]) == Self.errno(1))
        // socket: below AF_ALG, AF_ALG + 1, above AF_VSOCK.
        for (family, allowed): (UInt64, Bool) in [
            (2, true), (37, true), (38, false), (39, true), (40, false), (41, true),
        ] {
            #expect(try Self.action(program, "socket", [family]) == (allowed ? Self.allow : Self.errno(1)), "\(family)")
        }
        #expect(program.instructions.count < 4096)
        print("RuntimeDefault-shaped profile: \(program.instructions.count) instructions")
    }

    @Test("a deny-list: ALLOW by default, per-rule errno and kill")
    func denyList() throws {
        let program = try Self.compile(
            Linux.Seccomp(
                defaultAction: .allow,
                syscalls: [
                    Rule(names: ["mkdir", "mkdirat"], action: .errno, errnoRet: 13),
                    Rule(names: ["kexec_load"], action: .killProcess),
                    Rule(names: ["ptrace"], action: .errno),
                    Rule(names: ["uname"], action: .trace, errnoRet: 7),
                ]))
        #expect(try Self.action(program, "mkdirat") == Self.errno(13))
        #expect(try Self.action(program, "mkdir") == Self.errno(13))
        #expect(try Self.action(program, "kexec_load") == Self.killProcess)
        #expect(try Self.action(program, "ptrace") == Self.errno(1))
        #expect(try Self.action(program, "uname") == 0x7FF0_0007)
        #expect(try Self.action(program, "read") == Self.allow)
    }

    @Test(
        "each comparison is unsigned 64-bit, across the 32-bit boundary",
        arguments: Linux.Seccomp.Operator.allCases.filter { $0 != .maskedEqual })
    func comparisons(op: Linux.Seccomp.Operator) throws {
        let values: [UInt64] = [0, 1, 0xFFFF_FFFF, 0x1_0000_0000, 0x1_0000_0001, 0x2_0000_0000, UInt64.max]
        for value in values {
            let program = try Self.compile(
                Linux.Seccomp(
                    defaultAction: .errno,
                    syscalls: [Rule(names: ["write"], action: .allow, args: [.init(index: 3, value: value, op: op)])]))
            for argument in values + [0xFFFF_FFFE, 0x1_FFFF_FFFF, 0xFFFF_FFFF_0000_0000] {
                let holds: Bool =
                    switch op {
                    case .equal: argument == value
                    case .notEqual: argument != value
                    case .lessThan: argument < value
                    case .lessOrEqual: argument <= value
                    case .greaterThan: argument > value
                    case .greaterOrEqual: argument >= value
                    case .maskedEqual: false
                    }
                let args = [0, 0, 0, argument]
                #expect(
                    try Self.action(program, "write", args) == (holds ? Self.allow : Self.errno(1)),
                    "\(argument) \(op.rawValue) \(value)")
            }
        }
    }

    @Test("MASKED_EQ: (argument & value) == valueTwo, in both words")
    func maskedEqual() throws {
        let cases: [(mask: UInt64, datum: UInt64)] = [
            (0xFF00_0000_0000_00FF, 0x1200_0000_0000_0034), (0xF0, 0x10), (0xF0, 0x1_0000_0010), (0, 0),
        ]
        let arguments: [UInt64] = [
            0x1200_0000_0000_0034, 0x12FF_FFFF_FFFF_FF34, 0x1300_0000_0000_0034, 0x10, 0x1_0000_0010, 0xFF1F, 0, 0x20,
        ]
        for (mask, datum) in cases {
            let program = try Self.compile(
                Linux.Seccomp(
                    defaultAction: .errno,
                    syscalls: [
                        Rule(
                            names: ["ioctl"], action: .allow,
                            args: [.init(index: 1, value: mask, valueTwo: datum, op: .maskedEqual)])
                    ]))
            for argument in arguments {
                let holds = argument & mask == datum
                #expect(
                    try Self.action(program, "ioctl", [0, argument]) == (holds ? Self.allow : Self.errno(1)),
                    "\(argument) & \(mask) == \(datum)")
            }
        }
    }

    @Test("conditions on different arguments must all hold; on one argument, as runc, any may")
    func andOr() throws {
        func profile(_ args: [Linux.Seccomp.Argument]) -> Linux.Seccomp {
            Linux.Seccomp(defaultAction: .errno, syscalls: [Rule(names: ["write"], action: .allow, args: args)])
        }
        let and = try Self.compile(
            profile([.init(index: 0, value: 1, op: .equal), .init(index: 2, value: 5, op: .equal)]))
        #expect(try Self.action(and, "write", [1, 0, 5]) == Self.allow)
        #expect(try Self.action(and, "write", [1, 0, 4]) == Self.errno(1))
        #expect(try Self.action(and, "write", [2, 0, 5]) == Self.errno(1))
        let or = try Self.compile(
            profile([.init(index: 0, value: 1, op: .equal), .init(index: 0, value: 2, op: .equal)]))
        #expect(try Self.action(or, "write", [1]) == Self.allow)
        #expect(try Self.action(or, "write", [2]) == Self.allow)
        #expect(try Self.action(or, "write", [3]) == Self.errno(1))
        // runc: once one argument repeats, every condition, the others too, is a rule of its own.
        let all = try Self.compile(
            profile([
                .init(index: 0, value: 1, op: .equal), .init(index: 0, value: 2, op: .equal),
                .init(index: 1, value: 7, op: .equal),
            ]))
        #expect(try Self.action(all, "write", [9, 7]) == Self.allow)
        #expect(try Self.action(all, "write", [9, 8]) == Self.errno(1))
    }

    @Test("rules run in profile order, first match wins; a rule with the default action is ignored, as runc")
    func order() throws {
        let program = try Self.compile(
            Linux.Seccomp(
                defaultAction: .errno,
                syscalls: [
                    Rule(names: ["write"], action: .errno, errnoRet: 5, args: [.init(index: 0, value: 1, op: .equal)]),
                    Rule(names: ["write"], action: .errno, args: [.init(index: 0, value: 2, op: .equal)]),
                    Rule(names: ["write", "read"], action: .errno, errnoRet: 6),
                    Rule(names: ["write", "read"], action: .allow),
                ]))
        #expect(try Self.action(program, "write", [1]) == Self.errno(5))
        #expect(try Self.action(program, "write", [2]) == Self.errno(6))
        #expect(try Self.action(program, "write", [3]) == Self.errno(6))
        #expect(try Self.action(program, "read") == Self.errno(6))
    }

    @Test("names the table does not know are skipped and counted")
    func unknownNames() throws {
        let program = try Self.compile(
            Linux.Seccomp(
                defaultAction: .errno,
                syscalls: [
                    Rule(names: ["no_such_call", "read", "chown32"], action: .allow),
                    Rule(names: ["no_such_call"], action: .killProcess),
                ]))
        #expect(program.unknownNames == ["no_such_call", "chown32"])
        #expect(try Self.action(program, "read") == Self.allow)
    }

    @Test("another architecture, and x32 calls on x86-64, are killed whatever the profile says")
    func architectureCheck() throws {
        let program = try Self.compile(
            Linux.Seccomp(
                defaultAction: .allow, architectures: ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"]))
        let i386: UInt32 = 0x4000_0003
        #expect(try BPFMachine.run(program.instructions, nr: 0, arch: i386) == Self.killProcess)
        #expect(try BPFMachine.run(program.instructions, nr: 0x4000_0000, arch: Self.x86.auditArch) == Self.killProcess)
        #expect(try BPFMachine.run(program.instructions, nr: 0x4000_0001, arch: Self.x86.auditArch) == Self.killProcess)
        #expect(try BPFMachine.run(program.instructions, nr: 0x3FFF_FFFF, arch: Self.x86.auditArch) == Self.allow)
        // aarch64 has no x32 bit: only the arch word decides.
        let arm = try Self.compile(
            Linux.Seccomp(defaultAction: .allow, syscalls: [Rule(names: ["openat"], action: .errno)]), .arm64)
        let aarch64 = SeccompProgram.Architecture.arm64.auditArch
        #expect(try BPFMachine.run(arm.instructions, nr: 56, arch: aarch64) == Self.errno(1))
        #expect(try BPFMachine.run(arm.instructions, nr: 0x4000_0000, arch: aarch64) == Self.allow)
        #expect(try BPFMachine.run(arm.instructions, nr: 56, arch: Self.x86.auditArch) == Self.killProcess)
    }

    @Test("a call with rules longer than a jump's 8 bits is entered and skipped through ja")
    func longBlock() throws {
        let rules = (0..<80).map { value in
            Rule(
                names: ["write"], action: .errno, errnoRet: UInt32(100 + value),
                args: [.init(index: 1, value: UInt64(value) << 32 | 7, op: .equal)])
        }
        let program = try Self.compile(
            Linux.Seccomp(defaultAction: .allow, syscalls: rules + [Rule(names: ["read"], action: .errno)]))
        #expect(program.instructions.contains { $0.code == SeccompProgram.Opcode.jump })
        for value in [0, 1, 41, 79] {
            #expect(try Self.action(program, "write", [0, UInt64(value) << 32 | 7]) == Self.errno(UInt32(100 + value)))
        }
        #expect(try Self.action(program, "write", [0, 7 << 32]) == Self.allow)
        #expect(try Self.action(program, "read") == Self.errno(1))
        #expect(try Self.action(program, "openat") == Self.allow)
    }

    @Test("flags: LOG and SPEC_ALLOW are passed; TSYNC and WAIT_KILLABLE_RECV have nothing to do")
    func flags() throws {
        let passed = try Self.compile(
            Linux.Seccomp(
                defaultAction: .allow, flags: ["SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW"]))
        #expect(passed.flags == [.log, .specAllow])
        let ignored = try Self.compile(
            Linux.Seccomp(
                defaultAction: .allow,
                flags: ["SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV"]))
        #expect(ignored.flags == [])
    }

    @Test("what cannot be compiled is refused, naming the field")
    func errors() {
        func failure(_ profile: Linux.Seccomp) -> SeccompProgram.Error? {
            do {
                _ = try SeccompProgram(profile, architecture: Self.x86)
                return nil
            } catch {
                return error
            }
        }
        #expect(failure(Linux.Seccomp(defaultAction: .notify)) == .notifyUnsupported(rule: nil))
        #expect(
            failure(Linux.Seccomp(defaultAction: .notify)).map(\.description)
                == "linux.seccomp.defaultAction: SCMP_ACT_NOTIFY is not supported by this runtime")
        let notify = Linux.Seccomp(
            defaultAction: .allow,
            syscalls: [Rule(names: ["read"], action: .errno), Rule(names: ["ioctl"], action: .notify)])
        #expect(failure(notify) == .notifyUnsupported(rule: 1))
        let index = Linux.Seccomp(
            defaultAction: .allow,
            syscalls: [Rule(names: ["read"], action: .errno, args: [.init(index: 6, value: 0, op: .equal)])])
        #expect(failure(index) == .argumentIndex(rule: 0, index: 6))
        #expect(failure(index)?.description.hasPrefix("linux.seccomp.syscalls[0].args: argument index 6") == true)
        #expect(
            failure(Linux.Seccomp(defaultAction: .allow, flags: ["SECCOMP_FILTER_FLAG_FAST"]))
                == .unknownFlag("SECCOMP_FILTER_FLAG_FAST"))
        let long = Linux.Seccomp(
            defaultAction: .allow,
            syscalls: (0..<1000).map {
                Rule(names: ["personality"], action: .errno, args: [.init(index: 0, value: UInt64($0), op: .equal)])
            })
        guard case .tooLong(let count)? = failure(long) else {
            Issue.record("a 1000-rule profile compiled")
            return
        }
        #expect(count > 4096)
        #expect(failure(long)?.description.contains("limit of 4096 (BPF_MAXINSNS)") == true)
        #expect(failure(long).map(\.kataError.code) == .invalidArgument)
    }

    @Test("the generated tables hold the numbers the kernel headers give")
    func tables() {
        #expect(SyscallTable.amd64["read"] == 0)
        #expect(SyscallTable.amd64["clone3"] == 435)
        #expect(SyscallTable.amd64["personality"] == 135)
        #expect(SyscallTable.amd64.count > 350)
        #expect(SyscallTable.arm64["openat"] == 56)
        #expect(SyscallTable.arm64["open"] == nil)
        #expect(SyscallTable.arm64["newfstatat"] == 79)
    }
}
