// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Foundation
import KataLinux
import Logging
import QEMU
import Testing

/// launch() against stand-ins for QEMU that stay alive but never become a usable QMP server: the
/// launch must fail, kill the stand-in, and not hang.
@Suite(.timeLimit(.minutes(1))) struct LaunchFailureTests {
    static let spawner = ChildSpawner()
    let logger = Logger(label: "launch-tests")

    /// Writes an executable script and returns a command line that runs it in place of QEMU.
    static func standIn(_ script: String) throws -> (QEMU.CommandLine, String) {
        let path = "/tmp/fake-qemu-\(UUID().uuidString.prefix(8))"
        try script.write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        var line = QEMU.CommandLine(binary: path, machine: QEMU.Machine(accelerator: .tcg))
        line.qmp = [QEMU.QMPSocket(.inheritedDescriptor(3))]
        return (line, path)
    }

    /// launch(), retried while the fresh script is "Text file busy": a child forked by a concurrent
    /// test may still hold the script's write descriptor until it execs.
    func launch(_ line: QEMU.CommandLine, timeout: Duration = .seconds(10)) async throws(QEMULauncher.Error) {
        var attempt = 0
        while true {
            do {
                _ = try await QEMULauncher.launch(
                    line, qmpSocketPath: Self.socketPath(), spawner: Self.spawner, logger: logger, timeout: timeout)
                return
            } catch .spawn(.spawn(.spawnFailed(_, let reason))) where reason.contains("Text file busy") && attempt < 20
            {
                attempt += 1
                try? await Task.sleep(for: .milliseconds(50))
            }
        }
    }

    static func socketPath() -> String { "/tmp/fake-qmp-\(UUID().uuidString.prefix(8)).sock" }

    @Test func noGreetingTimesOutAndKillsTheProcess() async throws {
        let (line, script) = try Self.standIn("#!/bin/sh\necho starting >&2\nexec sleep 30\n")
        defer { try? FileManager.default.removeItem(atPath: script) }
        do {
            try await launch(line, timeout: .milliseconds(300))
            Issue.record("launch succeeded without a greeting")
        } catch {
            guard case .timedOut(_, let output) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            // .timedOut is only thrown once the stand-in died of our SIGKILL, long before its
            // `sleep 30` ends; the suite's time limit catches a hang. No wall-clock bound here: CI
            // on two loaded cores stretched this 300 ms launch to 6 s.
            #expect(output.contains("starting"))
        }
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3"), "needs /usr/bin/python3"))
    func aQMPFailureWhileTheProcessLivesKillsIt() async throws {
        // Accepts on fd 3, greets as QEMU 4.2 (rejected), then stays alive.
        let (line, script) = try Self.standIn(
            """
            #!/usr/bin/python3
            import socket, time
            listener = socket.socket(fileno=3)
            connection, _ = listener.accept()
            connection.sendall(b'{"QMP": {"version": {"qemu": {"major": 4, "minor": 2, "micro": 0}}, "capabilities": []}}\\r\\n')
            time.sleep(30)
            """)
        defer { try? FileManager.default.removeItem(atPath: script) }
        do {
            try await launch(line)
            Issue.record("launch accepted QEMU 4.2")
        } catch {
            guard case .qmp(.unsupportedVersion(let version, minimumMajor: 5), _) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(version.major == 4)
        }
    }
}
