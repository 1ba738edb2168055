// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import CKataLinux
import Glibc
import Synchronization
import SystemPackage

/// An error type that can carry a ``Syscall/Error``, so that ``NetworkNamespace`` reports its own
/// failures (the thread could not start, the namespace could not be joined) in the error type of
/// the work it runs. An enum with a `case syscall(Syscall.Error)` conforms as it is.
package protocol SyscallErrorConvertible: Swift.Error {
    /// The error for a failed system call.
    /// - Parameter error: the failure.
    /// - Returns: the error that carries it.
    static func syscall(_ error: Syscall.Error) -> Self
}

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
    /// - Throws: `Failure.syscall` naming pthread_create when the thread cannot be created.
    package static func perform<T: Sendable, Failure: SyscallErrorConvertible>(
        at path: String?, _ body: @escaping @Sendable () throws(Failure) -> T,
        completion: @escaping @Sendable (Result<T, Failure>) -> Void
    ) throws(Failure) {
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
    /// - Throws: `Failure` from thread creation, setns or the work.
    package static func run<T: Sendable, Failure: SyscallErrorConvertible>(
        at path: String?, _ body: @escaping @Sendable () throws(Failure) -> T
    ) throws(Failure) -> T {
        let outcome = Mutex<Result<T, Failure>?>(nil)
        do {
            try OSThread.runToEnd(name: "netns") {
                let result = enterAndRun(path, body)
                outcome.withLock { $0 = result }
            }
        } catch {
            throw threadError(error)
        }
        guard let result = outcome.withLock({ $0 }) else {
            // runToEnd returns only after joining the thread, whose work always stores a result.
            preconditionFailure("network namespace thread ended without a result")
        }
        return try result.get()
    }

    private static func enterAndRun<T, Failure: SyscallErrorConvertible>(
        _ path: String?, _ body: () throws(Failure) -> T
    ) -> Result<T, Failure> {
        do throws(Failure) {
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

    private static func threadError<Failure: SyscallErrorConvertible>(_ errno: Errno) -> Failure {
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
    /// - Throws: `Failure` from thread creation, setns or the work.
    package static func perform<T: Sendable, Failure: SyscallErrorConvertible>(
        at path: String?, _ body: @escaping @Sendable () throws(Failure) -> T
    ) async throws(Failure) -> T {
        let result = await withCheckedContinuation {
            (continuation: CheckedContinuation<Result<T, Failure>, Never>) in
            do throws(Failure) {
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
