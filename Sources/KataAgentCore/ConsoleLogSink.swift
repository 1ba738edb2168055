// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataLinux
package import Logging
import Synchronization

/// Where the agent's log lines go: standard error, which for PID 1 is the VM console.
///
/// At boot the log level is unknown until /proc is mounted and the kernel command line read, so the
/// sink can start out buffering; ``flush(minimumLevel:)`` then writes what the configured level lets
/// through and switches to writing each line at once.
package final class ConsoleLogSink: Sendable {
    private enum State {
        case buffering([(level: Logger.Level, line: String)])
        case writing
    }

    private let state: Mutex<State>
    private let write: @Sendable (String) -> Void

    /// Creates a sink.
    /// - Parameters:
    ///   - buffering: whether to hold lines until ``flush(minimumLevel:)``.
    ///   - write: writes one line, newline included; defaults to standard error.
    package init(buffering: Bool, write: @escaping @Sendable (String) -> Void = ConsoleLogSink.writeToStandardError) {
        self.state = Mutex(buffering ? .buffering([]) : .writing)
        self.write = write
    }

    /// Writes a line now, or holds it while buffering.
    /// - Parameters:
    ///   - line: the line, without a newline.
    ///   - level: its level, used by ``flush(minimumLevel:)``.
    package func emit(_ line: String, level: Logger.Level) {
        state.withLock { state in
            // Writing under the lock keeps lines from concurrent tasks whole and in order.
            switch state {
            case .buffering(var lines):
                // Leaving the array without a second owner lets append grow it in place.
                state = .writing
                lines.append((level, line))
                state = .buffering(lines)
            case .writing:
                write(line + "\n")
            }
        }
    }

    /// Writes the held lines at or above `minimumLevel`, drops the rest, and stops buffering.
    /// - Parameter minimumLevel: the configured log level; `.trace` writes everything, which is what a
    ///   boot failure wants.
    package func flush(minimumLevel: Logger.Level) {
        state.withLock { state in
            guard case .buffering(let lines) = state else {
                return
            }
            for entry in lines where entry.level >= minimumLevel {
                write(entry.line + "\n")
            }
            state = .writing
        }
    }

    /// Writes to file descriptor 2, ignoring failures: there is nowhere else to report them.
    /// - Parameter text: the text to write.
    package static func writeToStandardError(_ text: String) {
        CurrentProcess.writeToStandardError(text)
    }
}
