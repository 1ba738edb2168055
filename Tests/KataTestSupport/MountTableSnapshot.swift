// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Glibc

/// `/proc/self/mountinfo` read to its end through one open file.
///
/// why: one read(2) of a seq_file returns at most one kernel page (about 4 KiB), so a single read
/// saw only the oldest mounts once other tests had mounted enough, and the newest (ours) were
/// missing. Reading on through the same descriptor is safe while others mount and unmount: since
/// Linux 5.8 the kernel keeps a cursor in the mount list between reads, so a mount present for the
/// whole read is never skipped.
package enum MountTableSnapshot {
    /// The lines of the mount table.
    package static func lines() -> [String] {
        let fd = open("/proc/self/mountinfo", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return [] }
        defer { close(fd) }
        var text: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            text.append(contentsOf: buffer[..<count])
        }
        return String(decoding: text, as: UTF8.self).split(separator: "\n").map(String.init)
    }
}
