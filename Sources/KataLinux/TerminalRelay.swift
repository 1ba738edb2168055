// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Glibc
package import SystemPackage

/// The debug console's byte pump: input → connection and connection → output, until the
/// connection closes.
package enum TerminalRelay {
    /// The copy buffer size, as upstream's.
    package static let bufferSize = 2048

    /// Copies both ways until the connection reaches end of file; end of input only stops that
    /// direction (the console may still print).
    /// - Parameters:
    ///   - connection: the console socket; it stays open.
    ///   - input: usually standard input; it stays open.
    ///   - output: usually standard output; it stays open.
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)`` from `poll`, `read` or `write`.
    package static func relay(
        connection: FileDescriptor, input: FileDescriptor, output: FileDescriptor
    ) throws(Syscall.Error) {
        var buffer = [UInt8](repeating: 0, count: bufferSize)
        var inputOpen = true
        while true {
            var entries: [(FileDescriptor, Poll.Events)] = [(connection, .readable)]
            if inputOpen { entries.append((input, .readable)) }
            let ready = try Poll.poll(entries, timeout: nil)
            if !ready[0].isEmpty {
                let count = try read(connection, into: &buffer, name: "read console")
                if count == 0 { return }
                try write(output, buffer[0..<count], name: "write output")
            }
            if inputOpen, ready.count > 1, !ready[1].isEmpty {
                let count = try read(input, into: &buffer, name: "read input")
                if count == 0 {
                    inputOpen = false
                } else {
                    try write(connection, buffer[0..<count], name: "write console")
                }
            }
        }
    }

    private static func read(
        _ fd: FileDescriptor, into buffer: inout [UInt8], name: String
    ) throws(Syscall.Error) -> Int {
        let result = buffer.withUnsafeMutableBytes { raw in
            Syscall.valueOrErrno { Glibc.read(fd.rawValue, raw.baseAddress, raw.count) }
        }
        switch result {
        case .success(let count): return count
        case .failure(.connectionReset): return 0
        case .failure(let errno): throw .syscall(name: name, path: nil, errno: errno)
        }
    }

    private static func write(_ fd: FileDescriptor, _ bytes: ArraySlice<UInt8>, name: String) throws(Syscall.Error) {
        do {
            try fd.writeAll(bytes)
        } catch {
            throw .syscall(name: name, path: nil, errno: (error as? Errno) ?? .ioError)
        }
    }
}
