// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Testing

/// What only a VM runtime has: pods whose containers share one VM, a shim that dies with its VM
/// running, and a configuration that names a file that is not there.
extension ContainerdScenarios {
    /// The sandbox container and a member, grouped by CRI's annotations, run in one VM: one shim,
    /// one QEMU, one guest boot id; deleting the member leaves the sandbox running.
    func podMembersShareOneVM() async throws {
        let sandbox = containerID("pod-sandbox")
        let member = containerID("pod-member")
        try await withContainers([member, sandbox]) {
            let pod = [
                "--annotation", "io.kubernetes.cri.sandbox-id=\(sandbox)",
            ]
            let first = try await ctr.run(
                runArguments(
                    ["-d", "--annotation", "io.kubernetes.cri.container-type=sandbox"] + pod, sandbox,
                    ["sleep", "300"]))
            try #require(first.status == 0, "\(first)")
            let second = try await ctr.run(
                runArguments(
                    ["-d", "--annotation", "io.kubernetes.cri.container-type=container"] + pod, member,
                    ["sleep", "300"]))
            try #require(second.status == 0, "\(second)")

            let bootID = "/proc/sys/kernel/random/boot_id"
            let inSandbox = try await ctr.run(["task", "exec", "--exec-id", "b1", sandbox, "cat", bootID])
            let inMember = try await ctr.run(["task", "exec", "--exec-id", "b2", member, "cat", bootID])
            #expect(inSandbox.status == 0 && inSandbox.stdout.count == 37, "\(inSandbox)")
            #expect(inMember.stdout == inSandbox.stdout, "the member must run in the sandbox's VM: \(inMember)")
            #expect(try await shims(naming: member).isEmpty, "the member must not get a shim of its own")
            let shim = try await shims(naming: sandbox)
            #expect(shim.count == 1, "one shim serves the pod")
            // sandbox_cgroup_only = false (shipped): the shim, and QEMU and virtiofsd it started,
            // run in the overhead cgroup; the sandbox cgroup sits beside the container's.
            let overhead = "/kata_overhead/\(sandbox)"
            let qemu = try await Ctr.capture("/usr/bin/pgrep", ["-f", "qemu-system.*\(sandbox)"])
            for pid in shim.map(String.init) + qemu.split(separator: "\n").map(String.init) {
                let cgroups = (try? String(contentsOfFile: "/proc/\(pid)/cgroup", encoding: .utf8)) ?? ""
                #expect(cgroups.contains(":\(overhead)\n"), "process \(pid) must be in \(overhead): \(cgroups)")
            }
            #expect(!qemu.isEmpty, "the pod's QEMU runs")
            let sandboxCgroup = Self.cgroupDirectory("/\(ContainerdEnvironment.namespace)/kata_\(sandbox)")
            #expect(FileManager.default.fileExists(atPath: sandboxCgroup), "\(sandboxCgroup) exists")
            // On cgroup v1 QEMU's vCPU thread alone moves into it (v2 keeps a process's threads together).
            if sandboxCgroup.hasPrefix("/sys/fs/cgroup/memory/"), let qemuPID = qemu.split(separator: "\n").first {
                let tasks = (try? String(contentsOfFile: sandboxCgroup + "/tasks", encoding: .utf8)) ?? ""
                let threads = tasks.split(separator: "\n")
                #expect(!threads.isEmpty, "the vCPU thread is in \(sandboxCgroup)")
                for thread in threads {
                    #expect(
                        FileManager.default.fileExists(atPath: "/proc/\(qemuPID)/task/\(thread)"),
                        "thread \(thread) in \(sandboxCgroup) is QEMU's")
                }
            }

            _ = try await ctr.run(["task", "kill", "-s", "SIGKILL", member])
            try await waitForStatus(member, "STOPPED")
            _ = try await ctr.run(["task", "delete", member])
            let still = try await ctr.run(["task", "exec", "--exec-id", "b3", sandbox, "echo", "still here"])
            #expect(still.stdout == "still here\n", "deleting the member must leave the pod's VM: \(still)")
        }
        try await expectNothingLeft(of: sandbox)
    }

    /// A pod member over its memory limit is OOM-killed in the guest: `ctr run` exits 137 and
    /// containerd sees `/tasks/oom` for it before its `/tasks/exit` (Kubernetes reports OOMKilled
    /// only in that order). A member, because the agent watches no sandbox container's cgroup.
    func oomKillIsReported() async throws {
        let sandbox = containerID("oom-sandbox")
        let member = containerID("oom-member")
        let events = try ctr.start(["events"])
        try await withContainers([member, sandbox]) {
            let pod = ["--annotation", "io.kubernetes.cri.sandbox-id=\(sandbox)"]
            let first = try await ctr.run(
                runArguments(
                    ["-d", "--annotation", "io.kubernetes.cri.container-type=sandbox"] + pod, sandbox,
                    ["sleep", "300"]))
            try #require(first.status == 0, "\(first)")
            // The sandbox's events prove the subscription is live before the member runs.
            try await events.waitForOutput(sandbox)
            let hog = try await ctr.run(
                runArguments(
                    ["--memory-limit", "33554432", "--annotation", "io.kubernetes.cri.container-type=container"]
                        + pod, member, ["sh", "-c", "x=a; while true; do x=$x$x; done"]))
            #expect(hog.status == 137, "the OOM killer's SIGKILL: \(hog)")
            let deadline = ContinuousClock.now + runtime.timeout
            while ContinuousClock.now < deadline, !Self.lines(events.stdoutSoFar, naming: member, topic: "/tasks/exit")
            {
                try await Task.sleep(for: .milliseconds(50))
            }
        }
        events.signal(SIGTERM)
        let seen = try await events.wait().stdout.split(separator: "\n").filter { $0.contains(member) }
        let oom = seen.firstIndex { $0.contains("/tasks/oom") }
        let exit = seen.firstIndex { $0.contains("/tasks/exit") }
        #expect(oom != nil, "no /tasks/oom for \(member); its events:\n\(seen.joined(separator: "\n"))")
        #expect(exit != nil, "no /tasks/exit for \(member); its events:\n\(seen.joined(separator: "\n"))")
        if let oom, let exit {
            #expect(oom < exit, "/tasks/oom must precede /tasks/exit:\n\(seen.joined(separator: "\n"))")
        }
        try await expectNothingLeft(of: sandbox)
    }

    /// Whether `ctr events` output has a `topic` event naming container `id`.
    static func lines(_ output: String, naming id: String, topic: String) -> Bool {
        output.split(separator: "\n").contains { $0.contains(id) && $0.contains(topic) }
    }

    /// A shim killed with SIGKILL takes its VM with it (QEMU and virtiofsd die with their parent),
    /// and containerd's clean-up through `containerd-shim-kata-v2 delete` removes the sandbox's
    /// mounts, directories and state.
    func shimCrashIsCleanedUp() async throws {
        let id = containerID("shim-crash")
        try await withContainers([id]) {
            let started = try await ctr.run(runArguments(["-d"], id, ["sleep", "300"]))
            try #require(started.status == 0, "\(started)")
            try await killShimAndDeleteTask(id)
        }
        try await expectNothingLeft(of: id)
    }

    /// SIGKILLs the shim serving `id`, waits until containerd notices the lost connection (it
    /// runs the shim's delete action and marks the task), then deletes the task.
    func killShimAndDeleteTask(_ id: String) async throws {
        let shim = try #require(try await shims(naming: id).first, "no shim process names \(id)")
        #expect(kill(shim, SIGKILL) == 0)
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline, try await taskStatus(id) == "RUNNING" {
            try await Task.sleep(for: .milliseconds(200))
        }
        _ = try await ctr.run(["task", "delete", "-f", id])
    }

    /// A configuration whose kernel does not exist fails the container with a message naming the
    /// setting and the file, and leaves nothing behind.
    func missingKernelIsNamed() async throws {
        let id = containerID("missing-kernel")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kata-test-config-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = try #require(
            ProcessInfo.processInfo.environment["KATA_TEST_RUNTIME_CONFIG"], "KATA_TEST_RUNTIME_CONFIG is not set")
        let broken = try String(contentsOfFile: source, encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false)
            .map { $0.hasPrefix("kernel = ") ? "kernel = \"/nonexistent/vmlinuz.container\"" : String($0) }
            .joined(separator: "\n")
        let config = directory.appendingPathComponent("configuration.toml").path
        try broken.write(toFile: config, atomically: true, encoding: .utf8)
        let output = try await withContainers([id]) {
            try await ctr.run(
                ["run", "--runtime", runtime.rawValue, "--runtime-config-path", config, "--rm"]
                    + [ContainerdEnvironment.image, id, "true"])
        }
        #expect(output.status != 0, "\(output)")
        #expect(output.stderr.contains("kernel"), "\(output)")
        #expect(output.stderr.contains("/nonexistent/vmlinuz.container"), "\(output)")
        #expect(output.stderr.contains(config), "the message must name the file to fix: \(output)")
        try await expectNothingLeft(of: id)
    }

    /// A host cgroup's directory: in the memory hierarchy on cgroup v1, the unified one on v2.
    static func cgroupDirectory(_ path: String) -> String {
        FileManager.default.fileExists(atPath: "/sys/fs/cgroup/memory")
            ? "/sys/fs/cgroup/memory\(path)" : "/sys/fs/cgroup\(path)"
    }

    /// The pids of the shim processes whose command line names `id`.
    func shims(naming id: String) async throws -> [Int32] {
        let output = try await Ctr.capture("/usr/bin/pgrep", ["-f", "containerd-shim-kata-v2 .*-id \(id)( |$)"])
        return output.split(separator: "\n").compactMap { Int32($0) }
    }

    /// No QEMU, virtiofsd, shim, mount, state or shared directory of sandbox `id` remains.
    func expectNothingLeft(of id: String) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        var processes = ""
        repeat {
            processes = try await Ctr.capture(
                "/usr/bin/pgrep", ["-a", "-f", "(qemu-system|virtiofsd|containerd-shim).*\(id)"])
            if processes.isEmpty { break }
            try await Task.sleep(for: .milliseconds(200))
        } while ContinuousClock.now < deadline
        #expect(processes.isEmpty, "processes of \(id) remain:\n\(processes)")
        let mounts = (try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)) ?? ""
        #expect(!mounts.contains(id), "mounts of \(id) remain")
        let cgroups = [
            Self.cgroupDirectory("/kata_overhead/\(id)"),
            Self.cgroupDirectory("/\(ContainerdEnvironment.namespace)/kata_\(id)"),
        ]
        for path in ["/run/vc/sbs/\(id)", "/run/vc/vm/\(id)", "/run/kata-containers/shared/sandboxes/\(id)"] + cgroups {
            #expect(!FileManager.default.fileExists(atPath: path), "\(path) remains")
        }
    }
}

extension Ctr {
    /// Runs another program (pgrep) to completion and returns its standard output; output goes
    /// through a file for the reason ``Ctr`` gives.
    static func capture(_ path: String, _ arguments: [String]) async throws -> String {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("capture-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: output) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.standardOutput = try FileHandle(forWritingTo: output)
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = ContinuousClock.now + .seconds(10)
        while process.isRunning, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        return (try? String(contentsOf: output, encoding: .utf8)) ?? ""
    }
}
