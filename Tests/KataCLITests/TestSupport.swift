// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Foundation
import KataConfig
import KataLinux
import Synchronization

@testable import KataCLI

/// Collects what a command writes.
final class TextBuffer: TextSink, Sendable {
    private let storage = Mutex("")

    func write(_ text: String) {
        storage.withLock { $0 += text }
    }

    var text: String {
        storage.withLock { $0 }
    }
}

/// Answers commands from a table; anything else fails as a missing program would.
struct ScriptedRunner: CommandRunner {
    var answers: [[String]: CommandOutput] = [:]
    let calls = CallLog()

    func run(_ arguments: [String]) -> CommandOutput {
        calls.append(arguments)
        if let answer = answers[arguments] { return answer }
        let program = arguments.first ?? ""
        return CommandOutput(
            status: nil, output: "", failure: "exec: \"\(program)\": executable file not found in $PATH")
    }
}

/// The commands a ``ScriptedRunner`` was asked to run.
final class CallLog: Sendable {
    private let storage = Mutex<[[String]]>([])

    func append(_ call: [String]) {
        storage.withLock { $0.append(call) }
    }

    var calls: [[String]] {
        storage.withLock { $0 }
    }
}

/// A KVM device with a fixed answer.
struct FakeKVM: KVMDevice {
    var failure: KVM.ProbeError?

    func probeCreateVM(devicePath: String) throws(KVM.ProbeError) {
        if let failure { throw failure }
    }
}

/// A shim-monitor with a fixed answer.
struct FakeShimMonitor: ShimMonitorTransport {
    var answer: Result<ShimMonitorResponse, ShimMonitorError>

    func get(socketPath: String, path: String) throws(ShimMonitorError) -> ShimMonitorResponse {
        try answer.get()
    }
}

/// Records the console targets `exec` attaches to.
struct RecordingConsole: DebugConsole {
    let targets = TargetLog()
    var failure: CLIError?

    func attach(_ target: AgentURL) throws(CLIError) {
        targets.append(target)
        if let failure { throw failure }
    }
}

/// The targets a ``RecordingConsole`` saw.
final class TargetLog: Sendable {
    private let storage = Mutex<[AgentURL]>([])

    func append(_ target: AgentURL) {
        storage.withLock { $0.append(target) }
    }

    var targets: [AgentURL] {
        storage.withLock { $0 }
    }
}

/// A host file tree in a fresh temporary directory.
final class FixtureTree: Sendable {
    let root: String

    init(files: [String: String], directories: [String] = []) throws {
        root = NSTemporaryDirectory() + "kata-cli-fixture-" + UUID().uuidString
        let manager = FileManager.default
        for directory in directories {
            try manager.createDirectory(atPath: root + directory, withIntermediateDirectories: true)
        }
        for (path, contents) in files {
            let url = URL(fileURLWithPath: root + path)
            try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(contents.utf8).write(to: url)
        }
    }

    deinit {
        try? FileManager.default.removeItem(atPath: root)
    }

    func host(uid: UInt32, cpus: Int = 4) -> RootedHostFacts {
        RootedHostFacts(root: root, effectiveUserID: uid, cpuCount: cpus)
    }
}

/// What one run of the program left behind.
struct RunResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

/// Runs the program over a fixture host with a deterministic clock and pid.
func runCLI(
    _ arguments: [String], host: any HostFacts, runner: ScriptedRunner = ScriptedRunner(), kvm: FakeKVM = FakeKVM(),
    shimMonitor: FakeShimMonitor = FakeShimMonitor(answer: .failure(.noSocket)),
    console: RecordingConsole = RecordingConsole(),
    configuration: KataConfiguration = KataConfiguration(), environment: [String: String] = [:],
    loader: ConfigurationLoading? = nil
) -> RunResult {
    let stdout = TextBuffer()
    let stderr = TextBuffer()
    let fixed = LoadedSettings(configuration: configuration, mainFile: "/etc/kata-containers/configuration.toml")
    let dependencies = CLIDependencies(
        host: host, runner: runner, kvm: kvm, shimMonitor: shimMonitor, debugConsole: console,
        loadConfiguration: loader ?? { _, _ in fixed },
        defaultConfigPaths: [
            "/etc/kata-containers/configuration.toml", "/usr/share/defaults/kata-containers/configuration.toml",
        ],
        environment: environment, clock: { "2026-01-01T00:00:00Z" }, processID: 42,
        executablePath: "/usr/bin/kata-runtime", standardOutput: stdout, standardError: stderr)
    let status = KataRuntimeCLI(dependencies: dependencies).run(arguments)
    return RunResult(status: status, stdout: stdout.text, stderr: stderr.text)
}
