// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import QEMU

/// The console's `-chardev socket,…,server=on,wait=off,logfile=<file>`: a socket to attach to,
/// and a log file that keeps everything the guest printed whether anyone is attached or not.
package struct ConsoleChardev: QEMU.Argument, Equatable {
    /// The chardev id.
    package var id: String
    /// The socket QEMU serves.
    package var socketPath: String
    /// Where QEMU copies all console output.
    package var logFile: String

    /// A console chardev.
    /// - Parameters:
    ///   - id: the chardev id.
    ///   - socketPath: the socket.
    ///   - logFile: the log file.
    package init(id: String, socketPath: String, logFile: String) {
        self.id = id
        self.socketPath = socketPath
        self.logFile = logFile
    }

    /// `-chardev socket,id=…,path=…,server=on,wait=off,logfile=…`.
    package var arguments: [String] {
        let options = QEMU.Options(
            "socket",
            [("id", id), ("path", socketPath), ("server", "on"), ("wait", "off"), ("logfile", logFile)])
        return ["-chardev", options.description]
    }
}

/// `-serial chardev:<id>`: the legacy 8250 UART on a chardev (`use_legacy_serial`).
package struct LegacySerial: QEMU.Argument, Equatable {
    /// The chardev id.
    package var chardev: String

    /// A legacy serial port.
    /// - Parameter chardev: the chardev id.
    package init(chardev: String) { self.chardev = chardev }

    /// `-serial chardev:<id>`.
    package var arguments: [String] { ["-serial", "chardev:\(chardev)"] }
}
