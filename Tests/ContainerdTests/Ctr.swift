// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// Runs the real `ctr` against one containerd address and namespace, capturing its output and
/// exit status, and killing it when it outlives its timeout.
///
/// Output goes to files rather than pipes: a shim that inherits ctr's stdio would otherwise keep a
/// pipe open and the read would never see end-of-file.
struct Ctr: Sendable {
    /// What one ctr invocation printed and how it ended.
    struct Output: Sendable, CustomStringConvertible {
        var command: String
        var status: Int32
        var stdout: String
        var stderr: String

        var description: String {
            "`\(command)` exited \(status)\nstdout: \(stdout.debugDescription)\nstderr: \(stderr.debugDescription)"
        }
    }

    enum Error: Swift.Error, CustomStringConvertible {
        case timedOut(command: String, after: Duration, stdout: String, stderr: String)
        case launchFailed(command: String, underlying: any Swift.Error)

        var description: String {
            switch self {
            case .timedOut(let command, let after, let stdout, let stderr):
                "`\(command)` hung: killed after \(after)\nstdout: \(stdout.debugDescription)\n"
                    + "stderr: \(stderr.debugDescription)"
            case .launchFailed(let command, let underlying):
                "could not start `\(command)`: \(underlying)"
            }
        }
    }

    /// A ctr process that is still running: its output so far, signals, and its end.
    final class Running {
        let command: String
        let process: Process
        let timeout: Duration
        private let stdoutURL: URL
        private let stderrURL: URL
        private let stdin: Pipe?

        fileprivate init(
            command: String, process: Process, timeout: Duration, stdoutURL: URL, stderrURL: URL, stdin: Pipe?
        ) {
            self.command = command
            self.process = process
            self.timeout = timeout
            self.stdoutURL = stdoutURL
            self.stderrURL = stderrURL
            self.stdin = stdin
        }

        deinit {
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            try? stdin?.fileHandleForWriting.close()
            for url in [stdoutURL, stderrURL] { try? FileManager.default.removeItem(at: url) }
        }

        /// Writes `text` to ctr's stdin and closes it: ctr then sends CloseIO to the task.
        ///
        /// ctr run arms that CloseIO only once the task is created; an end-of-file it reads before
        /// then is lost and `cat` waits forever, so callers write once the task runs.
        func writeStdin(_ text: String) throws {
            guard let stdin else { return }
            try stdin.fileHandleForWriting.write(contentsOf: Data(text.utf8))
            try stdin.fileHandleForWriting.close()
        }

        /// What ctr has printed on stdout so far.
        var stdoutSoFar: String { (try? String(contentsOf: stdoutURL, encoding: .utf8)) ?? "" }

        /// Sends `signal` to ctr itself (which forwards most signals to the task when not on a tty).
        func signal(_ signal: Int32) { kill(process.processIdentifier, signal) }

        /// Waits until stdout contains `text`, or throws when ctr exits or the timeout passes first.
        func waitForOutput(_ text: String) async throws {
            let deadline = ContinuousClock.now + timeout
            while !stdoutSoFar.contains(text) {
                guard process.isRunning else { return }
                guard ContinuousClock.now < deadline else {
                    kill(process.processIdentifier, SIGKILL)
                    process.waitUntilExit()
                    throw Error.timedOut(
                        command: "\(command) (waiting for \(text.debugDescription))", after: timeout,
                        stdout: stdoutSoFar, stderr: read(stderrURL))
                }
                try await Task.sleep(for: .milliseconds(10))
            }
        }

        /// Waits for ctr to exit; kills it and throws ``Ctr/Error/timedOut(command:after:stdout:stderr:)``
        /// when it takes longer than the timeout.
        @discardableResult
        func wait() async throws -> Output {
            let deadline = ContinuousClock.now + timeout
            while process.isRunning {
                if ContinuousClock.now >= deadline {
                    kill(process.processIdentifier, SIGKILL)
                    process.waitUntilExit()
                    throw Error.timedOut(
                        command: command, after: timeout, stdout: stdoutSoFar, stderr: read(stderrURL))
                }
                try await Task.sleep(for: .milliseconds(5))
            }
            return Output(
                command: command, status: process.terminationStatus, stdout: stdoutSoFar, stderr: read(stderrURL))
        }

        private func read(_ url: URL) -> String { (try? String(contentsOf: url, encoding: .utf8)) ?? "" }
    }

    var executable: String
    var address: String
    var namespace: String
    var timeout: Duration

    /// Runs `ctr --address … --namespace … ARGUMENTS` to completion, with /dev/null as stdin.
    /// - Parameters:
    ///   - arguments: ctr's arguments after the global address and namespace.
    ///   - tty: runs ctr under a fresh pseudo-terminal (Python's pty module), as `ctr run -t` needs.
    /// - Returns: ctr's exit status and output.
    /// - Throws: ``Error`` when ctr cannot start or outlives the timeout.
    @discardableResult
    func run(_ arguments: [String], tty: Bool = false) async throws -> Output {
        try await start(arguments, tty: tty).wait()
    }

    /// Starts ctr and returns while it runs.
    /// - Parameters:
    ///   - arguments: ctr's arguments after the global address and namespace.
    ///   - stdin: gives ctr a pipe for stdin, fed by ``Running/writeStdin(_:)``, instead of /dev/null.
    ///   - tty: runs ctr under a fresh pseudo-terminal, as for ``run(_:tty:)``.
    /// - Returns: the running ctr.
    /// - Throws: ``Error/launchFailed(command:underlying:)`` when ctr cannot start.
    func start(_ arguments: [String], stdin: Bool = false, tty: Bool = false) throws -> Running {
        let full = ["--address", address, "--namespace", namespace] + arguments
        let command = (["ctr"] + full).joined(separator: " ")
        let process = Process()
        if tty {
            // pty.spawn copies the child's terminal output to our stdout and returns its wait status.
            let script = "import os, pty, sys; sys.exit(os.waitstatus_to_exitcode(pty.spawn(sys.argv[1:])))"
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", "-c", script, executable] + full
        } else {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = full
        }
        let directory = FileManager.default.temporaryDirectory
        let name = "ctr-\(UUID().uuidString.prefix(8))"
        let stdoutURL = directory.appendingPathComponent("\(name).out")
        let stderrURL = directory.appendingPathComponent("\(name).err")
        let pipe = stdin ? Pipe() : nil
        do {
            _ = FileManager.default.createFile(atPath: stdoutURL.path, contents: nil)
            _ = FileManager.default.createFile(atPath: stderrURL.path, contents: nil)
            process.standardOutput = try FileHandle(forWritingTo: stdoutURL)
            process.standardError = try FileHandle(forWritingTo: stderrURL)
            process.standardInput = pipe ?? FileHandle.nullDevice
            try process.run()
            // Only ctr may hold the read end, or it would never see end-of-file.
            try pipe?.fileHandleForReading.close()
        } catch {
            for url in [stdoutURL, stderrURL] { try? FileManager.default.removeItem(at: url) }
            throw Error.launchFailed(command: command, underlying: error)
        }
        return Running(
            command: command, process: process, timeout: timeout, stdoutURL: stdoutURL, stderrURL: stderrURL,
            stdin: pipe)
    }
}
