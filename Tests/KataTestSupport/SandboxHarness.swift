// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Foundation
package import KataConfig
package import KataError
package import KataRuntime
import Logging

/// A sandbox on fakes: no VM, no agent, no FIFOs; real directories, state file and share mounts
/// (the share mounts need root), under a fresh temporary root for the VM and state directories.
package struct SandboxHarness: Sendable {
    /// The sandbox under test.
    package let sandbox: Sandbox
    /// Its id.
    package let sandboxID: String
    /// The hypervisor it boots with.
    package let hypervisor: FakeHypervisor
    /// Its agent connector (``FakeAgentConnector/agent`` is the current VM's agent).
    package let connector: FakeAgentConnector
    /// The host cgroups it made and joined.
    package let hostCgroups: FakeHostCgroups
    /// The client stdio of every process (unless `make` got another connector).
    package let stdio: MemoryStdio
    /// Every event it published (unless `make` got another sink).
    package let events: RecordingEvents
    /// The temporary root: `vm/`, `state/`, guest assets and bundles.
    package let root: String
    /// The VM paths of the sandbox.
    package let paths: VMPaths

    /// The agent of the current VM.
    package var agent: FakeAgent { connector.agent }

    /// Whether this process may make the share mounts the sandbox needs.
    package static var canMount: Bool { getuid() == 0 }

    /// A sandbox whose configuration is the defaults with empty guest assets in its root, TCG,
    /// changed by `adjust`.
    /// - Parameters:
    ///   - adjust: changes to the configuration.
    ///   - configureError: makes loading the configuration fail with this error.
    ///   - stdio: the client stdio to use instead of ``stdio`` (the shim's FIFOs).
    ///   - events: where events go instead of ``events`` (the shim's publisher).
    ///   - oomEventGrace: how long a 137 waits for its OOM event.
    ///   - healthCheckInterval: how often the agent is asked Health.Check; nil never.
    /// - Returns: the harness.
    /// - Throws: when the temporary root cannot be made.
    package static func make(
        adjust: @Sendable (inout KataConfiguration) -> Void = { _ in }, configureError: KataError? = nil,
        stdio: (any ProcessIOConnector)? = nil, events: (any TaskEventSink)? = nil,
        oomEventGrace: Duration = .seconds(1), healthCheckInterval: Duration? = nil
    ) throws -> SandboxHarness {
        let sandboxID = "rt-unit-" + UUID().uuidString.prefix(8).lowercased()
        let root = NSTemporaryDirectory() + "kata-rt-unit-" + UUID().uuidString.prefix(8).lowercased()
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        var configuration = KataConfiguration()
        func asset(_ name: String) -> String {
            let path = "\(root)/\(name)"
            _ = FileManager.default.createFile(atPath: path, contents: Data())
            return path
        }
        configuration.hypervisor.path = asset("qemu")
        configuration.hypervisor.kernel = asset("vmlinuz")
        configuration.hypervisor.initrd = asset("initrd")
        configuration.hypervisor.accelerator = .tcg
        adjust(&configuration)
        let loaded = LoadedConfiguration(
            configuration: configuration, mainFile: "/test/configuration.toml", dropIns: [], warnings: [])
        let hypervisor = FakeHypervisor()
        let connector = FakeAgentConnector()
        let memory = MemoryStdio()
        let recorded = RecordingEvents()
        let hostCgroups = FakeHostCgroups()
        var environment = SandboxEnvironment(
            hypervisor: hypervisor, agentConnector: connector, hostCgroups: hostCgroups,
            facts: VirtualizationFacts(cpuFlags: [], hasDevKVM: false), vmRoot: root + "/vm", stateRoot: root + "/state"
        )
        environment.oomEventGrace = oomEventGrace
        environment.healthCheckInterval = healthCheckInterval
        var logger = Logger(label: "sandbox-unit")
        logger.logLevel = ProcessInfo.processInfo.environment["KATA_TEST_LOG"] == nil ? .critical : .debug
        let sandbox = Sandbox(
            sandboxID: sandboxID, environment: environment,
            configure: { _ throws(KataError) in
                if let configureError { throw configureError }
                return loaded
            },
            stdio: stdio ?? memory, events: events ?? recorded, logger: logger)
        return SandboxHarness(
            sandbox: sandbox, sandboxID: sandboxID, hypervisor: hypervisor, connector: connector,
            hostCgroups: hostCgroups, stdio: memory,
            events: recorded, root: root,
            paths: VMPaths(sandboxID: sandboxID, vmRoot: root + "/vm", stateRoot: root + "/state"))
    }

    /// A bundle in the root: busybox's config.json running `args`, and an empty rootfs directory
    /// (the fake agent runs nothing).
    /// - Parameters:
    ///   - name: the bundle's directory name.
    ///   - args: the process's arguments.
    /// - Returns: the bundle path.
    /// - Throws: file-system errors.
    package func bundle(_ name: String, args: [String] = ["sh"]) throws -> String {
        let directory = "\(root)/bundles/\(name)"
        try FileManager.default.createDirectory(atPath: directory + "/rootfs", withIntermediateDirectories: true)
        var json = try JSONSerialization.jsonObject(with: Data(busyboxConfigJSON.utf8)) as? [String: Any] ?? [:]
        var process = json["process"] as? [String: Any] ?? [:]
        process["args"] = args
        json["process"] = process
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: directory + "/config.json"))
        return directory
    }

    /// Create's request for container `id` with a fresh bundle.
    /// - Parameters:
    ///   - id: the container.
    ///   - terminal: whether it asks for a terminal.
    /// - Returns: the request.
    /// - Throws: file-system errors.
    package func creation(_ id: String, terminal: Bool = false) throws -> ContainerCreation {
        ContainerCreation(
            id: id, bundle: try bundle(id), rootfs: [],
            stdio: ProcessStdio(
                stdin: "", stdout: "/fifo/\(id)-out", stderr: terminal ? "" : "/fifo/\(id)-err",
                terminal: terminal),
            configPath: nil)
    }

    /// Creates and starts container `id`.
    /// - Returns: the pid Start reported.
    @discardableResult
    package func run(_ id: String) async throws -> UInt32 {
        _ = try await sandbox.create(try creation(id))
        return try await sandbox.start(ProcessKey(containerID: id))
    }

    /// What is left of the sandbox on the host: its VM and state directories and its shared tree.
    package var leftovers: [String] {
        [paths.vmDirectory, paths.stateDirectory, "/run/kata-containers/shared/sandboxes/\(sandboxID)"].filter {
            FileManager.default.fileExists(atPath: $0)
        }
    }

    /// Mounts under the sandbox's shared tree.
    package var mounts: [String] {
        MountTableSnapshot.lines().filter { $0.contains("/sandboxes/\(sandboxID)") }
    }

    /// Shuts the sandbox down and removes the root.
    package func tearDown() async {
        await sandbox.shutdown()
        try? FileManager.default.removeItem(atPath: root)
    }
}
