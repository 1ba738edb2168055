// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

/// `process`: the container's init process.
public struct Process: Codable, Sendable, Equatable {
    /// `terminal`: whether the process gets a pseudo-terminal.
    public var terminal: Bool?
    /// `consoleSize`: the terminal size, when `terminal` is true.
    public var consoleSize: ConsoleSize?
    /// `user`: the identity the process runs as.
    public var user: User
    /// `args`: the argv; at least one entry on Linux.
    public var args: [String]?
    /// `commandLine`: the Windows command line (kept for round trips; Linux uses `args`).
    public var commandLine: String?
    /// `env`: `KEY=value` entries.
    public var env: [String]?
    /// `cwd`: the absolute working directory.
    public var cwd: String
    /// `capabilities`: the capability sets.
    public var capabilities: Capabilities?
    /// `rlimits`: resource limits set with setrlimit(2).
    public var rlimits: [Rlimit]?
    /// `noNewPrivileges`: whether to set `PR_SET_NO_NEW_PRIVS`.
    public var noNewPrivileges: Bool?
    /// `apparmorProfile`: the AppArmor profile name.
    public var apparmorProfile: String?
    /// `oomScoreAdj`: the value written to `/proc/<pid>/oom_score_adj`.
    public var oomScoreAdj: Int?
    /// `selinuxLabel`: the SELinux exec label.
    public var selinuxLabel: String?

    /// A process running `args` as `user` in `cwd`.
    /// - Parameters:
    ///   - terminal: whether to allocate a pty.
    ///   - consoleSize: the pty size.
    ///   - user: the identity.
    ///   - args: the argv.
    ///   - commandLine: the Windows command line.
    ///   - env: the environment.
    ///   - cwd: the working directory.
    ///   - capabilities: the capability sets.
    ///   - rlimits: the resource limits.
    ///   - noNewPrivileges: whether to set no_new_privs.
    ///   - apparmorProfile: the AppArmor profile.
    ///   - oomScoreAdj: the OOM score adjustment.
    ///   - selinuxLabel: the SELinux label.
    public init(
        terminal: Bool? = nil, consoleSize: ConsoleSize? = nil, user: User = User(), args: [String]? = nil,
        commandLine: String? = nil, env: [String]? = nil, cwd: String = "/", capabilities: Capabilities? = nil,
        rlimits: [Rlimit]? = nil, noNewPrivileges: Bool? = nil, apparmorProfile: String? = nil,
        oomScoreAdj: Int? = nil, selinuxLabel: String? = nil
    ) {
        self.terminal = terminal
        self.consoleSize = consoleSize
        self.user = user
        self.args = args
        self.commandLine = commandLine
        self.env = env
        self.cwd = cwd
        self.capabilities = capabilities
        self.rlimits = rlimits
        self.noNewPrivileges = noNewPrivileges
        self.apparmorProfile = apparmorProfile
        self.oomScoreAdj = oomScoreAdj
        self.selinuxLabel = selinuxLabel
    }

    /// `consoleSize`: a terminal's size in characters.
    public struct ConsoleSize: Codable, Sendable, Equatable {
        /// `height`: rows.
        public var height: UInt32
        /// `width`: columns.
        public var width: UInt32

        /// A `width`×`height` terminal.
        /// - Parameters:
        ///   - height: rows.
        ///   - width: columns.
        public init(height: UInt32, width: UInt32) {
            self.height = height
            self.width = width
        }
    }

    /// `user`: the process identity.
    public struct User: Codable, Sendable, Equatable {
        /// `uid`: the user id in the container's user namespace.
        public var uid: UInt32
        /// `gid`: the group id in the container's user namespace.
        public var gid: UInt32
        /// `umask`: the file mode creation mask.
        public var umask: UInt32?
        /// `additionalGids`: supplementary group ids.
        public var additionalGids: [UInt32]?
        /// `username`: a user name (Windows only in the spec; carried for round trips).
        public var username: String?

        /// An identity; root by default.
        /// - Parameters:
        ///   - uid: the user id.
        ///   - gid: the group id.
        ///   - umask: the umask.
        ///   - additionalGids: the supplementary groups.
        ///   - username: the user name.
        public init(
            uid: UInt32 = 0, gid: UInt32 = 0, umask: UInt32? = nil, additionalGids: [UInt32]? = nil,
            username: String? = nil
        ) {
            self.uid = uid
            self.gid = gid
            self.umask = umask
            self.additionalGids = additionalGids
            self.username = username
        }
    }

    /// `capabilities`: the five capability sets, each a list of names such as `CAP_KILL`.
    public struct Capabilities: Codable, Sendable, Equatable {
        /// `bounding`.
        public var bounding: [String]?
        /// `effective`.
        public var effective: [String]?
        /// `inheritable`.
        public var inheritable: [String]?
        /// `permitted`.
        public var permitted: [String]?
        /// `ambient`.
        public var ambient: [String]?

        /// Capability sets; absent ones are left out.
        /// - Parameters:
        ///   - bounding: the bounding set.
        ///   - effective: the effective set.
        ///   - inheritable: the inheritable set.
        ///   - permitted: the permitted set.
        ///   - ambient: the ambient set.
        public init(
            bounding: [String]? = nil, effective: [String]? = nil, inheritable: [String]? = nil,
            permitted: [String]? = nil, ambient: [String]? = nil
        ) {
            self.bounding = bounding
            self.effective = effective
            self.inheritable = inheritable
            self.permitted = permitted
            self.ambient = ambient
        }
    }

    /// One entry of `rlimits`.
    public struct Rlimit: Codable, Sendable, Equatable {
        /// `type`: the resource.
        public var type: RlimitType
        /// `hard`: the ceiling.
        public var hard: UInt64
        /// `soft`: the enforced value.
        public var soft: UInt64

        /// A limit on `type`.
        /// - Parameters:
        ///   - type: the resource.
        ///   - hard: the hard limit.
        ///   - soft: the soft limit.
        public init(type: RlimitType, hard: UInt64, soft: UInt64) {
            self.type = type
            self.hard = hard
            self.soft = soft
        }
    }

    /// The resources of getrlimit(2), spelled as in the spec.
    public enum RlimitType: String, Codable, Sendable, CaseIterable {
        /// `RLIMIT_AS`: address space size.
        case addressSpace = "RLIMIT_AS"
        /// `RLIMIT_CORE`: core file size.
        case core = "RLIMIT_CORE"
        /// `RLIMIT_CPU`: CPU seconds.
        case cpu = "RLIMIT_CPU"
        /// `RLIMIT_DATA`: data segment size.
        case data = "RLIMIT_DATA"
        /// `RLIMIT_FSIZE`: file size.
        case fileSize = "RLIMIT_FSIZE"
        /// `RLIMIT_LOCKS`: file locks.
        case locks = "RLIMIT_LOCKS"
        /// `RLIMIT_MEMLOCK`: locked memory.
        case memlock = "RLIMIT_MEMLOCK"
        /// `RLIMIT_MSGQUEUE`: POSIX message queue bytes.
        case msgqueue = "RLIMIT_MSGQUEUE"
        /// `RLIMIT_NICE`: nice ceiling.
        case nice = "RLIMIT_NICE"
        /// `RLIMIT_NOFILE`: open files.
        case nofile = "RLIMIT_NOFILE"
        /// `RLIMIT_NPROC`: processes.
        case nproc = "RLIMIT_NPROC"
        /// `RLIMIT_RSS`: resident set size.
        case rss = "RLIMIT_RSS"
        /// `RLIMIT_RTPRIO`: realtime priority ceiling.
        case rtprio = "RLIMIT_RTPRIO"
        /// `RLIMIT_RTTIME`: realtime CPU microseconds.
        case rttime = "RLIMIT_RTTIME"
        /// `RLIMIT_SIGPENDING`: queued signals.
        case sigpending = "RLIMIT_SIGPENDING"
        /// `RLIMIT_STACK`: stack size.
        case stack = "RLIMIT_STACK"

        /// Decodes a known resource; any other string fails with the accepted ones.
        /// - Parameter decoder: the decoder.
        /// - Throws: `DecodingError.dataCorrupted` for an unknown resource.
        public init(from decoder: any Decoder) throws {
            self = try decodeClosedSet(Self.self, from: decoder)
        }
    }
}
