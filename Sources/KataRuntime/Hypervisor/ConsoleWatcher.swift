// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataLinux
package import Logging
import Synchronization
import SystemPackage

/// Reads the guest's console (QEMU's `console.sock`) for the VM's whole life: keeps its last lines
/// for error messages and, when debugging is on, logs every line.
///
/// why: QEMU's socket chardev drops what the guest writes while no client is connected, logfile
/// included, so without a reader a guest that panics or an agent that dies at boot leaves no trace
/// on the host. The Go runtime reads the console only with `enable_debug`; keeping the tail always
/// costs one thread per VM and lets "the agent did not answer" say why.
package final class ConsoleWatcher: Sendable {
    /// How many of the last lines are kept for messages.
    static let keptLines = 40
    /// The longest line kept or logged; a guest that never writes a newline cannot grow memory.
    static let maximumLineBytes = 4096

    private let socket: FileDescriptor
    private let lines = Mutex<[String]>([])

    /// Connects to the console socket and starts reading it on a thread of its own.
    /// - Parameters:
    ///   - socketPath: QEMU's console chardev socket (a listener once QMP is up).
    ///   - logger: where lines go at debug level when `forward` is set.
    ///   - forward: log every console line (`enable_debug` of the hypervisor or the agent).
    /// - Throws: `Syscall.Error` from connect, or `Errno` when the thread cannot be created.
    package init(socketPath: String, logger: Logger, forward: Bool) throws {
        socket = try UnixSocket.connect(path: socketPath)
        do {
            try OSThread.start(name: "vm-console") { [self] in
                self.read(logger: logger, forward: forward)
            }
        } catch {
            try? socket.close()
            throw error
        }
    }

    /// The console's last lines (at most ``keptLines``), oldest first.
    package var tail: [String] { lines.withLock { $0 } }

    /// The tail as one clause for an error message, or "" when the guest printed nothing. A kernel
    /// panic's own line comes first: the call trace after it would push it out of a short tail.
    package var tailForMessage: String {
        let lines = tail
        guard !lines.isEmpty else { return "" }
        if let panic = lines.last(where: { $0.contains("Kernel panic") }) {
            return "; the guest kernel panicked: \(panic) (console's last lines: "
                + lines.suffix(4).joined(separator: " | ") + ")"
        }
        return "; the guest console's last lines: " + lines.suffix(12).joined(separator: " | ")
    }

    /// Wakes the reader with end of stream (it closes the socket); QEMU's exit does the same.
    package func stop() {
        UnixSocket.shutdown(socket)
    }

    private func read(logger: Logger, forward: Bool) {
        defer { try? socket.close() }
        LineReader.readToEnd(socket, maximumLineBytes: Self.maximumLineBytes) {
            emit($0, logger: logger, forward: forward)
        }
    }

    private func emit(_ bytes: [UInt8], logger: Logger, forward: Bool) {
        let line = String(decoding: bytes, as: UTF8.self).trimmingWhitespace
        guard !line.isEmpty else { return }
        lines.withLock { lines in
            lines.append(line)
            if lines.count > Self.keptLines { lines.removeFirst(lines.count - Self.keptLines) }
        }
        if forward { logger.debug("vmconsole", metadata: ["line": "\(line)"]) }
    }
}
