// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import FoundationEssentials
import KataLinux
package import Logging
import Synchronization
package import SystemPackage

/// The daemon's minimum log level, shared by every handler it made: `-debug` sets it at start,
/// and the runtime raises it once it has read `[runtime] enable_debug` (containerd's options
/// name the configuration only in Create, long after the loggers exist).
package final class ShimLogLevel: Sendable {
    private let level: Mutex<Logger.Level>

    /// A level starting at `level`.
    package init(_ level: Logger.Level) {
        self.level = Mutex(level)
    }

    /// The level now.
    package var current: Logger.Level { level.withLock { $0 } }

    /// Lowers the threshold to `level` (more output); never raises it, so `-debug` stays.
    package func enable(_ level: Logger.Level) {
        self.level.withLock { $0 = min($0, level) }
    }
}

/// A swift-log handler writing logfmt lines (`time=… level=… msg=… key=value`) to containerd's
/// `log` FIFO. The FIFO is non-blocking and a line that does not fit is dropped: a stopped
/// containerd must not stall the shim.
package struct FIFOLogHandler: LogHandler {
    /// The shared descriptor, written by every copy of the handler.
    package final class Sink: Sendable {
        private let fd: Mutex<FileDescriptor?>

        /// Wraps an open non-blocking descriptor (or nil to discard everything).
        package init(_ fd: FileDescriptor?) {
            self.fd = Mutex(fd)
        }

        /// Writes one line, or drops it when the FIFO is full or gone.
        package func write(_ line: String) {
            fd.withLock { fd in
                guard let descriptor = fd else {
                    return
                }
                switch try? FIFO.write(descriptor, Array(line.utf8)[...]) {
                case .closed: fd = nil
                default: break
                }
            }
        }
    }

    private let sink: Sink
    private let label: String
    private let sharedLevel: ShimLogLevel
    private var ownLevel: Logger.Level?
    /// The minimum level written: the shared level, unless this logger set its own.
    package var logLevel: Logger.Level {
        get { ownLevel ?? sharedLevel.current }
        set { ownLevel = newValue }
    }
    /// Metadata added to every line.
    package var metadata: Logger.Metadata = [:]

    /// Creates a handler.
    /// - Parameters:
    ///   - label: the logger's label.
    ///   - sink: the FIFO.
    ///   - level: the daemon's shared level.
    package init(label: String, sink: Sink, level: ShimLogLevel) {
        self.label = label
        self.sink = sink
        self.sharedLevel = level
    }

    /// Metadata by key.
    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Formats and writes one entry.
    package func log(event: LogEvent) {
        var fields = metadata
        if let extra = event.metadata {
            fields.merge(extra) { _, new in new }
        }
        var line =
            "time=\"\(RealTimeClock.rfc3339Now())\" level=\(event.level) msg=\(Self.quote("\(event.message)"))"
        for (key, value) in fields.sorted(by: { $0.key < $1.key }) {
            line += " \(key)=\(Self.quote("\(value)"))"
        }
        line += " source=\(label)\n"
        sink.write(line)
    }

    private static func quote(_ text: String) -> String {
        let needsQuotes = text.isEmpty || text.contains(where: { $0 == " " || $0 == "\"" || $0 == "=" || $0 == "\n" })
        guard needsQuotes else {
            return text
        }
        var escaped = ""
        for character in text {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            default: escaped.append(character)
            }
        }
        return "\"\(escaped)\""
    }

}
