// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import KataLinux
package import Logging
package import SystemPackage

/// Starts QEMU as a ``KataLinux/SupervisedChild`` with its QMP socket ready, or reports why not in
/// QEMU's own words.
package enum QEMULauncher {
    /// Why QEMU could not be started or did not become ready.
    package enum Error: Swift.Error, CustomStringConvertible, Sendable {
        /// The command line cannot be launched as asked (e.g. no `-qmp unix:fd=3`).
        case invalidCommandLine(String)
        /// A socket, pipe, /dev/null or thread could not be set up, or fork/exec failed.
        case spawn(SupervisedChild.Error)
        /// QEMU exited before QMP was ready; `output` holds its stderr, e.g.
        /// `qemu-system-x86_64: -device foo: 'foo' is not a valid device model name`.
        case exited(SupervisedChild.Termination, output: String)
        /// QMP failed while QEMU kept running (it has been killed); `output` holds its stderr.
        case qmp(QMPClient.Error, output: String)
        /// No QMP greeting within the timeout (QEMU has been killed).
        case timedOut(Duration, output: String)

        /// What failed, with QEMU's own words where there are any.
        package var description: String {
            switch self {
            case .invalidCommandLine(let reason): "qemu: invalid command line: \(reason)"
            case .spawn(let error): "qemu: \(error)"
            case .exited(let termination, let output):
                "qemu exited (\(termination)) before QMP was ready: \(Self.trim(output))"
            case .qmp(let error, let output): "\(error); qemu output: \(Self.trim(output))"
            case .timedOut(let timeout, let output): "qemu: no QMP greeting within \(timeout): \(Self.trim(output))"
            }
        }

        private static func trim(_ output: String) -> String {
            let text = output.split(separator: "\n").joined(separator: "; ")
            return text.isEmpty ? "(no output)" : text
        }
    }

    /// The descriptor number QEMU inherits the QMP listener as.
    package static let qmpDescriptor: Int32 = 3

    /// Binds the QMP socket at `qmpSocketPath`, connects to it, starts QEMU with the listener as
    /// descriptor 3 (the command line's first `-qmp` must be `.inheritedDescriptor(3)`), then waits
    /// for the greeting and negotiates capabilities. Because the client connects before QEMU runs,
    /// an early QEMU exit resets the connection at once and surfaces as LaunchError/exited(_:output:)
    /// with QEMU's stderr. On any failure after the spawn, QEMU is killed and reaped.
    /// - Parameters:
    ///   - commandLine: the command line.
    ///   - qmpSocketPath: where to bind QMP. QEMU removes the file when it exits normally, and so
    ///     does a failed launch; after a SIGKILL it stays for the caller to remove (with the VM's
    ///     directory).
    ///   - descriptors: further descriptors, numbered 4, 5, … in order (vhost, tap …); the caller
    ///     keeps and closes its copies.
    ///   - environment: `NAME=value` entries.
    ///   - spawner: the process's spawner.
    ///   - logger: receives QEMU's output lines.
    ///   - timeout: how long QEMU may take to greet.
    /// - Returns: the process and a ready QMP client.
    /// - Throws: LaunchError.
    package static func launch(
        _ commandLine: QEMU.CommandLine, qmpSocketPath: String, descriptors: [FileDescriptor] = [],
        environment: [String] = [], spawner: ChildSpawner, logger: Logger, timeout: Duration = .seconds(10)
    ) async throws(Error) -> (SupervisedChild, QMPClient) {
        guard commandLine.qmp.first?.listener == .inheritedDescriptor(qmpDescriptor) else {
            throw .invalidCommandLine("the first -qmp must be unix:fd=\(qmpDescriptor)")
        }
        do {
            return try await launchListening(
                commandLine, qmpSocketPath: qmpSocketPath, descriptors: descriptors, environment: environment,
                spawner: spawner, logger: logger, timeout: timeout)
        } catch {
            // QEMU removes the socket file when it closes a listener it served; one that never
            // served (or was killed) leaves it to us.
            try? FileSystem.remove(qmpSocketPath)
            throw error
        }
    }

    private static func launchListening(
        _ commandLine: QEMU.CommandLine, qmpSocketPath: String, descriptors: [FileDescriptor],
        environment: [String], spawner: ChildSpawner, logger: Logger, timeout: Duration
    ) async throws(Error) -> (SupervisedChild, QMPClient) {
        let listener: FileDescriptor
        let client: FileDescriptor
        do {
            listener = try UnixSocket.listen(path: qmpSocketPath)
        } catch {
            throw .spawn(.setUp(error.description))
        }
        do {
            client = try UnixSocket.connect(path: qmpSocketPath)
        } catch {
            try? listener.close()
            throw .spawn(.setUp(error.description))
        }
        let process: SupervisedChild
        do {
            // Our copy of the listener is closed right after the spawn: with it open, a dead QEMU's
            // queued connection would never be reset.
            defer { try? listener.close() }
            process = try await SupervisedChild.spawn(
                argv: commandLine.argv, environment: environment, descriptors: [listener] + descriptors,
                spawner: spawner, onLine: { log($0, logger) })
        } catch {
            try? client.close()
            throw .spawn(error)
        }
        switch await connect(client, process: process, timeout: timeout) {
        case .ready(let qmp):
            return (process, qmp)
        case .failed(let error):
            // A lost connection usually means QEMU is exiting: prefer its exit and stderr.
            if case .disconnected = error, let termination = await process.wait(timeout: .seconds(2)) {
                throw .exited(termination, output: process.capturedOutput)
            }
            process.kill()
            _ = await process.wait()
            throw .qmp(error, output: process.capturedOutput)
        case .timedOut:
            process.kill()
            let termination = await process.wait()
            if termination != .signaled(9) { throw .exited(termination, output: process.capturedOutput) }
            throw .timedOut(timeout, output: process.capturedOutput)
        }
    }

    /// Logs one line of QEMU's output at the level its words call for.
    private static func log(_ line: String, _ logger: Logger) {
        let level: Logger.Level =
            switch SupervisedChild.LineSeverity(line) {
            case .warning: .warning
            case .error: .error
            case .detail: .debug
            }
        logger.log(level: level, "qemu output", metadata: ["line": "\(line)"])
    }

    private enum ConnectOutcome: Sendable {
        case ready(QMPClient)
        case failed(QMPClient.Error)
        case timedOut
    }

    /// Connects, or kills QEMU when the timeout passes first (the greeting wait then fails).
    private static func connect(
        _ client: FileDescriptor, process: SupervisedChild, timeout: Duration
    ) async -> ConnectOutcome {
        await withTaskGroup(of: ConnectOutcome?.self) { group in
            group.addTask {
                do throws(QMPClient.Error) {
                    return .ready(try await QMPClient.connect(socket: client))
                } catch {
                    return .failed(error)
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return Task.isCancelled ? nil : .timedOut
            }
            var outcome = ConnectOutcome.timedOut
            while let next = await group.next() {
                guard let next else { continue }
                outcome = next
                if case .timedOut = next { process.kill() }
                break
            }
            group.cancelAll()
            // Drain the other child: after a timeout the kill makes the connect fail promptly.
            while await group.next() != nil {}
            return outcome
        }
    }

}
