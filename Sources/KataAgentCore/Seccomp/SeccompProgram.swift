// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataLinux
import OCISpec

/// A container's OCI seccomp profile compiled to a classic BPF program for one architecture, as
/// runc builds it through libseccomp (the static agent has no libseccomp).
///
/// The program checks the architecture (another one, and x32 calls on x86-64, kill the process, as
/// libseccomp's bad-arch action does), then finds the call's number and runs that call's rules in
/// profile order: the first whose conditions hold gives the action, else the default action does.
/// As in runc, names the table does not know are skipped, a rule with the default action is
/// ignored, and a rule with several conditions on one argument becomes one rule per condition.
///
/// Every conditional jump stays within one call's block, and blocks are bounded, so no jump ever
/// needs more than the 8 bits classic BPF gives it (``Emitter``).
struct SeccompProgram: Sendable {
    /// System calls have six arguments.
    static let argumentCount = 6

    /// The architecture the program is for.
    let architecture: Architecture
    /// The instructions.
    let instructions: [BPFInstruction]
    /// The seccomp(2) flags the profile asks for.
    let flags: SeccompFilterFlags
    /// Names of the profile the architecture's table does not know, skipped as runc skips them.
    let unknownNames: [String]

    /// Compiles `profile` for `architecture`.
    /// - Parameters:
    ///   - profile: the OCI profile.
    ///   - architecture: the architecture; the agent's own by default.
    /// - Throws: ``Error`` naming the field: SCMP_ACT_NOTIFY, an argument index past 5, an unknown
    ///   flag, a program over 4096 instructions, or an architecture without a table.
    init(_ profile: Linux.Seccomp, architecture: Architecture? = .native) throws(Error) {
        guard let architecture else { throw .unsupportedArchitecture }
        self.architecture = architecture
        flags = try Self.flags(profile.flags ?? [])
        let defaultAction = try Self.returnValue(profile.defaultAction, errno: profile.defaultErrnoRet, rule: nil)
        var unknown: [String] = []
        let rules = try Self.rules(profile, defaultAction: defaultAction, architecture: architecture, unknown: &unknown)
        unknownNames = unknown
        var emitter = Emitter()
        emitter.prologue(architecture)
        emitter.body(rules, defaultAction: defaultAction)
        guard emitter.instructions.count <= ContainerSyscalls.maximumFilterLength else {
            throw .tooLong(instructions: emitter.instructions.count)
        }
        instructions = emitter.instructions
    }

    /// One rule for one call number: all `conditions` must hold for `action`.
    struct Rule: Equatable {
        var number: UInt32
        var conditions: [Linux.Seccomp.Argument]
        var action: UInt32
    }

    /// The profile's rules by call number, in profile order, each with conditions that must all hold.
    private static func rules(
        _ profile: Linux.Seccomp, defaultAction: UInt32, architecture: Architecture, unknown: inout [String]
    ) throws(Error) -> [Rule] {
        let table = architecture.syscalls
        var rules: [Rule] = []
        for (index, syscall) in (profile.syscalls ?? []).enumerated() {
            let action = try returnValue(syscall.action, errno: syscall.errnoRet, rule: index)
            let arguments = syscall.args ?? []
            if let bad = arguments.first(where: { $0.index >= UInt(argumentCount) }) {
                throw .argumentIndex(rule: index, index: bad.index)
            }
            // libseccomp refuses a rule with the default action; runc skips it.
            if action == defaultAction { continue }
            // runc: when one argument has several conditions, every condition becomes a rule of its
            // own (any may match); otherwise one rule holds them all.
            let indexes = arguments.map(\.index)
            let alternatives = Set(indexes).count < indexes.count ? arguments.map { [$0] } : [arguments]
            for name in syscall.names {
                guard let number = table[name] else {
                    if !unknown.contains(name) { unknown.append(name) }
                    continue
                }
                for conditions in alternatives {
                    rules.append(Rule(number: number, conditions: conditions, action: action))
                }
            }
        }
        return rules
    }

    /// The filter flags; TSYNC has no use in a single-threaded helper, and WAIT_KILLABLE_RECV only
    /// changes how a notify listener waits, which this runtime never has, so both are accepted and
    /// not passed (the kernel refuses WAIT_KILLABLE_RECV without a listener).
    private static func flags(_ names: [String]) throws(Error) -> SeccompFilterFlags {
        var flags: SeccompFilterFlags = []
        for name in names {
            switch name {
            case "SECCOMP_FILTER_FLAG_LOG": flags.insert(.log)
            case "SECCOMP_FILTER_FLAG_SPEC_ALLOW": flags.insert(.specAllow)
            case "SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV": break
            default: throw .unknownFlag(name)
            }
        }
        return flags
    }

    /// The SECCOMP_RET_* value of an action; ERRNO and TRACE carry `errno` (EPERM when absent, as
    /// runc sets it) in their low 16 bits.
    static func returnValue(
        _ action: Linux.Seccomp.Action, errno: UInt32?, rule: Int?
    ) throws(Error) -> UInt32 {
        let data = (errno ?? 1) & 0xFFFF
        switch action {
        case .kill, .killThread: return 0x0000_0000
        case .killProcess: return Self.killProcess
        case .trap: return 0x0003_0000
        case .errno: return 0x0005_0000 | data
        case .trace: return 0x7FF0_0000 | data
        case .log: return 0x7FFC_0000
        case .allow: return 0x7FFF_0000
        case .notify: throw .notifyUnsupported(rule: rule)
        }
    }

    /// SECCOMP_RET_KILL_PROCESS: the action for another architecture's calls.
    static let killProcess: UInt32 = 0x8000_0000
}
