// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

/// System call numbers by name, per architecture, for the seccomp compiler; the tables are
/// generated from the kernel headers by scripts/gen-syscall-table.sh.
enum SyscallTable {}

extension SeccompProgram {
    /// An architecture the agent can build a filter for: its audit number and its system call table.
    ///
    /// Only native rules are built: a profile naming SCMP_ARCH_X86 or SCMP_ARCH_X32 too gets no
    /// rules for them, and their system calls are killed by the architecture check, never let
    /// through unfiltered.
    enum Architecture: String, Sendable, CaseIterable {
        /// x86-64.
        case amd64 = "SCMP_ARCH_X86_64"
        /// 64-bit Arm.
        case arm64 = "SCMP_ARCH_AARCH64"

        /// The architecture this agent runs on, or nil where it has no table.
        static var native: Architecture? {
            #if arch(x86_64)
            .amd64
            #elseif arch(arm64)
            .arm64
            #else
            nil
            #endif
        }

        /// `seccomp_data.arch` for it (AUDIT_ARCH_*, linux/audit.h).
        var auditArch: UInt32 {
            switch self {
            case .amd64: 0xC000_003E
            case .arm64: 0xC000_00B7
            }
        }

        /// The bit that marks an x32 system call on x86-64 (__X32_SYSCALL_BIT); x32 shares the
        /// x86-64 audit arch, so only this bit tells its calls apart.
        var x32SyscallBit: UInt32? {
            switch self {
            case .amd64: 0x4000_0000
            case .arm64: nil
            }
        }

        /// Its system calls by name.
        var syscalls: [String: UInt32] {
            switch self {
            case .amd64: SyscallTable.amd64
            case .arm64: SyscallTable.arm64
            }
        }
    }

    /// The architecture names libseccomp knows (SCMP_ARCH_*), which a profile's `architectures`
    /// may list; any other is refused when the spec is decoded.
    static let knownArchitectures: Set<String> = [
        "SCMP_ARCH_NATIVE", "SCMP_ARCH_X86", "SCMP_ARCH_X86_64", "SCMP_ARCH_X32", "SCMP_ARCH_ARM",
        "SCMP_ARCH_AARCH64", "SCMP_ARCH_MIPS", "SCMP_ARCH_MIPS64", "SCMP_ARCH_MIPS64N32", "SCMP_ARCH_MIPSEL",
        "SCMP_ARCH_MIPSEL64", "SCMP_ARCH_MIPSEL64N32", "SCMP_ARCH_PPC", "SCMP_ARCH_PPC64", "SCMP_ARCH_PPC64LE",
        "SCMP_ARCH_S390", "SCMP_ARCH_S390X", "SCMP_ARCH_PARISC", "SCMP_ARCH_PARISC64", "SCMP_ARCH_RISCV64",
        "SCMP_ARCH_LOONGARCH64", "SCMP_ARCH_M68K", "SCMP_ARCH_SH", "SCMP_ARCH_SHEB",
    ]
}
