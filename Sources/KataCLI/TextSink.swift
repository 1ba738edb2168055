// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import Foundation

/// Somewhere text goes: standard output, standard error, a log file, or a test's buffer.
package protocol TextSink: Sendable {
    /// Writes `text` as is; the caller adds newlines.
    /// - Parameter text: the text.
    func write(_ text: String)
}

/// A sink over an open file handle (standard output, standard error, a log file).
package struct FileHandleSink: TextSink {
    /// The handle written to.
    package let handle: FileHandle

    /// A sink writing to `handle`.
    /// - Parameter handle: an open, writable handle.
    package init(_ handle: FileHandle) {
        self.handle = handle
    }

    /// Writes the text's UTF-8 bytes; a failed write is dropped, there is nowhere to report it.
    /// - Parameter text: the text.
    package func write(_ text: String) {
        try? handle.write(contentsOf: Data(text.utf8))
    }
}

/// A sink that drops everything, as logging to `/dev/null` does.
package struct DiscardingSink: TextSink {
    /// A sink that drops everything.
    package init() {}

    /// Drops `text`.
    /// - Parameter text: ignored.
    package func write(_ text: String) {}
}
