// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import CKataLinux
import SystemPackage

/// One classic BPF instruction, laid out as the kernel's `struct sock_filter`.
package struct BPFInstruction: Sendable, Hashable, CustomStringConvertible {
    /// The opcode: class, size, mode or operation, source (`BPF_LD | BPF_W | BPF_ABS`…).
    package var code: UInt16
    /// Instructions to skip when a conditional jump holds.
    package var jt: UInt8
    /// Instructions to skip when it does not.
    package var jf: UInt8
    /// The constant operand: an offset, a value compared with, a return value or a jump length.
    package var k: UInt32

    /// An instruction.
    /// - Parameters:
    ///   - code: the opcode.
    ///   - jt: the true branch's skip.
    ///   - jf: the false branch's skip.
    ///   - k: the operand.
    package init(code: UInt16, jt: UInt8 = 0, jf: UInt8 = 0, k: UInt32) {
        self.code = code
        self.jt = jt
        self.jf = jf
        self.k = k
    }

    /// `{ 0x15, 0, 3, 0x0000003b }`, as `bpf_asm -c` prints it.
    package var description: String {
        "{ 0x\(String(code, radix: 16)), \(jt), \(jf), 0x\(String(k, radix: 16)) }"
    }
}

/// The seccomp(2) filter flags a container's profile may ask for.
package struct SeccompFilterFlags: OptionSet, Sendable, Hashable {
    /// The flags' bits, as seccomp(2) takes them.
    package let rawValue: UInt32

    /// Flags from their bits.
    /// - Parameter rawValue: the bits.
    package init(rawValue: UInt32) {
        self.rawValue = rawValue
    }

    /// `SECCOMP_FILTER_FLAG_LOG`: actions other than ALLOW are logged to the audit log.
    package static let log = SeccompFilterFlags(rawValue: UInt32(CKL_SECCOMP_FILTER_FLAG_LOG))
    /// `SECCOMP_FILTER_FLAG_SPEC_ALLOW`: the kernel does not force speculative store bypass mitigation.
    package static let specAllow = SeccompFilterFlags(rawValue: UInt32(CKL_SECCOMP_FILTER_FLAG_SPEC_ALLOW))
}

extension ContainerSyscalls {
    /// The most instructions a classic BPF program may have (BPF_MAXINSNS).
    package static let maximumFilterLength = 4096

    /// Installs `program` as a seccomp filter of the calling thread and its future children
    /// (seccomp(2) SECCOMP_SET_MODE_FILTER; prctl(PR_SET_SECCOMP) on a kernel without seccomp(2) when
    /// no flags are asked for). Without TSYNC: the init helper has one thread.
    ///
    /// Every system call the caller makes afterwards goes through the filter.
    /// - Parameters:
    ///   - program: the instructions, at most ``maximumFilterLength``.
    ///   - flags: the filter flags.
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)``: EACCES without no_new_privs or
    ///   CAP_SYS_ADMIN, EINVAL for a program the kernel's verifier refuses or an unknown flag.
    package static func installSeccompFilter(
        _ program: [BPFInstruction], flags: SeccompFilterFlags = []
    ) throws(Syscall.Error) {
        let filter = program.map { ckl_sock_filter(code: $0.code, jt: $0.jt, jf: $0.jf, k: $0.k) }
        guard let count = UInt16(exactly: filter.count), filter.count <= maximumFilterLength else {
            throw .syscall(name: "seccomp", path: "\(filter.count) instructions", errno: .invalidArgument)
        }
        try Syscall.call("seccomp(SECCOMP_SET_MODE_FILTER)", path: "\(count) instructions") {
            ckl_seccomp_set_filter(flags.rawValue, filter, count)
        }
    }
}
