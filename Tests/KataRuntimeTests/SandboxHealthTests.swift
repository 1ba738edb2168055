// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataConfig
import KataError
import KataRuntime
import KataTestSupport
import Testing

/// The periodic Health.Check of a running VM's agent, and `keep_abnormal`.
@Suite(
    .serialized, .timeLimit(.minutes(3)),
    .enabled(if: SandboxHarness.canMount, "needs root: the sandbox bind-mounts its shared tree"))
struct SandboxHealthTests {
    static let c1 = ProcessKey(containerID: "c1")

    @Test func anAgentThatStopsAnsweringHasItsVMStoppedAndItsContainersDeletable() async throws {
        try await SandboxLifecycleTests.withHarness(healthCheckInterval: .milliseconds(10)) { h in
            h.agent.fail(.check, with: KataError(.deadlineExceeded, "Check timed out"))
            try await h.run("c1")
            // No deadline here: an exit that never comes hits the suite's time limit.
            #expect(try await h.sandbox.exitLatch(Self.c1).wait().code == ExitStatus.unknownCode)
            #expect(h.hypervisor.machines.last?.log.contains("kill") == true, "QEMU must be killed")
            let deleted = try await h.sandbox.delete(Self.c1)
            #expect(deleted.exit.code == ExitStatus.unknownCode)
        }
    }

    @Test func keepAbnormalKeepsTheVMAndGoesOnChecking() async throws {
        let keep: @Sendable (inout KataConfiguration) -> Void = { $0.runtime.keepAbnormal = true }
        try await SandboxLifecycleTests.withHarness(adjust: keep, healthCheckInterval: .milliseconds(10)) { h in
            h.agent.fail(.check, with: KataError(.deadlineExceeded, "Check timed out"), times: 2)
            try await h.run("c1")
            // The checks after the failures show they were handled (the loop is sequential).
            while h.agent.checks < 4 { try await Task.sleep(for: .milliseconds(10)) }
            #expect(h.hypervisor.machines.last?.log.contains("kill") == false)
            guard case .running = try await h.sandbox.snapshot(Self.c1).state else {
                Issue.record("c1 must keep running under keep_abnormal")
                return
            }
            h.agent.exit(Self.c1, code: 0)
            #expect(try await h.sandbox.exitLatch(Self.c1).wait().code == 0)
            _ = try await h.sandbox.delete(Self.c1)
        }
    }

    @Test func noCheckWithoutAnInterval() async throws {
        try await SandboxLifecycleTests.withHarness { h in
            try await h.run("c1")
            h.agent.exit(Self.c1, code: 0)
            _ = try await h.sandbox.exitLatch(Self.c1).wait()
            #expect(h.agent.checks == 0)
            _ = try await h.sandbox.delete(Self.c1)
        }
    }
}
