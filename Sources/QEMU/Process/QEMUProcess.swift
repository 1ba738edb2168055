// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Dispatch
import FoundationEssentials
import KataLinux
public import Logging
import Synchronization
public import SystemPackage

/// A QEMU child process: its pid, its captured stdout/stderr, a wait for its exit, and SIGKILL.
///
/// Two threads per process: one reads QEMU's output pipe to its end (logging each line and keeping
/// the last 64 KiB, so that "qemu-system-x86_64: -device foo: …" can be reported), one waits for the
/// exit. The exit is observed without reaping first (`waitid(WNOWAIT)`), and the pid is reaped under
/// the same lock kill() takes, so SIGKILL never reaches a recycled pid. Nothing else in the
/// process may reap this pid (a `waitpid(-1)` reaper would steal the status).
public final class QEMUProcess: Sendable {
    /// How the process ended.
    public enum Termination: Sendable, Equatable, CustomStringConvertible {
        /// It exited with this code.
        case exited(Int32)
        /// This signal killed it.
        case signaled(Int32)

        /// `exit code 1`, `signal 9`.
        public var description: String {
            switch self {
            case .exited(let code): "exit code \(code)"
            case .signaled(let signal): "signal \(signal)"
            }
        }
    }

    private enum Lifecycle {
        case running(waiters: [CheckedContinuation<Termination, Never>])
        case exited(Termination)
    }

    /// The child's pid.
    public let pid: Int32
    private let lifecycle = Mutex(Lifecycle.running(waiters: []))
    private let output = Mutex([UInt8]())
    private let outputDone = DispatchSemaphore(value: 0)
    private static let outputLimit = 64 * 1024

    /// Starts `argv` through `spawner` with stdin on /dev/null, stdout and stderr on a pipe that
    /// this object reads, and `descriptors` as descriptors 3, 4, ….
    /// - Parameters:
    ///   - argv: the command, binary first (`QEMU.CommandLine.argv`).
    ///   - environment: `NAME=value` entries.
    ///   - descriptors: the child's descriptors from 3 on; the caller keeps and closes its copies.
    ///   - spawner: the process's spawner.
    ///   - logger: receives each output line: `warning:` lines at warning level, lines naming an error at
    ///     error level, the rest at debug.
    /// - Returns: the running process.
    /// - Throws: LaunchError/spawn(_:) and LaunchError/setUp(_:).
    public static func spawn(
        argv: [String], environment: [String] = [], descriptors: [FileDescriptor] = [], spawner: ChildSpawner,
        logger: Logger
    ) async throws(LaunchError) -> QEMUProcess {
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
        // The child has its copy; ours would keep the pipe open after QEMU exits.
        try? pipe.write.close()
        do {
            return try QEMUProcess(pid: pid, output: pipe.read, logger: logger)
        } catch {
            // Nobody would ever reap it: end it here (SIGKILL makes the wait immediate).
            try? ProcessControl.kill(pid, .kill)
            try? ProcessControl.waitForExit(pid)
            _ = try? ProcessControl.reap(pid)
            try? pipe.read.close()
            throw .setUp("\(binary): cannot create the thread that waits for it: \(error)")
        }
    }

    private init(pid: Int32, output reader: FileDescriptor, logger: Logger) throws(Errno) {
        self.pid = pid
        var logger = logger
        logger[metadataKey: "qemu-pid"] = "\(pid)"
        do {
            try OSThread.start(name: "qemu-output") { [self, logger] in self.readOutput(reader, logger: logger) }
        } catch {
            // The process stays managed; only its stderr is lost.
            logger.warning("cannot read QEMU's output", metadata: ["error": "\(error)"])
            try? reader.close()
            outputDone.signal()
        }
        try OSThread.start(name: "qemu-wait") { [self] in self.waitForExit() }
    }

    /// Sends SIGKILL, unless the process has already ended (then nothing happens).
    public func kill() {
        lifecycle.withLock { state in
            guard case .running = state else { return }
            try? ProcessControl.kill(pid, .kill)
        }
    }

    /// Waits for the process to end.
    /// - Returns: how it ended.
    public func wait() async -> Termination {
        await withCheckedContinuation { continuation in
            let done: Termination? = lifecycle.withLock { state in
                switch state {
                case .exited(let termination):
                    return termination
                case .running(var waiters):
                    waiters.append(continuation)
                    state = .running(waiters: waiters)
                    return nil
                }
            }
            if let done { continuation.resume(returning: done) }
        }
    }

    /// Waits at most `timeout` for the process to end (checking every 20 ms).
    /// - Parameter timeout: the longest wait.
    /// - Returns: how it ended, or nil when it still runs (or the task was cancelled).
    public func wait(timeout: Duration) async -> Termination? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline, !Task.isCancelled {
            if let termination { return termination }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return termination
    }

    /// How the process ended, or nil while it runs.
    public var termination: Termination? {
        lifecycle.withLock { state in
            if case .exited(let termination) = state { return termination }
            return nil
        }
    }

    /// QEMU's captured stdout and stderr (the last 64 KiB), e.g.
    /// `qemu-system-x86_64: -device foo: 'foo' is not a valid device model name`. Complete once
    /// wait() has returned.
    public var capturedOutput: String {
        String(decoding: output.withLock { $0 }, as: UTF8.self)
    }

    private func readOutput(_ reader: FileDescriptor, logger: Logger) {
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
            line: { Self.log($0, logger) })
    }

    private static func log(_ line: [UInt8], _ logger: Logger) {
        let text = String(decoding: line, as: UTF8.self)
        // virtiofsd narrates every virtqueue event; only warnings and errors matter outside -debug.
        let level: Logger.Level =
            text.contains("warning:") ? .warning : text.lowercased().contains("error") ? .error : .debug
        logger.log(level: level, "qemu output", metadata: ["line": "\(text)"])
    }

    private func waitForExit() {
        // ECHILD here means someone else reaped the pid: treat as ended, status unknown.
        try? ProcessControl.waitForExit(pid)
        // Give the reader a moment to drain the pipe, so that waiters see QEMU's last words.
        _ = outputDone.wait(timeout: .now() + .seconds(2))
        let (termination, waiters) = lifecycle.withLock {
            state -> (Termination, [CheckedContinuation<Termination, Never>]) in
            let termination: Termination
            switch try? ProcessControl.reap(pid) {
            case .exited(let code)?: termination = .exited(code)
            case .signaled(let signal)?: termination = .signaled(signal.rawValue)
            case nil: termination = .exited(-1)
            }
            guard case .running(let waiters) = state else { return (termination, []) }
            state = .exited(termination)
            return (termination, waiters)
        }
        for waiter in waiters { waiter.resume(returning: termination) }
    }
}
