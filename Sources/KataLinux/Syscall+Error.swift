// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import SystemPackage

extension Syscall {
    /// A failure of this target's wrappers: a system call that failed, or a kernel-generated file that
    /// did not have the format the kernel documents.
    package enum Error: Swift.Error, CustomStringConvertible, Sendable, Equatable {
        /// A system call failed; `path` names the object it acted on, if any: a file, or for calls
        /// without one a name such as the host name being set.
        case syscall(name: String, path: String?, errno: Errno)
        /// A file such as `/proc/self/mountinfo` could not be parsed; `line` counts from 1.
        case malformed(path: String, line: Int, reason: String)

        /// The errno of a failed system call, or nil for a parse failure.
        package var errno: Errno? {
            switch self {
            case .syscall(_, _, let errno): errno
            case .malformed: nil
            }
        }

        /// `"mount /proc: Operation not permitted"`, `"setsid: Operation not permitted"`,
        /// `"/proc/self/mountinfo line 3: missing separator"`.
        package var description: String {
            switch self {
            case .syscall(let name, let path?, let errno):
                "\(name) \(path): \(errno.description)"
            case .syscall(let name, nil, let errno):
                "\(name): \(errno.description)"
            case .malformed(let path, let line, let reason):
                "\(path) line \(line): \(reason)"
            }
        }
    }
}
