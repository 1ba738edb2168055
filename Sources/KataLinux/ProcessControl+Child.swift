// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Glibc

extension ProcessControl {
    /// Blocks until the child `pid` has ended, without reaping it: the pid stays reserved, so a
    /// concurrent ``kill(_:_:)`` cannot hit an unrelated process that reused the number. Follow with
    /// ``reap(_:)``.
    /// - Parameter pid: a child of the caller.
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)`` from `waitid` (`ECHILD` when `pid` is
    ///   not a child, or has been reaped already).
    package static func waitForExit(_ pid: Int32) throws(Syscall.Error) {
        var info = siginfo_t()
        _ = try Syscall.call("waitid", path: "pid \(pid)") {
            waitid(P_PID, id_t(pid), &info, WEXITED | WNOWAIT)
        }
    }

    /// Reaps the child `pid`, blocking until it has ended.
    /// - Parameter pid: a child of the caller.
    /// - Returns: how it ended.
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)`` from `waitpid`.
    package static func reap(_ pid: Int32) throws(Syscall.Error) -> Termination {
        var status: Int32 = 0
        _ = try Syscall.call("waitpid", path: "pid \(pid)") { waitpid(pid, &status, 0) }
        return termination(status)
    }
}
