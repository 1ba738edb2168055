// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Glibc

/// `/proc/self/mountinfo` read in one read(2) call.
///
/// why: the kernel walks the mount table under its lock once per read call; reading the file in
/// pieces while other tests mount and unmount can skip lines, which made mount counts flaky.
package enum MountTableSnapshot {
    /// The lines of the mount table, consistent at one instant.
    package static func lines() -> [String] {
        let fd = open("/proc/self/mountinfo", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return [] }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 8 << 20)
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard count > 0 else { return [] }
        return String(decoding: buffer[..<count], as: UTF8.self).split(separator: "\n").map(String.init)
    }
}
