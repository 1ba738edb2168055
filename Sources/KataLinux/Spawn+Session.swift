// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Glibc
package import SystemPackage

extension Spawn {
    /// Starts `path` as a daemon: in a new session (setsid), with exactly `descriptors` as its
    /// descriptors 0, 1, 2, …, an empty signal mask and default dispositions. Every descriptor of
    /// the caller above 2 is made close-on-exec first: call this from a short-lived process. The caller does not
    /// wait for it; once the caller exits, it is re-parented to init (or a subreaper).
    /// - Parameters:
    ///   - path: the program.
    ///   - arguments: argv, argv[0] included.
    ///   - environment: `NAME=value` entries.
    ///   - descriptors: the child's descriptors 0, 1, 2, …, in order.
    /// - Returns: the child's pid.
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)`` from posix_spawn.
    package static func spawnSession(
        _ path: String, arguments: [String], environment: [String], descriptors: [FileDescriptor]
    ) throws(Syscall.Error) -> Int32 {
        // A daemon must not keep any other descriptor of its parent, least of all a pipe whose
        // reader waits for EOF (containerd reads `start`'s output until every writer is gone).
        // glibc's addclosefrom_np is not exported to Swift, so mark them all close-on-exec.
        for entry in (try? FileSystem.directoryEntries("/proc/self/fd")) ?? [] {
            if let fd = Int32(entry), fd > 2 {
                _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            }
        }
        return try spawn(
            path, arguments: arguments, environment: environment, descriptors: descriptors, newSession: true)
    }

    /// Whether a process with `pid` exists and has not exited: kill with signal 0 (`EPERM` counts
    /// as existing), and a zombie (state `Z` in `/proc/<pid>/stat`) counts as exited.
    /// - Parameter pid: the process id.
    /// - Returns: false when the kernel answers `ESRCH` or the process is a zombie.
    package static func isAlive(_ pid: Int32) -> Bool {
        guard pid > 0 else {
            return false
        }
        guard Glibc.kill(pid, 0) == 0 || errno != ESRCH else {
            return false
        }
        guard let stat = try? FileSystem.readFile("/proc/\(pid)/stat"), let close = stat.lastIndex(of: ")") else {
            return true
        }
        return stat[stat.index(after: close)...].trimmingPrefix(" ").first != "Z"
    }
}
