// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import CKataLinux
import Glibc
package import SystemPackage

/// Operations on the calling process: its id, session, controlling terminal, reaping role and exit.
package enum CurrentProcess {
    /// The process id (getpid(2)).
    package static var id: Int32 {
        getpid()
    }

    /// Whether this process is PID 1 of its PID namespace, i.e. the VM's init.
    package static var isInit: Bool {
        id == 1
    }

    /// Makes this process the reaper of its orphaned descendants
    /// (`prctl(PR_SET_CHILD_SUBREAPER, 1)`), so container processes whose parent exits are
    /// re-parented to the agent and their exit status is not lost.
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)`` from `prctl`.
    package static func setChildSubreaper() throws(Syscall.Error) {
        try Syscall.call("prctl(PR_SET_CHILD_SUBREAPER)") { ckl_set_child_subreaper() }
    }

    /// Starts a new session with this process as its leader (setsid(2)) and returns the session id.
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)``: `EPERM` when already a process-group
    ///   leader (which PID 1 is not, until it calls this).
    @discardableResult
    package static func createSession() throws(Syscall.Error) -> Int32 {
        try Syscall.call("setsid") { setsid() }
    }

    /// Makes the terminal open on `fd` the controlling terminal of this session (`TIOCSCTTY`),
    /// stealing it from another session if needed (allowed for root).
    /// - Parameter fd: a descriptor open on a terminal, usually standard input.
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)`` from `ioctl`: `ENOTTY` when `fd` is not a
    ///   terminal.
    package static func setControllingTerminal(_ fd: FileDescriptor) throws(Syscall.Error) {
        try Syscall.call("ioctl(TIOCSCTTY)") { ckl_set_controlling_terminal(fd.rawValue) }
    }

    /// Writes text to standard error (file descriptor 2) in as few write(2) calls as it takes;
    /// failures are ignored, since there is no other place to report them.
    /// - Parameter text: the text, with its newline if one is wanted.
    package static func writeToStandardError(_ text: String) {
        _ = try? FileDescriptor.standardError.writeAll(text.utf8)
    }

    /// Ends the process with `status` after flushing stdio buffers (exit(3)).
    /// - Parameter status: the exit status.
    package static func exit(_ status: Int32) -> Never {
        Glibc.exit(status)
    }
}
