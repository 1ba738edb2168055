// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Glibc
package import SystemPackage

/// Named pipes (fifo(7)): creating them, and non-blocking reads and writes that report "would block"
/// as a value instead of an error, for copiers that must never park a thread on a FIFO.
package enum FIFO {
    /// The outcome of one non-blocking read or write.
    package enum Transfer: Sendable, Equatable {
        /// This many bytes moved (never 0 for a write).
        case bytes(Int)
        /// Nothing can move now (`EAGAIN`); poll or retry later.
        case wouldBlock
        /// A read found no writer (end of file); a write found no reader (`EPIPE`).
        case closed
    }

    /// Creates a FIFO at `path` (mkfifo(3)).
    /// - Parameters:
    ///   - path: the new file.
    ///   - mode: its permission bits.
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)`` from mkfifo (`EEXIST` when it exists).
    package static func make(at path: String, mode: UInt16 = 0o600) throws(Syscall.Error) {
        try Syscall.call("mkfifo", path: path) { mkfifo(path, mode_t(mode)) }
    }

    /// Reads at most `buffer.count` bytes from a non-blocking descriptor.
    /// - Returns: the bytes read, `.wouldBlock`, or `.closed` at end of file.
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)`` for errors other than `EAGAIN`.
    package static func read(_ fd: FileDescriptor, into buffer: inout [UInt8]) throws(Syscall.Error) -> Transfer {
        let count = buffer.count
        let result = buffer.withUnsafeMutableBytes { raw in
            Syscall.valueOrErrno { Glibc.read(fd.rawValue, raw.baseAddress, count) }
        }
        switch result {
        case .success(0): return .closed
        case .success(let n): return .bytes(n)
        case .failure(.resourceTemporarilyUnavailable): return .wouldBlock
        case .failure(let errno): throw .syscall(name: "read", path: nil, errno: errno)
        }
    }

    /// Writes as much of `bytes` as fits now to a non-blocking descriptor.
    /// - Returns: the count written, `.wouldBlock`, or `.closed` when the reader is gone (`EPIPE`;
    ///   SIGPIPE must be ignored by the caller's process).
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)`` for other errors.
    package static func write(_ fd: FileDescriptor, _ bytes: ArraySlice<UInt8>) throws(Syscall.Error) -> Transfer {
        let result = bytes.withUnsafeBytes { raw in
            Syscall.valueOrErrno { Glibc.write(fd.rawValue, raw.baseAddress, raw.count) }
        }
        switch result {
        case .success(let n): return .bytes(n)
        case .failure(.resourceTemporarilyUnavailable): return .wouldBlock
        case .failure(.brokenPipe): return .closed
        case .failure(let errno): throw .syscall(name: "write", path: nil, errno: errno)
        }
    }
}
