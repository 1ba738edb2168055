// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataError
import KataLinux

extension SeccompProgram {
    /// Why a profile cannot become a filter; each case names the field of `linux.seccomp` at fault.
    enum Error: Swift.Error, CustomStringConvertible, Sendable, Equatable {
        /// SCMP_ACT_NOTIFY, as the default action (`rule` nil) or in rule `rule`: no listener
        /// socket can be carried to the guest.
        case notifyUnsupported(rule: Int?)
        /// A condition of rule `rule` names argument `index`; system calls have six.
        case argumentIndex(rule: Int, index: UInt)
        /// A flag seccomp(2) does not have (or this runtime does not know).
        case unknownFlag(String)
        /// The program came to `instructions`, more than the kernel accepts.
        case tooLong(instructions: Int)
        /// The agent has no system call table for the architecture it runs on.
        case unsupportedArchitecture

        /// What failed, with the field: `linux.seccomp.syscalls[3].args[0].index: …`.
        var description: String {
            switch self {
            case .notifyUnsupported(let rule?):
                "linux.seccomp.syscalls[\(rule)].action: SCMP_ACT_NOTIFY is not supported by this runtime"
            case .notifyUnsupported(nil):
                "linux.seccomp.defaultAction: SCMP_ACT_NOTIFY is not supported by this runtime"
            case .argumentIndex(let rule, let index):
                "linux.seccomp.syscalls[\(rule)].args: argument index \(index) is out of range "
                    + "(system calls have \(SeccompProgram.argumentCount) arguments, 0 to "
                    + "\(SeccompProgram.argumentCount - 1))"
            case .unknownFlag(let flag):
                "linux.seccomp.flags: unknown flag \"\(flag)\" (use SECCOMP_FILTER_FLAG_LOG, "
                    + "SECCOMP_FILTER_FLAG_SPEC_ALLOW, SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV or "
                    + "SECCOMP_FILTER_FLAG_TSYNC)"
            case .tooLong(let instructions):
                "linux.seccomp: the filter compiles to \(instructions) BPF instructions, more than the kernel's "
                    + "limit of \(ContainerSyscalls.maximumFilterLength) (BPF_MAXINSNS); use fewer rules"
            case .unsupportedArchitecture:
                "linux.seccomp: this agent has no system call table for its architecture"
            }
        }

        /// The agent's error for it: the profile is the caller's to fix.
        var kataError: KataError {
            KataError(.invalidArgument, description)
        }
    }
}
