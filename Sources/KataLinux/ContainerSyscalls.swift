// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import CKataLinux
import Glibc
package import SystemPackage

/// A Linux namespace type, as the OCI spec names it.
package enum NamespaceKind: String, Sendable, CaseIterable {
    case mount
    case uts
    case ipc
    case pid
    case network
    case cgroup
    case user

    /// The `CLONE_NEW*` flag.
    package var flag: Int32 {
        switch self {
        case .mount: 0x0002_0000
        case .uts: 0x0400_0000
        case .ipc: 0x0800_0000
        case .pid: 0x2000_0000
        case .network: 0x4000_0000
        case .cgroup: 0x0200_0000
        case .user: 0x1000_0000
        }
    }

    /// Its file under /proc/<pid>/ns/.
    package var procName: String {
        switch self {
        case .mount: "mnt"
        case .network: "net"
        default: rawValue
        }
    }

    /// Joins the namespace at `path` (a /proc/<pid>/ns file or a bind mount of one).
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)`` from open or setns.
    package func join(_ path: String) throws(Syscall.Error) {
        let fd = try FileSystem.open(path, .readOnly)
        defer { try? fd.close() }
        try Syscall.call("setns", path: path) { ckl_setns(fd.rawValue, flag) }
    }

    /// Moves the caller into new namespaces of `types` (unshare(2)); a new PID namespace applies to
    /// the caller's next child.
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)`` from unshare.
    package static func unshare(_ types: [NamespaceKind]) throws(Syscall.Error) {
        let flags = types.reduce(Int32(0)) { $0 | $1.flag }
        try Syscall.call("unshare", path: types.map(\.rawValue).joined(separator: ",")) { ckl_unshare(flags) }
    }
}

/// What the container init helper does to itself: fork, credentials, capabilities, root changes,
/// exec. Only for a fresh single-threaded process; never call these in the agent.
package enum ContainerSyscalls {
    /// fork(2).
    /// - Returns: the child's pid in the parent, 0 in the child.
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)``.
    package static func fork() throws(Syscall.Error) -> Int32 {
        try Syscall.call("fork") { Glibc.fork() }
    }

    /// Ends the process at once, without atexit handlers or buffered output (after fork).
    package static func exitNow(_ status: Int32) -> Never {
        Glibc._exit(status)
    }

    /// pivot_root(2) into `newRoot`, stacking the old root on it, then detaches the old root: the
    /// caller must be in its own mount namespace.
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)`` naming the failed step.
    package static func pivotRoot(_ newRoot: String) throws(Syscall.Error) {
        // pivot_root(".", ".") puts the old root on top of the new one; unmounting "." then leaves
        // the new root alone, with no directory to create for the old one.
        try Syscall.call("chdir", path: newRoot) { chdir(newRoot) }
        try Syscall.call("pivot_root", path: newRoot) { ckl_pivot_root(".", ".") }
        try Mount.unmount(".", detach: true)
        try Syscall.call("chdir", path: "/") { chdir("/") }
    }

    /// Moves the mount at `newRoot` onto / and chroots into it: the way into a container root
    /// when the current root is the initramfs, which pivot_root refuses.
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)`` naming the failed step.
    package static func moveRoot(_ newRoot: String) throws(Syscall.Error) {
        try Syscall.call("chdir", path: newRoot) { chdir(newRoot) }
        try Mount.mount(source: newRoot, target: "/", type: nil, flags: Mount.Flags(rawValue: UInt(MS_MOVE)))
        try Syscall.call("chroot", path: ".") { chroot(".") }
        try Syscall.call("chdir", path: "/") { chdir("/") }
    }

    /// chdir(2).
    package static func changeDirectory(_ path: String) throws(Syscall.Error) {
        try Syscall.call("chdir", path: path) { chdir(path) }
    }

    /// Makes the directory open on `fd` the working directory, then the root (chroot "."): how an
    /// exec enters a running container's root, whichever way that root was entered.
    package static func enterRoot(of fd: FileDescriptor) throws(Syscall.Error) {
        try Syscall.call("fchdir") { fchdir(fd.rawValue) }
        try Syscall.call("chroot", path: ".") { chroot(".") }
        try Syscall.call("chdir", path: "/") { chdir("/") }
    }

    /// Sets the file-creation mask.
    package static func setUmask(_ mask: UInt32) {
        _ = umask(mode_t(mask))
    }

    /// Keeps the permitted capabilities across the coming setuid (PR_SET_KEEPCAPS).
    package static func keepCapabilities() throws(Syscall.Error) {
        try Syscall.call("prctl(PR_SET_KEEPCAPS)") { ckl_prctl(PR_SET_KEEPCAPS, 1) }
    }

    /// Sets no_new_privs: execve can no longer grant privileges (set-id bits, file capabilities).
    package static func setNoNewPrivileges() throws(Syscall.Error) {
        try Syscall.call("prctl(PR_SET_NO_NEW_PRIVS)") { ckl_prctl(PR_SET_NO_NEW_PRIVS, 1) }
    }

    /// Sets the supplementary groups, then the real, effective and saved gid and uid, in that
    /// order (groups and gid need the privilege the uid change gives up).
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)`` naming the failed call.
    package static func setIdentity(uid: UInt32, gid: UInt32, groups: [UInt32]) throws(Syscall.Error) {
        try Syscall.call("setgroups") { ckl_setgroups(Int32(groups.count), groups) }
        try Syscall.call("setresgid", path: "gid \(gid)") { ckl_setresgid(gid) }
        try Syscall.call("setresuid", path: "uid \(uid)") { ckl_setresuid(uid) }
    }

    /// Drops `capability` from the bounding set.
    package static func dropBounding(_ capability: Int) throws(Syscall.Error) {
        try Syscall.call("prctl(PR_CAPBSET_DROP)", path: "capability \(capability)") {
            ckl_prctl(PR_CAPBSET_DROP, UInt(capability))
        }
    }

    /// Sets the effective, permitted and inheritable capability sets (bit n = capability n).
    package static func setCapabilities(effective: UInt64, permitted: UInt64, inheritable: UInt64) throws(Syscall.Error)
    {
        try Syscall.call("capset") { ckl_capset(effective, permitted, inheritable) }
    }

    /// Raises `capability` in the ambient set (it must be permitted and inheritable).
    package static func raiseAmbient(_ capability: Int) throws(Syscall.Error) {
        try Syscall.call("prctl(PR_CAP_AMBIENT_RAISE)", path: "capability \(capability)") {
            ckl_raise_ambient(UInt(capability))
        }
    }

    /// setrlimit(2) for the resource numbered `resource` (RLIMIT_*).
    package static func setResourceLimit(_ resource: Int32, soft: UInt64, hard: UInt64) throws(Syscall.Error) {
        var limit = rlimit(rlim_cur: rlim_t(soft), rlim_max: rlim_t(hard))
        try Syscall.call("setrlimit", path: "resource \(resource)") {
            setrlimit(__rlimit_resource_t(UInt32(resource)), &limit)
        }
    }

    /// Replaces the process image; returns only on failure.
    /// - Parameters:
    ///   - path: the program.
    ///   - arguments: argv, argv[0] included.
    ///   - environment: `NAME=value` entries.
    /// - Returns: the errno execve failed with.
    package static func execute(_ path: String, arguments: [String], environment: [String]) -> Errno {
        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        execve(path, argv, envp)
        return Errno(rawValue: errno)
    }

    /// Why execve of `path` would fail before reading it: the stat errno (ENOENT, ENOTDIR...) or
    /// EACCES; nil when it is a regular file the caller may execute.
    package static func executionProblem(_ path: String) -> Errno? {
        var status = stat()
        guard stat(path, &status) == 0 else { return Errno(rawValue: errno) }
        // execve refuses a directory or other non-regular file with EACCES, as it does without x.
        guard (status.st_mode & S_IFMT) == S_IFREG, access(path, X_OK) == 0 else { return .permissionDenied }
        return nil
    }

    /// Whether `path` is a regular file the caller may execute.
    package static func isExecutable(_ path: String) -> Bool {
        var status = stat()
        guard stat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return false }
        return access(path, X_OK) == 0
    }

    /// Sets the close-on-exec flag on `fd`.
    package static func setCloseOnExec(_ fd: FileDescriptor) throws(Syscall.Error) {
        let flags = try Syscall.call("fcntl") { fcntl(fd.rawValue, F_GETFD) }
        try Syscall.call("fcntl") { fcntl(fd.rawValue, F_SETFD, flags | FD_CLOEXEC) }
    }

    /// Creates a device node (mknod(2)).
    /// - Parameters:
    ///   - path: where.
    ///   - type: "c" (character) or "b" (block); "p" for a FIFO.
    ///   - major: the major number.
    ///   - minor: the minor number.
    ///   - mode: the permission bits.
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)`` from `mknod`.
    package static func makeNode(
        _ path: String, type: String, major: Int64, minor: Int64, mode: UInt32
    ) throws(Syscall.Error) {
        let kind: mode_t =
            switch type {
            case "b": S_IFBLK
            case "p": S_IFIFO
            default: S_IFCHR
            }
        // glibc's makedev is a macro: the same bit layout by hand.
        let (major, minor) = (UInt64(truncatingIfNeeded: major), UInt64(truncatingIfNeeded: minor))
        let device = dev_t(
            (major & 0xfff) << 8 | (major & ~0xfff) << 32 | (minor & 0xff) | (minor & ~0xff) << 12)
        try Syscall.call("mknod", path: path) { mknod(path, kind | mode_t(mode & 0o7777), device) }
    }

    /// Changes the owner of `path` (not following a final symlink).
    package static func changeOwner(_ path: String, uid: UInt32, gid: UInt32) throws(Syscall.Error) {
        try Syscall.call("lchown", path: path) { lchown(path, uid, gid) }
    }
}
