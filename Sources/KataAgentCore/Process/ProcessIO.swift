// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataError
import KataLinux
import Synchronization
import SystemPackage

/// The agent's ends of a container process's stdio: three pipes, or a pty master that carries both
/// output streams. All descriptors are non-blocking and waited on through the ``IOPoller``.
final class ProcessIO: Sendable {
    /// Which output stream a read is for.
    enum Stream: String, Sendable {
        case stdout
        case stderr
    }

    /// The descriptors the child gets as 0, 1 and 2; the caller closes them once the child started.
    struct ChildEnds {
        let stdin: FileDescriptor
        let stdout: FileDescriptor
        let stderr: FileDescriptor

        /// Closes the agent's copies after the spawn.
        func close() {
            for fd in Set([stdin.rawValue, stdout.rawValue, stderr.rawValue]) {
                try? FileDescriptor(rawValue: fd).close()
            }
        }
    }

    private struct State {
        var stdin: FileDescriptor?
        var stdout: FileDescriptor?
        var stderr: FileDescriptor?
        /// The pty master, shared by stdin and both output streams; closed with the last of them.
        var terminal: FileDescriptor?
        /// When the process ended: reads then give up after ``ProcessIO/drainGrace``.
        var exitedAt: ContinuousClock.Instant?
    }

    /// How long output is still read after the process has ended, for bytes in flight; a daemon
    /// that inherited the pipe would otherwise keep the stream open for ever.
    static let drainGrace: Duration = .milliseconds(500)
    /// How often a read waiting on a running process checks whether it has ended.
    static let exitRecheck: Duration = .seconds(1)

    private let state: Mutex<State>
    private let poller: IOPoller
    /// Whether the process has a terminal (stdout and stderr are one stream).
    let isTerminal: Bool

    private init(state: State, terminal: Bool, poller: IOPoller) {
        self.state = Mutex(state)
        self.isTerminal = terminal
        self.poller = poller
    }

    /// The agent's end of a terminal process's stdio: the pty master the init helper opened in
    /// the container's own devpts and passed back (see ``ProcessLauncher``).
    /// - Parameters:
    ///   - master: the master, owned by the new value from now on.
    ///   - poller: where reads and writes wait.
    /// - Returns: the agent's end.
    /// - Throws: ``Syscall/Error`` from fcntl.
    static func terminal(master: FileDescriptor, poller: IOPoller) throws(Syscall.Error) -> ProcessIO {
        try SocketPair.setNonBlocking(master)
        return ProcessIO(state: State(terminal: master), terminal: true, poller: poller)
    }

    /// Makes the stdio of a process without a terminal: three pipes.
    /// - Parameters:
    ///   - pipeSize: the capacity for the output pipes (`agent.container_pipe_size`); 0 keeps the
    ///     kernel's default.
    ///   - poller: where reads and writes wait.
    /// - Returns: the agent's ends and the child's ends.
    /// - Throws: ``Syscall/Error`` from pipe or fcntl.
    static func pipes(pipeSize: Int, poller: IOPoller) throws(Syscall.Error) -> (ProcessIO, ChildEnds) {
        let stdin = try Pipe.make()
        let stdout = try Pipe.make()
        let stderr = try Pipe.make()
        for fd in [stdin.write, stdout.read, stderr.read] {
            try SocketPair.setNonBlocking(fd)
        }
        if pipeSize > 0 {
            try Pipe.setCapacity(stdout.read, bytes: Int32(clamping: pipeSize))
            try Pipe.setCapacity(stderr.read, bytes: Int32(clamping: pipeSize))
        }
        let io = ProcessIO(
            state: State(stdin: stdin.write, stdout: stdout.read, stderr: stderr.read), terminal: false,
            poller: poller)
        return (io, ChildEnds(stdin: stdin.read, stdout: stdout.write, stderr: stderr.write))
    }

    /// Reads up to `length` bytes of `stream`, waiting for some; empty at end of file.
    /// - Parameters:
    ///   - stream: stdout or stderr (both are the terminal for a tty process).
    ///   - length: the most to return.
    /// - Returns: the bytes; empty at end of file.
    /// - Throws: ``KataError`` when the stream does not exist; `CancellationError`.
    func read(_ stream: Stream, length: Int) async throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: max(1, min(length, 1 << 20)))
        while true {
            let (descriptor, exitedAt) = state.withLock { state in
                (state.terminal ?? (stream == .stdout ? state.stdout : state.stderr), state.exitedAt)
            }
            guard let descriptor else {
                if isTerminal, stream == .stderr {
                    // With a terminal everything arrives on stdout; stderr simply ends.
                    return []
                }
                throw KataError(.notFound, "the process has no open \(stream.rawValue)")
            }
            do {
                let count = try buffer.withUnsafeMutableBytes { try descriptor.read(into: $0) }
                return Array(buffer[..<count])
            } catch Errno.wouldBlock {
                if let exitedAt {
                    let deadline = exitedAt + Self.drainGrace
                    if deadline <= .now { return [] }
                    _ = try await poller.wait(for: .readable, on: descriptor, until: deadline)
                } else {
                    // processEnded() interrupts this wait; the bound covers an exit that lands
                    // between the snapshot above and the wait's registration.
                    _ = try await poller.wait(for: .readable, on: descriptor, until: .now + Self.exitRecheck)
                }
            } catch Errno.ioError where isTerminal {
                // A pty master reads EIO once every slave descriptor is closed: end of output.
                return []
            }
        }
    }

    /// Writes all of `data` to stdin; empty data closes stdin (end of file), as Kata's agents
    /// accept both ways.
    /// - Parameter data: the bytes.
    /// - Returns: how many bytes were written.
    /// - Throws: ``KataError`` when stdin is closed; `CancellationError`.
    func write(_ data: [UInt8]) async throws -> Int {
        if data.isEmpty {
            closeStdin()
            return 0
        }
        var offset = 0
        while offset < data.count {
            guard let descriptor = state.withLock({ $0.terminal ?? $0.stdin }) else {
                throw KataError(.failedPrecondition, "stdin of the process is closed")
            }
            do {
                offset += try data[offset...].withUnsafeBytes { try descriptor.write($0) }
            } catch Errno.wouldBlock {
                _ = try await poller.wait(for: .writable, on: descriptor)
            } catch Errno.brokenPipe {
                throw KataError(.failedPrecondition, "the process closed its stdin")
            }
        }
        return offset
    }

    /// Closes stdin so the process reads end of file. For a terminal this sends the terminal's
    /// end-of-file character instead: closing the master would hang up the whole terminal and lose
    /// the output still to be read.
    func closeStdin() {
        if let terminal = state.withLock({ $0.terminal }) {
            // VEOF (Ctrl-D) at the start of a line ends input for a canonical-mode reader.
            let eof: [UInt8] = [0x04]
            _ = try? eof.withUnsafeBytes { try terminal.write($0) }
            return
        }
        let stdin = state.withLock { state in
            defer { state.stdin = nil }
            return state.stdin
        }
        try? stdin?.close()
    }

    /// Sets the terminal's window size.
    /// - Throws: ``KataError`` with `unavailable` when the process has no terminal.
    func resize(rows: UInt32, columns: UInt32) throws {
        guard let terminal = state.withLock({ $0.terminal }) else {
            throw KataError(.unavailable, "the process has no terminal to resize")
        }
        do {
            try Pty.setWindowSize(terminal, rows: UInt16(clamping: rows), columns: UInt16(clamping: columns))
        } catch {
            throw KataError(.internal, "resizing the terminal failed", underlying: error)
        }
    }

    /// Records that the process ended, so reads stop waiting once the buffered output is read.
    func processEnded() {
        let descriptors = state.withLock { state in
            state.exitedAt = .now
            return [state.stdout, state.stderr, state.terminal].compactMap { $0 }
        }
        for fd in descriptors { poller.interrupt(fd) }
    }

    /// Closes every descriptor; later reads and writes fail with NOT_FOUND.
    func close() {
        let descriptors = state.withLock { state in
            defer { state = State(exitedAt: state.exitedAt) }
            return [state.stdin, state.stdout, state.stderr, state.terminal].compactMap { $0 }
        }
        for fd in descriptors { try? fd.close() }
    }
}
