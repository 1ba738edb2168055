// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import AgentAPI
import Foundation
import Logging
import NIOPosix
import TTRPC
import Testing
import VMHarness

/// The agent binary from this build, run on the host as a service in a private mount namespace, so
/// the container scenarios run in seconds rather than a VM boot. The guest tests run the same
/// scenarios in the VM (where the root is an initramfs and pivot_root gives way to a root move).
private let hostAgent = HostAgent.requirements()

@Suite(
    "agent creates containers on the host",
    .serialized,
    .enabled(if: hostAgent.agent != nil, Comment(rawValue: hostAgent.reason))
)
struct HostAgentTests {
    @Test func containerScenarios() async throws {
        let agentPath = try #require(hostAgent.agent)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kata-host-agent-\(getpid())")
        try? FileManager.default.removeItem(at: directory)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let rootfs = directory.appendingPathComponent("rootfs").path
        try BusyboxRootfs.build(at: rootfs)

        let socket = directory.appendingPathComponent("agent.sock").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/unshare")
        // A tmpfs on /run/kata-containers in the agent's own mount namespace: what the agent makes
        // there (the sandbox's namespace files, container state) neither stays on the host nor
        // meets another run's.
        process.arguments = [
            "--mount", "--propagation", "private", "/bin/sh", "-c",
            "mkdir -p /run/kata-containers && mount -t tmpfs kata-host-agent /run/kata-containers && exec \"$0\"",
            agentPath,
        ]
        process.environment = ["KATA_AGENT_SERVER_ADDR": "unix://\(socket)", "KATA_AGENT_LOG_LEVEL": "warn"]
        let log = Pipe()
        process.standardError = log
        process.standardOutput = log
        try process.run()

        var logger = Logger(label: "host-agent-tests")
        logger.logLevel = .error
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        func stop() async {
            if process.isRunning { process.terminate() }
            for _ in 0..<200 where process.isRunning { try? await Task.sleep(for: .milliseconds(25)) }
            try? await group.shutdownGracefully()
        }
        var client: TTRPCClient?
        for _ in 0..<200 where client == nil {
            client = try? await TTRPCClient.connect(unixSocketPath: socket, group: group, logger: logger)
            if client == nil { try await Task.sleep(for: .milliseconds(25)) }
        }
        guard let connected = client else {
            await stop()
            Issue.record("the agent never listened on \(socket)")
            return
        }
        let agent = Grpc_AgentServiceClient(client: connected)
        do {
            _ = try await agent.createSandbox(
                .with {
                    $0.sandboxID = "host-sandbox"
                    $0.hostname = "scenario"
                })
            try await AgentScenarios(agent: agent, rootfs: rootfs).runAll()
        } catch {
            await connected.close()
            await stop()
            let output = String(decoding: log.fileHandleForReading.availableData, as: UTF8.self)
            Issue.record("agent log:\n\(output.suffix(4000))")
            throw error
        }
        _ = try? await agent.destroySandbox(Grpc_DestroySandboxRequest())
        await connected.close()
        await stop()
        // The agent removes each container's cgroup but, like runc, not the parents its
        // cgroupsPath named; on the host those would outlive the test.
        let hierarchies = (try? FileManager.default.contentsOfDirectory(atPath: "/sys/fs/cgroup")) ?? []
        for hierarchy in hierarchies {
            let parent = "/sys/fs/cgroup/\(hierarchy)/kata-scenario"
            if FileManager.default.fileExists(atPath: parent) { rmdir(parent) }
        }
    }
}

enum HostAgent {
    /// The agent binary next to the test bundle, when this host can run it: root, unshare, busybox.
    static func requirements() -> (agent: String?, reason: String) {
        let build = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent(".build/debug/kata-agent").path
        let agent = ProcessInfo.processInfo.environment["KATA_TEST_AGENT"] ?? build
        if getuid() != 0 { return (nil, "needs root to create namespaces and mounts") }
        if !FileManager.default.isExecutableFile(atPath: agent) { return (nil, "no agent binary at \(agent)") }
        if !FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare") { return (nil, "no /usr/bin/unshare") }
        if !FileManager.default.isExecutableFile(atPath: BusyboxRootfs.busybox) {
            return (nil, "no \(BusyboxRootfs.busybox) (apt-get install busybox-static)")
        }
        return (agent, "")
    }
}
