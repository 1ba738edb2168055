// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import SystemPackage

/// Reads a blocking descriptor to its end on the calling thread, line by line: for the threads
/// that follow a child's output or the guest console.
package enum LineReader {
    /// Reads `fd` until end of stream or an error other than EINTR, handing over every chunk as
    /// read and every line without its "\n" (a last line without one too).
    /// - Parameters:
    ///   - fd: a blocking descriptor; the caller closes it.
    ///   - maximumLineBytes: bytes of a line beyond this are dropped, so a writer that never ends
    ///     a line cannot grow memory.
    ///   - chunk: each chunk as read.
    ///   - line: each line.
    package static func readToEnd(
        _ fd: FileDescriptor, maximumLineBytes: Int = .max, chunk: (ArraySlice<UInt8>) -> Void = { _ in },
        line: ([UInt8]) -> Void
    ) {
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count: Int
            do {
                count = try buffer.withUnsafeMutableBytes { try fd.read(into: $0) }
            } catch Errno.interrupted {
                continue
            } catch {
                break
            }
            if count == 0 { break }
            chunk(buffer[..<count])
            for byte in buffer[..<count] {
                if byte == UInt8(ascii: "\n") {
                    line(pending)
                    pending.removeAll(keepingCapacity: true)
                } else if pending.count < maximumLineBytes {
                    pending.append(byte)
                }
            }
        }
        if !pending.isEmpty { line(pending) }
    }
}
