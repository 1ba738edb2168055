// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Dispatch
import Synchronization
package import SystemPackage

/// A long-running child of the runtime (QEMU, virtiofsd): its pid, its captured stdout/stderr, a
/// wait for its exit, and SIGKILL.
///
/// Two threads per child: one reads its output pipe to the end (handing each line on and keeping
/// the last 64 KiB, so that "qemu-system-x86_64: -device foo: …" can be reported), one waits for
/// the exit. The exit is observed without reaping first (`waitid(WNOWAIT)`), and the pid is reaped
/// under the same lock kill() takes, so SIGKILL never reaches a recycled pid. Nothing else in the
/// process may reap this pid (a `waitpid(-1)` reaper would steal the status).
package final class SupervisedChild: Sendable {
    /// How the child ended.
    package enum Termination: Sendable, Equatable, CustomStringConvertible {
        /// It exited with this code.
        case exited(Int32)
        /// This signal killed it.
        case signaled(Int32)

        /// `exit code 1`, `signal 9`.
        package var description: String {
            switch self {
            case .exited(let code): "exit code \(code)"
            case .signaled(let signal): "signal \(signal)"
            }
        }
    }

    /// Why a child could not be started.
    package enum Error: Swift.Error, CustomStringConvertible, Sendable {
        /// /dev/null, the output pipe or a thread could not be set up.
        case setUp(String)
        /// fork or exec failed.
        case spawn(ChildSpawner.Error)

        /// What failed.
        package var description: String {
            switch self {
            case .setUp(let reason): "set-up failed: \(reason)"
            case .spawn(let error): error.description
            }
        }
    }

    /// How much a line of output matters to a person reading the log.
    package enum LineSeverity: Sendable, Equatable {
        /// The child warns (`warning:` in the line).
        case warning
        /// The child names an error.
        case error
        /// Narration (virtiofsd narrates every virtqueue event).
        case detail

        /// Classifies one line of a child's output.
        /// - Parameter line: the line, without its newline.
        package init(_ line: String) {
            self = line.contains("warning:") ? .warning : line.lowercased().contains("error") ? .error : .detail
        }
    }

    /// The child's pid.
    package let pid: Int32
    private let lock = Mutex(())
    private let exit = Latch<Termination>()
    private let output = Mutex([UInt8]())
    private let outputDone = DispatchSemaphore(value: 0)
    private static let outputLimit = 64 * 1024

    /// Starts `argv` through `spawner` with stdin on /dev/null, stdout and stderr on a pipe that
    /// this object reads, and `descriptors` as descriptors 3, 4, ….
    /// - Parameters:
    ///   - argv: the command, binary first.
    ///   - environment: `NAME=value` entries.
    ///   - descriptors: the child's descriptors from 3 on; the caller keeps and closes its copies.
    ///   - spawner: the process's spawner.
    ///   - onLine: receives each line of output (without the newline), on the output thread.
    /// - Returns: the running child.
    /// - Throws: ``Error``.
    package static func spawn(
        argv: [String], environment: [String] = [], descriptors: [FileDescriptor] = [], spawner: ChildSpawner,
        onLine: @escaping @Sendable (String) -> Void = { _ in }
    ) async throws(Error) -> SupervisedChild {
        guard let binary = argv.first else { throw .setUp("empty command line") }
        let null: FileDescriptor
        let pipe: (read: FileDescriptor, write: FileDescriptor)
        do {
            null = try FileSystem.open("/dev/null", .readWrite)
        } catch {
            throw .setUp(error.description)
        }
        defer { try? null.close() }
        do {
            pipe = try Pipe.make()
        } catch {
            throw .setUp(error.description)
        }
        let pid: Int32
        do {
            pid = try await spawner.spawn(
                binary, arguments: argv, environment: environment,
                descriptors: [null, pipe.write, pipe.write] + descriptors)
        } catch {
            try? pipe.read.close()
            try? pipe.write.close()
            throw .spawn(error)
        }
        // The child has its copy; ours would keep the pipe open after the child exits.
        try? pipe.write.close()
        do {
            return try SupervisedChild(pid: pid, output: pipe.read, onLine: onLine)
        } catch {
            // Nobody would ever reap it: end it here (SIGKILL makes the wait immediate).
            try? ProcessControl.kill(pid, .kill)
            try? ProcessControl.waitForExit(pid)
            _ = try? ProcessControl.reap(pid)
            try? pipe.read.close()
            throw .setUp("\(binary): cannot create the thread that waits for it: \(error)")
        }
    }

    private init(pid: Int32, output reader: FileDescriptor, onLine: @escaping @Sendable (String) -> Void) throws(Errno)
    {
        self.pid = pid
        do {
            try OSThread.start(name: "child-output") { [self] in self.readOutput(reader, onLine: onLine) }
        } catch {
            // The child stays managed; only its output is lost.
            onLine("cannot read the output of process \(pid): \(error)")
            try? reader.close()
            outputDone.signal()
        }
        try OSThread.start(name: "child-wait") { [self] in self.waitForExit() }
    }

    /// Sends SIGKILL, unless the child has already ended (then nothing happens).
    package func kill() {
        lock.withLock { _ in
            guard exit.value == nil else { return }
            try? ProcessControl.kill(pid, .kill)
        }
    }

    /// Waits for the child to end; the caller's cancellation does not end this wait (teardown
    /// must see the end).
    /// - Returns: how it ended.
    package func wait() async -> Termination {
        await exit.valueIgnoringCancellation()
    }

    /// Waits for the child to end, but returns nil as soon as the calling task is cancelled.
    /// - Returns: how it ended, or nil when cancelled first.
    package func waitUnlessCancelled() async -> Termination? {
        await exit.waitUnlessCancelled()
    }

    /// Waits at most `timeout` for the child to end.
    /// - Parameter timeout: the longest wait.
    /// - Returns: how it ended, or nil when it still runs (or the task was cancelled).
    package func wait(timeout: Duration) async -> Termination? {
        await exit.wait(until: .now + timeout)
    }

    /// How the child ended, or nil while it runs.
    package var termination: Termination? { exit.value }

    /// The child's captured stdout and stderr (the last 64 KiB). Complete once wait() has returned.
    package var capturedOutput: String {
        String(decoding: output.withLock { $0 }, as: UTF8.self)
    }

    private func readOutput(_ reader: FileDescriptor, onLine: @Sendable (String) -> Void) {
        defer {
            try? reader.close()
            outputDone.signal()
        }
        LineReader.readToEnd(
            reader,
            chunk: { bytes in
                output.withLock { buffer in
                    buffer += bytes
                    if buffer.count > Self.outputLimit { buffer.removeFirst(buffer.count - Self.outputLimit) }
                }
            },
            line: { onLine(String(decoding: $0, as: UTF8.self)) })
    }

    private func waitForExit() {
        // ECHILD here means someone else reaped the pid: treat as ended, status unknown.
        try? ProcessControl.waitForExit(pid)
        // Give the reader a moment to drain the pipe, so that waiters see the child's last words.
        _ = outputDone.wait(timeout: .now() + .seconds(2))
        lock.withLock { _ in
            let termination: Termination
            switch try? ProcessControl.reap(pid) {
            case .exited(let code)?: termination = .exited(code)
            case .signaled(let signal)?: termination = .signaled(signal.rawValue)
            case nil: termination = .exited(-1)
            }
            exit.resolve(termination)
        }
    }
}
