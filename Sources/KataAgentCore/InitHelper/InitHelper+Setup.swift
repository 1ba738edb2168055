// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataError
import KataLinux
import OCISpec
import SystemPackage

extension InitHelper {
    /// The container process's own set-up, in the order the kernel needs: namespaces, then (for a
    /// container's init) the root file system, then identity and capabilities; the exec comes last.
    ///
    /// The seccomp filter goes where runc puts it. Without no_new_privs the kernel wants
    /// CAP_SYS_ADMIN for it, so it is installed before the uid change and capset give that up (and
    /// the profile must allow what the helper does next, as under runc: setgroups, setresgid,
    /// setresuid, capset, prctl, newfstatat, access, write, read, fcntl, brk, mmap and execve). With
    /// no_new_privs it is the last thing before execve (``installLateSeccomp()``), so the profile sees
    /// almost only the program's own calls.
    struct Setup {
        let spec: Spec
        /// `spec.process`, which the agent always sends.
        let process: Process
        let mode: ProcessLauncher.Mode
        let noPivot: Bool
        /// The resolved program, after ``run()``.
        var program = ""
        /// The process environment, after ``run()``.
        var environment: [String] = []
        /// The compiled `linux.seccomp`, if any.
        private var seccomp: SeccompProgram?

        init(spec: Spec, process: Process, mode: ProcessLauncher.Mode, noPivot: Bool) {
            self.spec = spec
            self.process = process
            self.mode = mode
            self.noPivot = noPivot
        }

        mutating func run() throws {
            // Compiled first, so a bad profile fails before anything is set up.
            if let profile = spec.linux?.seccomp {
                do {
                    seccomp = try SeccompProgram(profile)
                } catch {
                    throw error.kataError
                }
            }
            let created = try enterNamespaces()
            if created.contains(.uts), let hostname = spec.hostname, !hostname.isEmpty {
                try step("set the hostname to \(hostname)") { try System.setHostname(hostname) }
            }
            if let adjustment = process.oomScoreAdj, adjustment != 0 {
                try step("set oom_score_adj") {
                    try FileSystem.writeFile("\(adjustment)", to: "/proc/self/oom_score_adj")
                }
            }
            try setResourceLimits()
            if mode == .container {
                var rootfs = Rootfs(spec: spec)
                try rootfs.build(noPivot: noPivot)
            }
            if process.terminal ?? false { try openTerminal() }
            try step("start a new session") { _ = try CurrentProcess.createSession() }
            if process.terminal ?? false {
                try step("make the terminal the controlling terminal") {
                    try CurrentProcess.setControllingTerminal(FileDescriptor.standardInput)
                }
            }
            let user = try identity()
            let cwd = process.cwd.isEmpty ? "/" : process.cwd
            try step("enter the working directory \(cwd)") {
                try FileSystem.mkdirAll(cwd)
                try ContainerSyscalls.changeDirectory(cwd)
            }
            try applyCredentials(user)
            environment = Self.environment(process.env ?? [], home: user.home)
            program = try Self.resolve(process.args?.first ?? "", environment: environment)
        }

        /// The process's terminal, opened from the container's own /dev/ptmx once its root is in
        /// view, as runc does: `tty` names `/dev/pts/N` of the container's devpts, and a container's
        /// init also finds it bound on /dev/console. The master goes to the agent.
        private func openTerminal() throws {
            let pty = try step("open a terminal from the container's /dev/ptmx") { try Pty.open() }
            defer { try? pty.master.close() }
            try step("make \(pty.path) the standard streams") {
                for target in [FileDescriptor.standardInput, .standardOutput, .standardError] {
                    _ = try pty.slave.duplicate(as: target)
                }
                try pty.slave.close()
            }
            if mode == .container {
                try step("bind the terminal \(pty.path) on /dev/console") {
                    try FileSystem.touch("/dev/console")
                    try Mount.mount(source: pty.path, target: "/dev/console", type: nil, flags: .bind)
                }
            }
            try step("pass the terminal to the agent") { try InitHelper.sendTerminal(pty.master) }
        }

        /// Joins the namespaces given by path (the mount namespace last, as it changes what paths
        /// mean) and creates the others.
        private func enterNamespaces() throws -> [NamespaceKind] {
            var create: [NamespaceKind] = []
            var join: [(NamespaceKind, String)] = []
            for entry in spec.linux?.namespaces ?? [] where entry.type != .pid {
                guard let namespace = NamespaceKind(rawValue: entry.type.rawValue) else {
                    throw KataError(.invalidArgument, "unsupported namespace type \"\(entry.type.rawValue)\"")
                }
                if namespace == .user {
                    throw KataError(.unimplemented, "user namespaces are not supported by this agent yet")
                }
                if let path = entry.path { join.append((namespace, path)) } else { create.append(namespace) }
            }
            // An exec enters the container's root through the init's /proc entry, opened while the
            // agent's /proc is still the one in view.
            var root: FileDescriptor?
            if let mount = join.first(where: { $0.0 == .mount }) {
                let directory = mount.1.replacingSuffix("/ns/mnt", with: "/root")
                root = try step("open \(directory)") { try FileSystem.open(directory, .readOnly, options: .directory) }
            }
            for (namespace, path) in join.sorted(by: { ($0.0 == .mount ? 1 : 0) < ($1.0 == .mount ? 1 : 0) }) {
                try step("join the \(namespace.rawValue) namespace \(path)") { try namespace.join(path) }
            }
            if let root {
                try step("enter the container's root") { try ContainerSyscalls.enterRoot(of: root) }
                try? root.close()
            }
            if !create.isEmpty {
                try step("create \(create.map(\.rawValue).joined(separator: ", ")) namespaces") {
                    try NamespaceKind.unshare(create)
                }
            }
            return create
        }

        private func setResourceLimits() throws {
            for limit in process.rlimits ?? [] {
                try step("set \(limit.type.rawValue) to \(limit.soft)/\(limit.hard)") {
                    try ContainerSyscalls.setResourceLimit(
                        Self.number(of: limit.type), soft: limit.soft, hard: limit.hard)
                }
            }
        }

        /// The resource's number in <sys/resource.h>.
        static func number(of type: Process.RlimitType) -> Int32 {
            switch type {
            case .cpu: 0
            case .fileSize: 1
            case .data: 2
            case .stack: 3
            case .core: 4
            case .rss: 5
            case .nproc: 6
            case .nofile: 7
            case .memlock: 8
            case .addressSpace: 9
            case .locks: 10
            case .sigpending: 11
            case .msgqueue: 12
            case .nice: 13
            case .rtprio: 14
            case .rttime: 15
            }
        }

        /// uid, gid, groups and home: from the spec, names resolved in the container's own files.
        private func identity() throws -> (uid: UInt32, gid: UInt32, groups: [UInt32], home: String) {
            let passwd = EtcPasswd((try? FileSystem.readFile("/etc/passwd")) ?? "")
            var uid = process.user.uid
            var gid = process.user.gid
            if let name = process.user.username, !name.isEmpty {
                let parts = name.split(separator: ":", maxSplits: 1).map(String.init)
                if let number = UInt32(parts[0]) {
                    uid = number
                } else if let user = passwd.user(named: parts[0]) {
                    uid = user.uid
                    gid = user.gid
                } else {
                    throw KataError(.invalidArgument, "user \"\(parts[0])\" is not in the container's /etc/passwd")
                }
                if parts.count > 1 {
                    if let number = UInt32(parts[1]) {
                        gid = number
                    } else if let number = EtcPasswd.groupID(
                        named: parts[1], in: (try? FileSystem.readFile("/etc/group")) ?? "")
                    {
                        gid = number
                    } else {
                        throw KataError(.invalidArgument, "group \"\(parts[1])\" is not in the container's /etc/group")
                    }
                }
            }
            let home = passwd.user(uid: uid)?.home ?? "/"
            return (uid, gid, process.user.additionalGids ?? [], home)
        }

        private func applyCredentials(_ user: (uid: UInt32, gid: UInt32, groups: [UInt32], home: String)) throws {
            let capabilities = process.capabilities ?? Process.Capabilities()
            let bounding = try CapabilitySet.mask(capabilities.bounding ?? [], set: "bounding")
            let effective = try CapabilitySet.mask(capabilities.effective ?? [], set: "effective")
            let permitted = try CapabilitySet.mask(capabilities.permitted ?? [], set: "permitted")
            let inheritable = try CapabilitySet.mask(capabilities.inheritable ?? [], set: "inheritable")
            let ambient = try CapabilitySet.mask(capabilities.ambient ?? [], set: "ambient")
            let last = Int(
                (try? FileSystem.readFile("/proc/sys/kernel/cap_last_cap"))?.split(separator: "\n").first.flatMap {
                    Int($0)
                } ?? 40)
            try step("keep capabilities across the uid change") { try ContainerSyscalls.keepCapabilities() }
            for capability in 0...min(last, 63) where bounding & (1 << UInt64(capability)) == 0 {
                try step("drop capability \(capability) from the bounding set") {
                    try ContainerSyscalls.dropBounding(capability)
                }
            }
            if !(process.noNewPrivileges ?? false), let seccomp {
                try install(seccomp)
            }
            try step("set uid \(user.uid), gid \(user.gid), groups \(user.groups)") {
                try ContainerSyscalls.setIdentity(uid: user.uid, gid: user.gid, groups: user.groups)
            }
            try step("set the capability sets") {
                try ContainerSyscalls.setCapabilities(
                    effective: effective, permitted: permitted, inheritable: inheritable)
            }
            for capability in 0...min(last, 63) where ambient & (1 << UInt64(capability)) != 0 {
                try step("raise ambient capability \(capability)") { try ContainerSyscalls.raiseAmbient(capability) }
            }
            if process.noNewPrivileges ?? false {
                try step("set no_new_privs") { try ContainerSyscalls.setNoNewPrivileges() }
            }
        }

        /// Installs the filter when no_new_privs deferred it to just before execve; after it the
        /// helper only allocates (brk, mmap), execs, and on failure writes its error and exits.
        func installLateSeccomp() throws {
            guard process.noNewPrivileges ?? false, let seccomp else { return }
            try install(seccomp)
        }

        private func install(_ program: SeccompProgram) throws {
            try step("install the seccomp filter (\(program.instructions.count) instructions)") {
                try ContainerSyscalls.installSeccompFilter(program.instructions, flags: program.flags)
            }
        }

        /// The spec's environment, with PATH and HOME added when absent, as runc does.
        static func environment(_ env: [String], home: String) -> [String] {
            var result = env
            if !env.contains(where: { $0.hasPrefix("PATH=") }) {
                result.append("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")
            }
            if !env.contains(where: { $0.hasPrefix("HOME=") }) { result.append("HOME=\(home)") }
            return result
        }

        /// `program` itself when it has a slash, else the first executable of that name on PATH.
        /// Failures read as runc's (Go's exec.LookPath): `stat PATH: no such file or directory`
        /// for a missing file, `permission denied` for one that cannot be executed.
        static func resolve(_ program: String, environment: [String]) throws -> String {
            if program.contains("/") {
                switch ContainerSyscalls.executionProblem(program) {
                case nil:
                    return program
                case .permissionDenied?:
                    throw KataError(.permissionDenied, "exec: \"\(program)\": permission denied")
                case let errno?:
                    throw KataError(.invalidArgument, "exec: \"\(program)\": stat \(program): \(Self.goText(errno))")
                }
            }
            let path = environment.last { $0.hasPrefix("PATH=") }.map { String($0.dropFirst(5)) } ?? ""
            for directory in path.split(separator: ":") {
                let candidate = "\(directory)/\(program)"
                if ContainerSyscalls.isExecutable(candidate) { return candidate }
            }
            throw KataError(.invalidArgument, "exec: \"\(program)\": executable file not found in $PATH (\(path))")
        }

        /// An errno as Go spells it (lower case, as runc's messages carry it).
        static func goText(_ errno: Errno) -> String {
            switch errno {
            case .noSuchFileOrDirectory: "no such file or directory"
            case .notDirectory: "not a directory"
            case .tooManySymbolicLinkLevels: "too many levels of symbolic links"
            default: errno.description.lowercased()
            }
        }
    }
}

extension String {
    fileprivate func replacingSuffix(_ suffix: String, with replacement: String) -> String {
        hasSuffix(suffix) ? String(dropLast(suffix.count)) + replacement : self
    }
}
