// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

extension Linux {
    /// `seccomp`: the container's system call filter.
    public struct Seccomp: Codable, Sendable, Equatable {
        /// `defaultAction`: the action for calls no rule matches.
        public var defaultAction: Action
        /// `defaultErrnoRet`: the errno returned by `defaultAction` `SCMP_ACT_ERRNO`.
        public var defaultErrnoRet: UInt32?
        /// `architectures`: the architectures the filter covers, e.g. `SCMP_ARCH_X86_64`.
        public var architectures: [String]?
        /// `flags`: seccomp(2) flags, e.g. `SECCOMP_FILTER_FLAG_LOG`.
        public var flags: [String]?
        /// `listenerPath`: the socket a `SCMP_ACT_NOTIFY` listener fd is sent to.
        public var listenerPath: String?
        /// `listenerMetadata`: opaque data sent with the listener fd.
        public var listenerMetadata: String?
        /// `syscalls`: the rules.
        public var syscalls: [Syscall]?

        /// A filter.
        /// - Parameters:
        ///   - defaultAction: the default action.
        ///   - defaultErrnoRet: the default errno.
        ///   - architectures: the architectures.
        ///   - flags: the flags.
        ///   - listenerPath: the notify socket.
        ///   - listenerMetadata: the notify metadata.
        ///   - syscalls: the rules.
        public init(
            defaultAction: Action, defaultErrnoRet: UInt32? = nil, architectures: [String]? = nil,
            flags: [String]? = nil, listenerPath: String? = nil, listenerMetadata: String? = nil,
            syscalls: [Syscall]? = nil
        ) {
            self.defaultAction = defaultAction
            self.defaultErrnoRet = defaultErrnoRet
            self.architectures = architectures
            self.flags = flags
            self.listenerPath = listenerPath
            self.listenerMetadata = listenerMetadata
            self.syscalls = syscalls
        }

        /// One rule: an action for the named calls, optionally conditioned on their arguments.
        public struct Syscall: Codable, Sendable, Equatable {
            /// `names`: system call names.
            public var names: [String]
            /// `action`: what happens when the rule matches.
            public var action: Action
            /// `errnoRet`: the errno for `SCMP_ACT_ERRNO`.
            public var errnoRet: UInt32?
            /// `args`: argument conditions, all of which must hold.
            public var args: [Argument]?

            /// A rule.
            /// - Parameters:
            ///   - names: the calls.
            ///   - action: the action.
            ///   - errnoRet: the errno.
            ///   - args: the argument conditions.
            public init(names: [String], action: Action, errnoRet: UInt32? = nil, args: [Argument]? = nil) {
                self.names = names
                self.action = action
                self.errnoRet = errnoRet
                self.args = args
            }
        }

        /// A condition on one system call argument.
        public struct Argument: Codable, Sendable, Equatable {
            /// `index`: the argument number.
            public var index: UInt
            /// `value`: the value compared with.
            public var value: UInt64
            /// `valueTwo`: the second value, for `SCMP_CMP_MASKED_EQ`.
            public var valueTwo: UInt64?
            /// `op`: the comparison.
            public var op: Operator

            /// A condition.
            /// - Parameters:
            ///   - index: the argument number.
            ///   - value: the value.
            ///   - valueTwo: the second value.
            ///   - op: the comparison.
            public init(index: UInt, value: UInt64, valueTwo: UInt64? = nil, op: Operator) {
                self.index = index
                self.value = value
                self.valueTwo = valueTwo
                self.op = op
            }
        }

        /// The seccomp actions of the spec.
        public enum Action: String, Codable, Sendable, CaseIterable {
            /// `SCMP_ACT_KILL`.
            case kill = "SCMP_ACT_KILL"
            /// `SCMP_ACT_KILL_PROCESS`.
            case killProcess = "SCMP_ACT_KILL_PROCESS"
            /// `SCMP_ACT_KILL_THREAD`.
            case killThread = "SCMP_ACT_KILL_THREAD"
            /// `SCMP_ACT_TRAP`.
            case trap = "SCMP_ACT_TRAP"
            /// `SCMP_ACT_ERRNO`.
            case errno = "SCMP_ACT_ERRNO"
            /// `SCMP_ACT_TRACE`.
            case trace = "SCMP_ACT_TRACE"
            /// `SCMP_ACT_ALLOW`.
            case allow = "SCMP_ACT_ALLOW"
            /// `SCMP_ACT_LOG`.
            case log = "SCMP_ACT_LOG"
            /// `SCMP_ACT_NOTIFY`.
            case notify = "SCMP_ACT_NOTIFY"

            /// Decodes a known action; any other string fails with the accepted ones.
            /// - Parameter decoder: the decoder.
            /// - Throws: `DecodingError.dataCorrupted` for an unknown action.
            public init(from decoder: any Decoder) throws {
                self = try decodeClosedSet(Self.self, from: decoder)
            }
        }

        /// The argument comparisons of the spec.
        public enum Operator: String, Codable, Sendable, CaseIterable {
            /// `SCMP_CMP_NE`.
            case notEqual = "SCMP_CMP_NE"
            /// `SCMP_CMP_LT`.
            case lessThan = "SCMP_CMP_LT"
            /// `SCMP_CMP_LE`.
            case lessOrEqual = "SCMP_CMP_LE"
            /// `SCMP_CMP_EQ`.
            case equal = "SCMP_CMP_EQ"
            /// `SCMP_CMP_GE`.
            case greaterOrEqual = "SCMP_CMP_GE"
            /// `SCMP_CMP_GT`.
            case greaterThan = "SCMP_CMP_GT"
            /// `SCMP_CMP_MASKED_EQ`.
            case maskedEqual = "SCMP_CMP_MASKED_EQ"

            /// Decodes a known comparison; any other string fails with the accepted ones.
            /// - Parameter decoder: the decoder.
            /// - Throws: `DecodingError.dataCorrupted` for an unknown comparison.
            public init(from decoder: any Decoder) throws {
                self = try decodeClosedSet(Self.self, from: decoder)
            }
        }
    }
}
