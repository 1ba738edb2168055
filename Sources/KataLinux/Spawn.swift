// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Glibc
package import SystemPackage

/// posix_spawn(3): the one safe way for a multithreaded process (the agent) to start a child.
package enum Spawn {
    /// Starts `path` with `arguments` (argv[0] included) and `environment`, with exactly the
    /// descriptors of `descriptors` in the child: entry `i` becomes descriptor `i`. Every other
    /// descriptor of the caller must be close-on-exec (KataLinux opens everything so). The child gets
    /// an empty signal mask and default dispositions, so that the agent's own masks do not leak into
    /// containers.
    /// - Parameters:
    ///   - path: the program.
    ///   - arguments: argv, argv[0] included.
    ///   - environment: `NAME=value` entries.
    ///   - descriptors: the child's descriptors 0, 1, 2, …, in order.
    ///   - newSession: whether the child leads a session of its own (setsid), away from the
    ///     caller's controlling terminal and its signals.
    /// - Returns: the child's pid.
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)`` from posix_spawn.
    package static func spawn(
        _ path: String, arguments: [String], environment: [String], descriptors: [FileDescriptor],
        newSession: Bool = false
    ) throws(Syscall.Error) -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        // Sources may themselves be low numbers that a dup2 would overwrite: first move every source
        // above the target range, then place them.
        let base = Int32(descriptors.count + 3)
        for (index, fd) in descriptors.enumerated() {
            posix_spawn_file_actions_adddup2(&actions, fd.rawValue, base + Int32(index) + 100)
        }
        for index in descriptors.indices {
            posix_spawn_file_actions_adddup2(&actions, base + Int32(index) + 100, Int32(index))
            posix_spawn_file_actions_addclose(&actions, base + Int32(index) + 100)
        }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        // POSIX_SPAWN_SETSID (glibc 2.26): a GNU extension Glibc's module map does not export.
        let sessionFlag: Int32 = newSession ? 0x80 : 0
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | sessionFlag))

        var pid: pid_t = 0
        let argv = (arguments.map { strdup($0) } + [nil])
        let envp = (environment.map { strdup($0) } + [nil])
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        let result = posix_spawn(&pid, path, &actions, &attributes, argv, envp)
        // posix_spawn returns the error number instead of setting errno.
        guard result == 0 else {
            throw .syscall(name: "posix_spawn", path: path, errno: Errno(rawValue: result))
        }
        return pid
    }
}
