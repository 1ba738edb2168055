// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataLinux
import SystemPackage

/// A non-blocking pipe that wakes a thread sleeping in poll(2): the poller and the reaper each own
/// one, and other threads poke it when there is new work.
struct WakeupPipe: Sendable {
    /// The end the sleeping thread polls for readability.
    let read: FileDescriptor
    private let write: FileDescriptor

    /// Creates the pipe.
    /// - Throws: ``Syscall/Error`` from pipe2 or fcntl.
    init() throws(Syscall.Error) {
        (read, write) = try Pipe.make()
        try SocketPair.setNonBlocking(read)
        try SocketPair.setNonBlocking(write)
    }

    /// Wakes the sleeper; a full pipe already guarantees a wake-up, so a failed write is fine.
    func poke() {
        let byte: [UInt8] = [1]
        _ = try? byte.withUnsafeBytes { try write.write($0) }
    }

    /// Empties the pipe after a wake-up.
    func drain() {
        var scratch = [UInt8](repeating: 0, count: 64)
        while let count = try? scratch.withUnsafeMutableBytes({ try read.read(into: $0) }), count == scratch.count {}
    }
}
