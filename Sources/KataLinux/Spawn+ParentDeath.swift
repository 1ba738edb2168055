// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import CKataLinux
import Glibc
package import SystemPackage

extension Spawn {
    /// Starts `path` like ``spawn(_:arguments:environment:descriptors:)``, and also sets
    /// `PR_SET_PDEATHSIG` to SIGKILL in the child, so that it dies when the *calling thread* exits
    /// (the kernel tracks the parent thread, not the parent process). Call it only from a thread that
    /// lives as long as the process; a pool thread that may exit would kill the child with it.
    /// Unlike ``spawn(_:arguments:environment:descriptors:)``, every descriptor not listed is closed in
    /// the child even without close-on-exec, so a long-lived child never holds a stray file open.
    /// - Parameters:
    ///   - path: the program.
    ///   - arguments: argv, argv[0] included.
    ///   - environment: `NAME=value` entries.
    ///   - descriptors: the child's descriptors 0, 1, 2, …, in order (at most 64).
    /// - Returns: the child's pid.
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)``: from fork, or the child's failure to
    ///   exec (`ENOENT` for a missing program), reported before this returns.
    package static func spawnBoundToThread(
        _ path: String, arguments: [String], environment: [String], descriptors: [FileDescriptor]
    ) throws(Syscall.Error) -> Int32 {
        let argv = (arguments.map { strdup($0) } + [nil])
        let envp = (environment.map { strdup($0) } + [nil])
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        let fds = descriptors.map(\.rawValue)
        return try Syscall.call("spawn", path: path) {
            ckl_spawn_bound_to_thread(path, argv, envp, fds, Int32(fds.count))
        }
    }
}
