// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import KataError
import KataLinux
package import KataRuntime
package import SystemPackage

/// A process's client FIFOs, opened the way containerd's fifo package needs and without ever
/// blocking: stdout/stderr get a private read end first (so the write open cannot fail with ENXIO
/// and early output is buffered until the client reads) and then a non-blocking write end; stdin
/// is opened read-only non-blocking and read only when poll says a writer sent data or left.
package struct StdioFIFOs: Sendable {
    /// An output FIFO: the write end the copier writes, and the read end kept until close.
    package struct Output: Sendable {
        /// The write end.
        package var write: FileDescriptor
        /// The private read end.
        package var keeper: FileDescriptor
    }

    /// The stdin read end, if the process has stdin.
    package var stdin: FileDescriptor?
    /// The stdout FIFO, if any.
    package var stdout: Output?
    /// The stderr FIFO, if any.
    package var stderr: Output?

    /// Opens the FIFOs named in `stdio` (absent ones stay nil).
    /// - Throws: `KataError.invalidArgument` naming the FIFO that could not be opened; already
    ///   opened ones are closed.
    package init(opening stdio: ProcessStdio) throws(KataError) {
        var opened = StdioFIFOs(stdin: nil, stdout: nil, stderr: nil)
        do throws(Syscall.Error) {
            if let path = stdio.stdin {
                opened.stdin = try FileSystem.open(path, .readOnly, options: [.nonBlocking])
            }
            if let path = stdio.stdout {
                opened.stdout = try Self.openOutput(path)
            }
            if let path = stdio.stderr {
                opened.stderr = try Self.openOutput(path)
            }
        } catch {
            opened.closeAll()
            throw KataError(.invalidArgument, "cannot open stdio fifo: \(error)")
        }
        self = opened
    }

    private init(stdin: FileDescriptor?, stdout: Output?, stderr: Output?) {
        self.stdin = stdin
        self.stdout = stdout
        self.stderr = stderr
    }

    private static func openOutput(_ path: String) throws(Syscall.Error) -> Output {
        let path = path.hasPrefix("fifo://") ? String(path.dropFirst(7)) : path
        let keeper = try FileSystem.open(path, .readOnly, options: [.nonBlocking])
        do throws(Syscall.Error) {
            let write = try FileSystem.open(path, .writeOnly, options: [.nonBlocking])
            return Output(write: write, keeper: keeper)
        } catch {
            try? keeper.close()
            throw error
        }
    }

    /// Closes every descriptor (used when opening fails half-way).
    package func closeAll() {
        try? stdin?.close()
        for output in [stdout, stderr].compactMap({ $0 }) {
            try? output.write.close()
            try? output.keeper.close()
        }
    }
}
