// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Testing

/// The scenarios, written once and run per runtime by the suites in ContainerdTests.swift.
struct ContainerdScenarios {
    static let testerID = "uid=1000(tester) gid=1000(tester) groups=1000(tester)\n"

    let runtime: Runtime
    let ctr: Ctr

    init(runtime: Runtime) throws {
        self.runtime = runtime
        let executable = try #require(ContainerdEnvironment.ctrPath, "no ctr in PATH")
        ctr = Ctr(
            executable: executable, address: ContainerdEnvironment.address,
            namespace: ContainerdEnvironment.namespace, timeout: runtime.timeout)
    }

    /// A container id of ours: unique, and recognisable by the leftover checks (`kata-test-` prefix).
    func containerID(_ scenario: String) -> String {
        let slug = scenario.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }
        return "kata-test-\(runtime.tag)-\(String(slug))-\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// `ctr run --runtime RUNTIME OPTIONS IMAGE ID COMMAND`.
    func runArguments(_ options: [String], _ id: String, _ command: [String]) -> [String] {
        ["run", "--runtime", runtime.rawValue] + runtime.runOptions + options + [ContainerdEnvironment.image, id]
            + command
    }

    /// Runs `body`, then removes the containers whatever happened, and checks they are gone.
    func withContainers<T>(_ ids: [String], _ body: () async throws -> T) async throws -> T {
        let result: T
        do {
            result = try await body()
        } catch {
            for id in ids { await remove(id) }
            throw error
        }
        for id in ids { await remove(id) }
        let listed = try await ctr.run(["container", "ls", "-q"]).stdout.split(separator: "\n").map(String.init)
        for id in ids { #expect(!listed.contains(id), "container \(id) is still listed after its removal") }
        return result
    }

    /// Kills and deletes the task and deletes the container; every step may find nothing to do.
    func remove(_ id: String) async {
        let tasks = (try? await ctr.run(["task", "ls", "-q"]).stdout) ?? ""
        if tasks.split(separator: "\n").contains(Substring(id)) {
            _ = try? await ctr.run(["task", "kill", "-s", "SIGKILL", id])
            _ = try? await ctr.run(["task", "delete", "-f", id])
        }
        let containers = (try? await ctr.run(["container", "ls", "-q"]).stdout) ?? ""
        if containers.split(separator: "\n").contains(Substring(id)) {
            _ = try? await ctr.run(["container", "delete", id])
        }
    }

    /// The STATUS column `ctr task ls` shows for `id`, or `nil` when it lists no such task.
    func taskStatus(_ id: String) async throws -> String? {
        let output = try await ctr.run(["task", "ls"])
        try #require(output.status == 0, "\(output)")
        for line in output.stdout.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if fields.count >= 3, fields[0] == id { return String(fields[2]) }
        }
        return nil
    }

    /// Polls `ctr task ls` until `id` shows `status`, within the runtime's timeout.
    func waitForStatus(_ id: String, _ status: String) async throws {
        let deadline = ContinuousClock.now + runtime.timeout
        var last: String?
        while ContinuousClock.now < deadline {
            last = try await taskStatus(id)
            if last == status { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("task \(id) did not reach \(status) within \(runtime.timeout); last status \(last ?? "none")")
    }

    /// Runs `attempt(1)`; for runc only, runs `attempt(2)` when stdout came back cut short of
    /// `expected` and records a warning. containerd 1.6 with the runc shim can drop the output of a
    /// process that exits right after printing when the host is loaded (concourse/concourse#6775).
    /// Kata gets no second attempt: its shim must flush output before Wait returns (spec §E.6).
    func retryingLostOutput(
        expected: String, _ attempt: (Int) async throws -> Ctr.Output
    ) async throws -> Ctr.Output {
        let first = try await attempt(1)
        let stdout = first.stdout.replacingOccurrences(of: "\r", with: "")
        guard runtime == .runc, stdout != expected, expected.hasPrefix(stdout) else { return first }
        Issue.record("output cut short (known runc shim race), retrying once: \(first)", severity: .warning)
        return try await attempt(2)
    }

    /// `ctr task exec --exec-id EXEC ID COMMAND`, with runc's lost-output retry under a fresh exec id.
    func exec(
        _ id: String, _ execID: String, _ command: [String], options: [String] = [], expecting: String
    ) async throws -> Ctr.Output {
        try await retryingLostOutput(expected: expecting) { attempt in
            let execID = attempt == 1 ? execID : "\(execID)-\(attempt)"
            return try await ctr.run(["task", "exec", "--exec-id", execID] + options + [id] + command)
        }
    }

    func foreground(_ scenario: ForegroundScenario) async throws {
        let output = try await retryingLostOutput(expected: scenario.stdout) { _ in
            try await foregroundAttempt(scenario)
        }
        let stdout = scenario.tty ? output.stdout.replacingOccurrences(of: "\r", with: "") : output.stdout
        #expect(output.status == scenario.status, "\(output)")
        #expect(stdout == scenario.stdout, "\(output)")
        if let line = scenario.stderrContains {
            #expect(output.stderr.contains(line), "\(output)")
        }
    }

    private func foregroundAttempt(_ scenario: ForegroundScenario) async throws -> Ctr.Output {
        let id = containerID(scenario.name)
        let host = FileManager.default.temporaryDirectory.appendingPathComponent("\(id)-host")
        try FileManager.default.createDirectory(at: host, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: host) }
        try Data(ForegroundScenario.hostGreeting.utf8).write(to: host.appendingPathComponent("greeting"))
        let options = scenario.options.map { $0.replacingOccurrences(of: "{HOST}", with: host.path) }

        return try await withContainers([id]) {
            let running = try ctr.start(
                runArguments(["--rm"] + options, id, scenario.command), stdin: scenario.stdin != nil,
                tty: scenario.tty)
            if let stdin = scenario.stdin {
                try await waitForStatus(id, "RUNNING")
                try running.writeStdin(stdin)
            }
            return try await running.wait()
        }
    }

    /// `ctr run -d`, then exec, ps, metrics, pause/resume, SIGTERM, and delete, each checked.
    func detachedLifecycle() async throws {
        let id = containerID("detached")
        try await withContainers([id]) {
            // PID 1 ignores signals it has no handler for, so the init process traps SIGTERM and
            // reports it through a distinct exit status.
            let started = try await ctr.run(
                runArguments(["-d"], id, ["sh", "-c", "trap 'exit 42' TERM; sleep 300 & wait $!"]))
            try #require(started.status == 0, "\(started)")
            #expect(try await taskStatus(id) == "RUNNING")

            let hi = try await exec(id, "e1", ["echo", "hi"], expecting: "hi\n")
            #expect(hi.status == 0 && hi.stdout == "hi\n", "\(hi)")
            let user = try await exec(id, "e2", ["id"], options: ["--user", "1000:1000"], expecting: Self.testerID)
            #expect(user.stdout == Self.testerID, "\(user)")
            let cwd = try await exec(id, "e3", ["pwd"], options: ["--cwd", "/tmp"], expecting: "/tmp\n")
            #expect(cwd.stdout == "/tmp\n", "\(cwd)")
            let failing = try await ctr.run(["task", "exec", "--exec-id", "e4", id, "sh", "-c", "exit 7"])
            #expect(failing.status == 7, "\(failing)")

            let ps = try await ctr.run(["task", "ps", id])
            let pids = ps.stdout.split(separator: "\n").dropFirst().compactMap { $0.split(separator: " ").first }
            #expect(ps.status == 0 && ps.stdout.hasPrefix("PID"), "\(ps)")
            #expect(!pids.isEmpty && pids.allSatisfy { Int($0) != nil }, "\(ps)")

            let metrics = try await ctr.run(["task", "metrics", id])
            #expect(metrics.status == 0, "\(metrics)")
            let lines = metrics.stdout.split(separator: "\n")
            #expect(lines.first?.hasPrefix("ID") == true && lines.contains { $0.hasPrefix(id) }, "\(metrics)")
            let metricRows = lines.drop { !$0.hasPrefix("METRIC") }.dropFirst()
            #expect(!metricRows.isEmpty, "no metric rows: \(metrics)")

            let pause = try await ctr.run(["task", "pause", id])
            #expect(pause.status == 0, "\(pause)")
            #expect(try await taskStatus(id) == "PAUSED")
            let resume = try await ctr.run(["task", "resume", id])
            #expect(resume.status == 0, "\(resume)")
            #expect(try await taskStatus(id) == "RUNNING")
            let afterResume = try await exec(id, "e5", ["echo", "resumed"], expecting: "resumed\n")
            #expect(afterResume.stdout == "resumed\n", "\(afterResume)")

            let kill = try await ctr.run(["task", "kill", "-s", "SIGTERM", id])
            #expect(kill.status == 0, "\(kill)")
            try await waitForStatus(id, "STOPPED")
            // ctr task delete exits 0 and reports a non-zero exit status as a warning.
            let delete = try await ctr.run(["task", "delete", id])
            #expect(delete.status == 0 && delete.stderr.contains("exit code 42"), "\(delete)")
            #expect(try await taskStatus(id) == nil)
            let container = try await ctr.run(["container", "delete", id])
            #expect(container.status == 0, "\(container)")
        }
    }

    /// SIGTERM to a foreground `ctr run` reaches the task, which traps it.
    func foregroundSignal() async throws {
        let id = containerID("signal")
        let output = try await withContainers([id]) {
            let command = ["sh", "-c", "trap 'echo terminated; exit 42' TERM; echo ready; sleep 300 & wait $!"]
            let running = try ctr.start(runArguments(["--rm"], id, command))
            try await running.waitForOutput("ready\n")
            // ctr starts the task before it installs its signal forwarding; a signal in between
            // would kill ctr itself.
            try await Task.sleep(for: .seconds(1))
            running.signal(SIGTERM)
            return try await running.wait()
        }
        #expect(output.status == 42, "\(output)")
        if runtime == .runc, output.stdout == "ready\n" {
            // The trap prints and exits at once: the race retryingLostOutput describes, which a rerun
            // cannot dodge here without racing ctr's signal set-up again.
            Issue.record("output cut short (known runc shim race): \(output)", severity: .warning)
        } else {
            #expect(output.stdout == "ready\nterminated\n", "\(output)")
        }
    }

    /// `ctr task kill -s SIGKILL` from outside ends a foreground `ctr run` with 128 + 9.
    func foregroundKilled() async throws {
        let id = containerID("sigkill")
        let output = try await withContainers([id]) {
            let running = try ctr.start(runArguments(["--rm"], id, ["sh", "-c", "echo ready; exec sleep 300"]))
            try await running.waitForOutput("ready\n")
            let kill = try await ctr.run(["task", "kill", "-s", "SIGKILL", id])
            #expect(kill.status == 0, "\(kill)")
            return try await running.wait()
        }
        #expect(output.status == 137 && output.stdout == "ready\n", "\(output)")
    }

    /// Three detached containers at once, each answering its own exec.
    func concurrentContainers() async throws {
        let ids = (1...3).map { containerID("concurrent-\($0)") }
        try await withContainers(ids) {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (index, id) in ids.enumerated() {
                    group.addTask {
                        let started = try await ctr.run(runArguments(["-d"], id, ["sleep", "300"]))
                        try #require(started.status == 0, "\(started)")
                        let exec = try await exec(id, "e1", ["echo", "hi \(index)"], expecting: "hi \(index)\n")
                        #expect(exec.status == 0 && exec.stdout == "hi \(index)\n", "\(exec)")
                    }
                }
                try await group.waitForAll()
            }
            let listed = try await ctr.run(["task", "ls", "-q"]).stdout.split(separator: "\n").map(String.init)
            #expect(Set(ids).isSubset(of: Set(listed)), "task ls: \(listed)")
            for id in ids {
                let kill = try await ctr.run(["task", "kill", "-s", "SIGKILL", id])
                #expect(kill.status == 0, "\(kill)")
            }
            for id in ids {
                try await waitForStatus(id, "STOPPED")
                let delete = try await ctr.run(["task", "delete", id])
                #expect(delete.status == 0 && delete.stderr.contains("exit code 137"), "\(delete)")
            }
        }
    }
}
