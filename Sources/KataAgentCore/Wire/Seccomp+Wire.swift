// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import AgentAPI
import KataError
import OCISpec

// grpc.LinuxSeccomp (oci.proto), both ways. The protocol has no defaultErrnoRet (the host refuses
// one other than EPERM, the agent's default) and no listener fields; an unset rule errno is nil, a
// zero valueTwo is nil (0, as MASKED_EQ reads it).

extension Linux.Seccomp {
    /// The filter the host sent.
    /// - Throws: `KataError(.invalidArgument)` naming the field for an action, comparison or
    ///   architecture libseccomp does not know.
    init(_ wire: Grpc_LinuxSeccomp) throws(KataError) {
        let field = "linux.seccomp"
        for architecture in wire.architectures where !SeccompProgram.knownArchitectures.contains(architecture) {
            throw KataError(
                .invalidArgument, "\(field).architectures: unknown architecture \"\(architecture)\" (use SCMP_ARCH_*)")
        }
        self.init(
            defaultAction: try Self.closed(Action.self, wire.defaultAction, field: "\(field).defaultAction"),
            architectures: wire.architectures.nonEmpty, flags: wire.flags.nonEmpty,
            syscalls: try wire.syscalls.enumerated().map { (index, rule) throws(KataError) in
                let field = "\(field).syscalls[\(index)]"
                var errno: UInt32?
                if case .errnoret(let value)? = rule.errnoRet { errno = value }
                return Syscall(
                    names: rule.names, action: try Self.closed(Action.self, rule.action, field: "\(field).action"),
                    errnoRet: errno,
                    args: try rule.args.enumerated().map { (position, arg) throws(KataError) in
                        Argument(
                            index: UInt(clamping: arg.index), value: arg.value, valueTwo: arg.valueTwo.nonZero,
                            op: try Self.closed(Operator.self, arg.op, field: "\(field).args[\(position)].op"))
                    }.nonEmpty)
            }.nonEmpty)
    }

    private static func closed<T: RawRepresentable & CaseIterable>(
        _ type: T.Type, _ value: String, field: String
    ) throws(KataError) -> T where T.RawValue == String {
        guard let result = T(rawValue: value) else {
            let known = T.allCases.map(\.rawValue).joined(separator: ", ")
            throw KataError(.invalidArgument, "\(field): unknown value \"\(value)\" (use one of \(known))")
        }
        return result
    }
}

extension Grpc_LinuxSeccomp {
    /// The wire form of a filter.
    init(_ seccomp: Linux.Seccomp) {
        self.init()
        defaultAction = seccomp.defaultAction.rawValue
        architectures = seccomp.architectures ?? []
        flags = seccomp.flags ?? []
        syscalls = (seccomp.syscalls ?? []).map { rule in
            .with {
                $0.names = rule.names
                $0.action = rule.action.rawValue
                if let errno = rule.errnoRet { $0.errnoret = errno }
                $0.args = (rule.args ?? []).map { argument in
                    .with {
                        $0.index = UInt64(argument.index)
                        $0.value = argument.value
                        $0.valueTwo = argument.valueTwo ?? 0
                        $0.op = argument.op.rawValue
                    }
                }
            }
        }
    }
}
