// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import CKataLinux
package import SystemPackage

/// pipe(2), with the agent's defaults.
package enum Pipe {
    /// Creates a pipe whose ends are both close-on-exec; the caller owns both.
    /// - Returns: the read end and the write end.
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)`` from `pipe2`.
    package static func make() throws(Syscall.Error) -> (read: FileDescriptor, write: FileDescriptor) {
        var fds: [Int32] = [-1, -1]
        _ = try Syscall.call("pipe2") { ckl_pipe_cloexec(&fds) }
        return (FileDescriptor(rawValue: fds[0]), FileDescriptor(rawValue: fds[1]))
    }

    /// Sets the pipe's capacity (`F_SETPIPE_SZ`); the kernel rounds it up to a power of two pages.
    /// - Parameters:
    ///   - fd: either end of the pipe.
    ///   - bytes: the capacity.
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)`` from `fcntl` (`EPERM` above
    ///   /proc/sys/fs/pipe-max-size for unprivileged callers, `EBUSY` below the bytes it holds).
    package static func setCapacity(_ fd: FileDescriptor, bytes: Int32) throws(Syscall.Error) {
        _ = try Syscall.call("fcntl(F_SETPIPE_SZ)") { ckl_set_pipe_size(fd.rawValue, bytes) }
    }
}
