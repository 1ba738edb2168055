// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import CKataLinux
import Glibc
import Synchronization
import SystemPackage

/// Runs work inside a network namespace on a thread of its own.
///
/// setns(2) changes only the calling thread, and a thread that changed namespace must never run
/// anything else afterwards: each call starts a fresh thread, joins the namespace there, runs the
/// work and lets the thread end. Netlink sockets and taps opened by the work belong to that
/// namespace for their whole life.
package enum NetworkNamespace {
    /// Starts a thread that joins the network namespace at `path` (nil: stays in the caller's),
    /// runs `body` and hands its result to `completion`; returns at once.
    /// - Parameters:
    ///   - path: a netns file (`/var/run/netns/x`, `/proc/<pid>/ns/net`), or nil.
    ///   - body: the work, run on the new thread.
    ///   - completion: receives the result (or the setns failure) on that thread.
    /// - Throws: ``Netlink/Error/syscall(_:)`` when the thread cannot be created.
    package static func perform<T: Sendable>(
        at path: String?, _ body: @escaping @Sendable () throws(Netlink.Error) -> T,
        completion: @escaping @Sendable (Result<T, Netlink.Error>) -> Void
    ) throws(Netlink.Error) {
        do {
            try OSThread.start(name: "netns") { completion(enterAndRun(path, body)) }
        } catch {
            throw threadError(error)
        }
    }

    /// Like ``perform(at:_:completion:)``, but blocks the caller until the work is done: for tests
    /// and threads of their own, never for async code.
    /// - Parameters:
    ///   - path: a netns file, or nil.
    ///   - body: the work.
    /// - Returns: the work's value.
    /// - Throws: ``Netlink/Error`` from setns or the work.
    package static func run<T: Sendable>(
        at path: String?, _ body: @escaping @Sendable () throws(Netlink.Error) -> T
    ) throws(Netlink.Error) -> T {
        let outcome = Mutex<Result<T, Netlink.Error>?>(nil)
        do {
            try OSThread.runToEnd(name: "netns") {
                let result = enterAndRun(path, body)
                outcome.withLock { $0 = result }
            }
        } catch {
            throw threadError(error)
        }
        guard let result = outcome.withLock({ $0 }) else {
            throw .invalidArgument("network namespace thread ended without a result")
        }
        return try result.get()
    }

    private static func enterAndRun<T>(
        _ path: String?, _ body: () throws(Netlink.Error) -> T
    ) -> Result<T, Netlink.Error> {
        do throws(Netlink.Error) {
            if let path {
                do {
                    try NamespaceKind.network.join(path)
                } catch {
                    throw .syscall(error)
                }
            }
            return .success(try body())
        } catch {
            return .failure(error)
        }
    }

    private static func threadError(_ errno: Errno) -> Netlink.Error {
        .syscall(.syscall(name: "pthread_create", path: nil, errno: errno))
    }
}

extension NetworkNamespace {
    /// Runs `body` on a fresh thread that joined the network namespace at `path` (nil: the
    /// caller's) and suspends until it is done; the caller's thread never blocks.
    /// - Parameters:
    ///   - path: a netns file, or nil.
    ///   - body: the work.
    /// - Returns: the work's value.
    /// - Throws: ``Netlink/Error`` from thread creation, setns or the work.
    package static func perform<T: Sendable>(
        at path: String?, _ body: @escaping @Sendable () throws(Netlink.Error) -> T
    ) async throws(Netlink.Error) -> T {
        let result = await withCheckedContinuation {
            (continuation: CheckedContinuation<Result<T, Netlink.Error>, Never>) in
            do throws(Netlink.Error) {
                try perform(at: path, body) { continuation.resume(returning: $0) }
            } catch {
                continuation.resume(returning: .failure(error))
            }
        }
        return try result.get()
    }
}

extension NetworkNamespace {
    /// Sleeps the calling thread (nanosleep(2)): for retries inside work given to ``perform(at:_:)``,
    /// which runs on a thread of its own; never call it from async code.
    /// - Parameter milliseconds: how long.
    package static func pause(milliseconds: Int) {
        var request = timespec(tv_sec: milliseconds / 1000, tv_nsec: (milliseconds % 1000) * 1_000_000)
        var remaining = timespec()
        while nanosleep(&request, &remaining) == -1, errno == EINTR {
            request = remaining
        }
    }
}
