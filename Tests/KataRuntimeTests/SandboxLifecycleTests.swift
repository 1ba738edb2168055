// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Foundation
import KataConfig
import KataError
import KataLinux
import KataTestSupport
import Testing

@testable import KataRuntime

/// The sandbox's lifecycle rules on a fake hypervisor and a fake agent: no VM boots. The sandbox
/// still makes its real directories, state file and share mounts, so these need root.
@Suite(
    .serialized, .timeLimit(.minutes(3)),
    .enabled(if: SandboxHarness.canMount, "needs root: the sandbox bind-mounts its shared tree"))
struct SandboxLifecycleTests {
    static let c1 = ProcessKey(containerID: "c1")

    /// Runs `body` on a fresh harness and always tears it down.
    static func withHarness(
        adjust: @Sendable (inout KataConfiguration) -> Void = { _ in }, configureError: KataError? = nil,
        oomEventGrace: Duration = .seconds(1), healthCheckInterval: Duration? = nil,
        _ body: (SandboxHarness) async throws -> Void
    ) async throws {
        let harness = try SandboxHarness.make(
            adjust: adjust, configureError: configureError, oomEventGrace: oomEventGrace,
            healthCheckInterval: healthCheckInterval)
        do {
            try await body(harness)
        } catch {
            await harness.tearDown()
            throw error
        }
        await harness.tearDown()
        #expect(harness.leftovers.isEmpty, "\(harness.leftovers)")
        #expect(harness.mounts.isEmpty, "\(harness.mounts)")
    }

    /// The KataError `body` throws, failing the test when it throws nothing or something else.
    static func kataError(_ body: () async throws -> Void) async -> KataError? {
        do {
            try await body()
            Issue.record("no error thrown")
        } catch let error as KataError {
            return error
        } catch {
            Issue.record("not a KataError: \(error)")
        }
        return nil
    }

    // MARK: Create and boot

    @Test func theFirstCreateBootsOnceAndLaterOnesReuseTheVM() async throws {
        try await Self.withHarness { h in
            let pid = try await h.sandbox.create(try h.creation("c1"))
            _ = try await h.sandbox.create(try h.creation("c2"))
            #expect(h.hypervisor.bootCount == 1)
            #expect(pid == UInt32(h.hypervisor.pid), "Kata reports the hypervisor's pid")
            #expect(h.agent.rpcs == ["CreateSandbox", "GetGuestDetails", "CreateContainer", "CreateContainer"])
            #expect(h.events.topics == ["/tasks/create", "/tasks/create"])
            #expect(try await h.sandbox.snapshot(Self.c1).state.name == "created")
        }
    }

    @Test func aBadContainerIDIsRefusedBeforeAnythingStarts() async throws {
        try await Self.withHarness { h in
            var creation = try h.creation("c1")
            creation.id = "-bad-"
            let error = await Self.kataError { _ = try await h.sandbox.create(creation) }
            #expect(error?.code == .invalidArgument)
            #expect(h.hypervisor.bootCount == 0)
            #expect(await h.sandbox.isEmpty)
        }
    }

    @Test func aTakenIDIsAlreadyExists() async throws {
        try await Self.withHarness { h in
            _ = try await h.sandbox.create(try h.creation("c1"))
            let error = await Self.kataError { _ = try await h.sandbox.create(try h.creation("c1")) }
            #expect(error?.code == .alreadyExists)
        }
    }

    @Test func aMissingBundleFailsTheCreateWithoutBooting() async throws {
        try await Self.withHarness { h in
            var creation = try h.creation("c1")
            creation.bundle = h.root + "/no-such-bundle"
            let error = await Self.kataError { _ = try await h.sandbox.create(creation) }
            #expect(error?.code == .invalidArgument)
            #expect(error?.message.contains("container c1") == true)
            #expect(h.hypervisor.bootCount == 0)
            #expect(await h.sandbox.isEmpty, "a failed create leaves no container registered")
        }
    }

    @Test(arguments: [("network", "hostNetwork"), ("ipc", "hostIPC"), ("pid", "hostPID")])
    func aSpecSharingAHostNamespaceIsRefusedBeforeBooting(namespace: String, podField: String) async throws {
        try await Self.withHarness { h in
            let creation = try h.creation("c1")
            let file = URL(fileURLWithPath: creation.bundle + "/config.json")
            var json = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any] ?? [:]
            var linux = json["linux"] as? [String: Any] ?? [:]
            let namespaces = linux["namespaces"] as? [[String: String]] ?? []
            #expect(namespaces.contains { $0["type"] == namespace }, "the fixture names the \(namespace) namespace")
            linux["namespaces"] = namespaces.filter { $0["type"] != namespace }
            json["linux"] = linux
            try JSONSerialization.data(withJSONObject: json).write(to: file)
            let error = await Self.kataError { _ = try await h.sandbox.create(creation) }
            #expect(error?.code == .invalidArgument)
            let message = error?.message ?? ""
            #expect(message.contains("container c1"), "\(message)")
            #expect(message.contains("Kubernetes \(podField): true"), "\(message)")
            #expect(message.contains("cannot share the host's"), "\(message)")
            #expect(message.contains("runc RuntimeClass"), "\(message)")
            #expect(h.hypervisor.bootCount == 0)
            #expect(await h.sandbox.isEmpty, "a refused create leaves no container registered")
        }
    }

    @Test func aConfigurationErrorFailsTheCreate() async throws {
        let bad = KataError(.invalidArgument, "configuration: /etc/kata/configuration.toml:3:1: bad key")
        try await Self.withHarness(configureError: bad) { h in
            let error = await Self.kataError { _ = try await h.sandbox.create(try h.creation("c1")) }
            #expect(error?.message == bad.message)
            #expect(h.hypervisor.bootCount == 0)
        }
    }

    @Test(arguments: ["hypervisor", "shared fs daemon", "agent dial", "CreateSandbox", "GetGuestDetails"])
    func aBootFailureAtEachStepUndoesEverything(step: String) async throws {
        try await Self.withHarness { h in
            let failure = KataError(.internal, "\(step) failed")
            switch step {
            case "hypervisor": h.hypervisor.failNextBoot(.beforeStart(failure))
            case "shared fs daemon": h.hypervisor.failNextBoot(.afterDaemon(failure))
            case "agent dial": h.connector.failNextConnection(failure)
            case "CreateSandbox": h.connector.agent.fail(.createSandbox, with: failure)
            default: h.connector.agent.fail(.getGuestDetails, with: failure)
            }
            let error = await Self.kataError { _ = try await h.sandbox.create(try h.creation("c1")) }
            #expect(error?.message.hasPrefix("\(step) failed") == true, "\(String(describing: error))")
            #expect(h.leftovers.isEmpty, "the boot's directories and state are gone: \(h.leftovers)")
            #expect(h.mounts.isEmpty, "the shared tree is unmounted: \(h.mounts)")
            #expect(await h.sandbox.isEmpty)
            for machine in h.hypervisor.machines {
                #expect(machine.exit != nil, "a VM that booted was stopped")
            }
            if step == "CreateSandbox" || step == "GetGuestDetails" {
                #expect(h.agent.isClosed, "the agent connection was closed")
            }
        }
    }

    @Test func anAgentDialFailureQuotesTheGuestConsole() async throws {
        try await Self.withHarness { h in
            h.connector.failNextConnection(KataError(.deadlineExceeded, "the agent did not answer"))
            let error = await Self.kataError { _ = try await h.sandbox.create(try h.creation("c1")) }
            #expect(error?.code == .deadlineExceeded)
            #expect(error?.message.contains("fake console") == true)
        }
    }

    @Test func aBootThatFailedIsTriedAgainByTheNextCreate() async throws {
        try await Self.withHarness { h in
            h.hypervisor.failNextBoot(.beforeStart(KataError(.internal, "no QEMU")))
            _ = await Self.kataError { _ = try await h.sandbox.create(try h.creation("c1")) }
            _ = try await h.sandbox.create(try h.creation("c1"))
            #expect(h.hypervisor.bootCount == 2)
        }
    }

    @Test func aRefusedCreateContainerUndoesTheContainersMountsAndKeepsTheVM() async throws {
        try await Self.withHarness { h in
            _ = try await h.sandbox.create(try h.creation("c1"))
            #expect(h.mounts.contains { $0.contains("/mounts/c1/rootfs") })
            h.agent.fail(.createContainer, with: KataError(.invalidArgument, "bad spec"))
            let error = await Self.kataError { _ = try await h.sandbox.create(try h.creation("c2")) }
            #expect(error?.code == .invalidArgument)
            #expect(error?.message == "bad spec")
            #expect(!h.mounts.contains { $0.contains("/c2/rootfs") }, "c2's rootfs bind is gone again: \(h.mounts)")
            #expect(h.mounts.contains { $0.contains("/mounts/c1/rootfs") }, "c1's stays")
            let missing = await Self.kataError { _ = try await h.sandbox.snapshot(ProcessKey(containerID: "c2")) }
            #expect(missing?.code == .notFound)
            #expect(h.hypervisor.machines.first?.exit == nil, "the VM keeps serving c1")
        }
    }
}
