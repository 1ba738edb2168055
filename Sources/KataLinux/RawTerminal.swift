// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Glibc
package import SystemPackage

/// A terminal switched to raw mode (cfmakeraw) for as long as this value lives; `deinit` restores the
/// settings it found.
package struct RawTerminal: ~Copyable {
    private let fd: FileDescriptor
    private let saved: termios

    /// Switches `fd` to raw mode, or returns nil when `fd` is not a terminal.
    /// - Parameter fd: usually standard input.
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)`` from `tcsetattr`.
    package init?(_ fd: FileDescriptor) throws(Syscall.Error) {
        var settings = termios()
        guard isatty(fd.rawValue) == 1, tcgetattr(fd.rawValue, &settings) == 0 else { return nil }
        self.fd = fd
        self.saved = settings
        cfmakeraw(&settings)
        try Syscall.call("tcsetattr") { tcsetattr(fd.rawValue, TCSANOW, &settings) }
    }

    deinit {
        var settings = saved
        _ = tcsetattr(fd.rawValue, TCSANOW, &settings)
    }
}
