// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Glibc
import SystemPackage

/// The one place where a libc return value becomes a Swift error.
///
/// Every wrapper in this target goes through ``call(_:path:retryOnInterrupt:_:)`` so that `EINTR` is
/// handled the same way everywhere and every failure names the system call and the object it acted on.
package enum Syscall {
    /// Runs `body` until it returns something other than -1 (or until it fails with an errno other than
    /// `EINTR` when `retryOnInterrupt` is set) and returns its value or the errno.
    ///
    /// The shape follows swift-system's internal `valueOrErrno(retryOnInterrupt:_:)`.
    /// - Parameters:
    ///   - retryOnInterrupt: whether to call `body` again when it fails with `EINTR`.
    ///   - body: the libc call; it must report failure as -1 with `errno` set.
    /// - Returns: the call's value, or the errno it failed with.
    static func valueOrErrno<Value: FixedWidthInteger>(
        retryOnInterrupt: Bool = true, _ body: () -> Value
    ) -> Result<Value, Errno> {
        while true {
            let value = body()
            if value != -1 {
                return .success(value)
            }
            let error = Errno(rawValue: errno)
            if retryOnInterrupt && error == .interrupted {
                continue
            }
            return .failure(error)
        }
    }

    /// Runs a libc call through ``valueOrErrno(retryOnInterrupt:_:)`` and turns a failure into
    /// ``Error/syscall(name:path:errno:)``.
    /// - Parameters:
    ///   - name: the system call's name, used in the error message (`"mount"`).
    ///   - path: the file the call acted on, if any, used in the error message.
    ///   - retryOnInterrupt: whether to call `body` again when it fails with `EINTR`.
    ///   - body: the libc call; it must report failure as -1 with `errno` set.
    /// - Returns: the call's value.
    /// - Throws: ``Error/syscall(name:path:errno:)`` when the call fails.
    @discardableResult
    static func call<Value: FixedWidthInteger>(
        _ name: String, path: String? = nil, retryOnInterrupt: Bool = true, _ body: () -> Value
    ) throws(Error) -> Value {
        try unwrap(valueOrErrno(retryOnInterrupt: retryOnInterrupt, body), name, path: path)
    }

    /// Returns the value of a ``valueOrErrno(retryOnInterrupt:_:)`` result, or throws
    /// ``Error/syscall(name:path:errno:)``; for calls made inside `withUnsafe…` closures, which cannot
    /// throw a typed error through.
    /// - Parameters:
    ///   - result: the call's result.
    ///   - name: the system call's name.
    ///   - path: the file the call acted on, if any.
    /// - Returns: the call's value.
    /// - Throws: ``Error/syscall(name:path:errno:)`` for a failure.
    static func unwrap<Value>(
        _ result: Result<Value, Errno>, _ name: String, path: String? = nil
    ) throws(Error) -> Value {
        switch result {
        case .success(let value):
            return value
        case .failure(let errno):
            throw .syscall(name: name, path: path, errno: errno)
        }
    }
}
