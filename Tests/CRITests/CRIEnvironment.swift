// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// Where the test containerd's CRI plugin is and what it holds (scripts/containerd.sh sets it up).
enum CRIEnvironment {
    /// The busybox test image, as CRI names it in the namespace k8s.io.
    static let image = "localhost/kata-test/busybox:latest"
    static let addressVariable = "KATA_TEST_CONTAINERD_ADDRESS"
    static let address =
        ProcessInfo.processInfo.environment[addressVariable] ?? "/run/kata-test-containerd/containerd.sock"
    /// The CNI network containerd.sh configures: its bridge and host-local's reservations.
    static let bridge = "kata-test-cni0"
    static let subnetPrefix = "10.234."
    /// The parent of the suite's pod log directories.
    static let logRoot = "/var/log/kata-test-cri"
    /// The cgroup parent of the suite's pods (under every controller), removed by containerd.sh stop.
    static let cgroupParent = "/kata-test-cri"

    /// Why the suite cannot run, or `nil` when it can. When test.sh set the address, containerd is
    /// meant to be there with CRI: the suite runs, and fails loudly if it is not.
    static let unavailableReason: String? = {
        guard getuid() == 0 else { return "CRI pods need root (CNI, mounts, cgroups)" }
        guard let ctr = which("ctr") else { return "no ctr in PATH (scripts/deps.sh containerd installs it)" }
        if ProcessInfo.processInfo.environment[addressVariable] != nil { return nil }
        guard FileManager.default.fileExists(atPath: address) else {
            return "no containerd socket at \(address) (run scripts/containerd.sh start, or set \(addressVariable))"
        }
        let plugins = Host.run(ctr, ["--address", address, "--timeout", "3s", "plugins", "ls"])
        guard plugins.status == 0 else {
            return "no containerd answers on \(address) (run scripts/containerd.sh start)"
        }
        let cri = plugins.stdout.split(separator: "\n").first {
            $0.contains("io.containerd.grpc.v1") && $0.contains(" cri ")
        }
        guard let cri, cri.hasSuffix("ok") else {
            return "containerd on \(address) has no working CRI plugin (restart it with scripts/containerd.sh)"
        }
        return nil
    }()

    /// Why the kata handler's runs are skipped, or `nil` when they run.
    static let kataUnavailableReason: String? =
        unavailableReason ?? (which("containerd-shim-kata-v2") == nil ? "containerd-shim-kata-v2 is not in PATH" : nil)

    /// The first executable called `name` in PATH.
    static func which(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

/// Runs host programs for the suite's checks from outside the pod.
enum Host {
    struct Output: CustomStringConvertible {
        var status: Int32
        var stdout: String
        var description: String { "exit \(status), stdout \(stdout.debugDescription)" }
    }

    /// Runs `path` to completion (killed after `timeout`); its output goes through a file, since a
    /// pipe's reader would have to run concurrently with the wait.
    static func run(_ path: String, _ arguments: [String], timeout: Duration = .seconds(20)) -> Output {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("cri-host-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: output) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard let handle = try? FileHandle(forWritingTo: output) else { return Output(status: -1, stdout: "") }
        process.standardOutput = handle
        guard (try? process.run()) != nil else { return Output(status: -1, stdout: "could not run \(path)") }
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline { usleep(5000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        try? handle.close()
        return Output(
            status: process.terminationStatus, stdout: (try? String(contentsOf: output, encoding: .utf8)) ?? "")
    }

    /// Every process whose command line contains `text`, as "pid: command line" lines.
    static func processes(mentioning text: String) -> [String] {
        let ownPID = getpid()
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { entry -> String? in
            guard let pid = Int32(entry), pid != ownPID,
                let data = FileManager.default.contents(atPath: "/proc/\(entry)/cmdline"), !data.isEmpty
            else { return nil }
            let line = String(decoding: data.map { $0 == 0 ? 0x20 : $0 }, as: UTF8.self)
            return line.contains(text) ? "\(pid): \(line)" : nil
        }
    }

    /// The process's executable name (`/proc/PID/comm`).
    static func command(of line: String) -> String {
        guard let pid = line.split(separator: ":").first else { return "" }
        return (try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
    }
}
