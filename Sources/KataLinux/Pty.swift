// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import CKataLinux
import Glibc
package import SystemPackage

/// Pseudo-terminals for container processes with `terminal: true`.
package enum Pty {
    /// Opens a new pseudo-terminal pair from the `/dev/ptmx` in view, both ends close-on-exec; the
    /// caller owns both.
    /// - Returns: the master (kept by the agent), the slave (the process's stdio) and the slave's
    ///   path in that devpts instance.
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)`` naming the failed step.
    package static func open() throws(Syscall.Error) -> (master: FileDescriptor, slave: FileDescriptor, path: String) {
        let master = try Syscall.call("open", path: "/dev/ptmx") {
            Glibc.open("/dev/ptmx", O_RDWR | O_NOCTTY | O_CLOEXEC)
        }
        let number = Syscall.valueOrErrno { ckl_unlock_pty(master) }
        let path: String
        switch number {
        case .success(let number):
            path = "/dev/pts/\(number)"
        case .failure(let errno):
            close(master)
            throw .syscall(name: "ioctl(TIOCSPTLCK)", path: "/dev/ptmx", errno: errno)
        }
        let slave = Syscall.valueOrErrno { Glibc.open(path, O_RDWR | O_NOCTTY | O_CLOEXEC) }
        switch slave {
        case .success(let slave):
            return (FileDescriptor(rawValue: master), FileDescriptor(rawValue: slave), path)
        case .failure(let errno):
            close(master)
            throw .syscall(name: "open", path: path, errno: errno)
        }
    }

    /// Sets the terminal's window size (`TIOCSWINSZ`); the foreground process group gets `SIGWINCH`.
    /// - Parameters:
    ///   - fd: the master (or slave).
    ///   - rows: the height in characters.
    ///   - columns: the width in characters.
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)`` from `ioctl`.
    package static func setWindowSize(_ fd: FileDescriptor, rows: UInt16, columns: UInt16) throws(Syscall.Error) {
        _ = try Syscall.call("ioctl(TIOCSWINSZ)") { ckl_set_window_size(fd.rawValue, rows, columns) }
    }
}
