// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import CKataLinux
import Glibc
package import SystemPackage

/// A detached POSIX thread for blocking work (reads, waitpid, a spawner's queue) that must stay off
/// the two-thread cooperative pool.
///
/// Foundation's `Thread` would do, but linking Foundation costs the shim ~12 MiB of resident
/// memory (ICU); the host side links only FoundationEssentials.
package enum OSThread {
    private final class Body {
        let work: () -> Void
        init(_ work: @escaping () -> Void) { self.work = work }
    }

    /// Starts `work` on a new detached thread named `name` (at most 15 bytes are kept, as the
    /// kernel's comm field allows).
    /// - Throws: `Errno` when the thread cannot be created.
    package static func start(name: String, _ work: @escaping @Sendable () -> Void) throws(Errno) {
        _ = try create(name: name, detached: true, work)
    }

    /// Runs `work` on a new thread named `name` and blocks until it has ended: for work that must
    /// not run on the caller's thread (setns changes only the thread that calls it).
    /// - Throws: `Errno` when the thread cannot be created.
    package static func runToEnd(name: String, _ work: @escaping @Sendable () -> Void) throws(Errno) {
        let thread = try create(name: name, detached: false, work)
        pthread_join(thread, nil)
    }

    private static func create(
        name: String, detached: Bool, _ work: @escaping @Sendable () -> Void
    ) throws(Errno) -> pthread_t {
        let threadName = String(name.utf8.prefix(15)) ?? "kata"
        let body = Unmanaged.passRetained(
            Body {
                _ = ckl_set_thread_name(threadName)
                work()
            }
        ).toOpaque()
        var thread = pthread_t()
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        if detached { pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED)) }
        let result = pthread_create(
            &thread, &attributes,
            { context in
                guard let context else { return nil }
                Unmanaged<Body>.fromOpaque(context).takeRetainedValue().work()
                return nil
            }, body)
        guard result == 0 else {
            Unmanaged<Body>.fromOpaque(body).release()
            throw Errno(rawValue: result)
        }
        return thread
    }
}
