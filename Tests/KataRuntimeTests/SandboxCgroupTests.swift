// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataError
import KataTestSupport
import Testing

@testable import KataRuntime

/// Where the sandbox's host processes are accounted: the plan from the sandbox container's
/// cgroupsPath, and the sandbox making, joining, leaving and removing the cgroups on a fake.
@Suite(.timeLimit(.minutes(3)))
struct SandboxCgroupTests {
    @Test(arguments: [
        ("/kubepods/besteffort/pod1234/abc", "/kubepods/besteffort/pod1234/kata_abc"),
        ("kubepods/pod1/abc", "/kubepods/pod1/kata_abc"),
        ("/kata-test/c1", "/kata-test/kata_c1"),
        ("/c1", "/kata_c1"),
        ("/a//b", "/a/kata_b"),
        (
            "kubepods-besteffort-pod1234.slice:cri-containerd:abc",
            "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod1234.slice/kata_abc"
        ),
        ("-.slice:docker:abc", "/kata_abc"),
        (":docker:abc", "/system.slice/kata_abc"),
    ])
    func theSandboxCgroupSitsBesideTheSandboxContainers(cgroupsPath: String, expected: String) throws {
        let plan = try SandboxCgroupPlan.make(sandboxID: "sb", cgroupsPath: cgroupsPath, sandboxCgroupOnly: true)
        #expect(plan == SandboxCgroupPlan(sandbox: expected, overhead: nil))
        #expect(plan.processes == expected, "with sandbox_cgroup_only everything runs in the pod")
    }

    @Test func withoutSandboxCgroupOnlyTheProcessesRunInTheOverheadCgroup() throws {
        let plan = try SandboxCgroupPlan.make(sandboxID: "sb", cgroupsPath: nil, sandboxCgroupOnly: false)
        #expect(plan.sandbox == "/kata_sb")
        #expect(plan.processes == "/kata_overhead/sb")
        #expect(plan.all == ["/kata_sb", "/kata_overhead/sb"])
    }

    @Test(arguments: ["/kubepods/../etc", "a:b", "x.scope:p:n", "kubepods--x.slice:p:n", "/pod/.."])
    func aCgroupsPathThatIsNoPathIsNamed(cgroupsPath: String) {
        #expect {
            try SandboxCgroupPlan.make(sandboxID: "sb", cgroupsPath: cgroupsPath, sandboxCgroupOnly: true)
        } throws: { error in
            guard let error = error as? KataError else { return false }
            return error.code == .invalidArgument && error.message.contains("linux.cgroupsPath \"\(cgroupsPath)\"")
        }
    }
}

/// The sandbox's use of its host cgroups; the harness makes real share mounts, so root.
@Suite(
    .serialized, .timeLimit(.minutes(3)),
    .enabled(if: SandboxHarness.canMount, "needs root: the sandbox bind-mounts its shared tree"))
struct SandboxHostCgroupLifecycleTests {
    @Test(arguments: [false, true])
    func theShimJoinsBeforeTheBootAndLeavesBeforeTheRemoval(sandboxCgroupOnly: Bool) async throws {
        let h = try SandboxHarness.make(adjust: { $0.runtime.sandboxCgroupOnly = sandboxCgroupOnly })
        let c1 = ProcessKey(containerID: "c1")
        _ = try await h.sandbox.create(try h.creation("c1"))
        let sandbox = "/default/kata_test"
        let overhead = "/kata_overhead/\(h.sandboxID)"
        let processes = sandboxCgroupOnly ? sandbox : overhead
        let created = sandboxCgroupOnly ? ["create \(sandbox)"] : ["create \(sandbox)", "create \(overhead)"]
        let pid = try #require(h.hypervisor.machines.first).pid
        // Without sandbox_cgroup_only only the vCPU threads are the pod's, as in Kata.
        let threads = sandboxCgroupOnly ? [] : ["threads [\(pid * 100)] \(sandbox)"]
        #expect(h.hostCgroups.operations == created + ["join \(processes)"] + threads)
        #expect(h.hypervisor.bootCount == 1)
        let persisted = try StateStore(path: h.paths.stateFile).load()
        #expect(
            persisted?.cgroups == (sandboxCgroupOnly ? [sandbox] : [sandbox, overhead]), "recorded for a crash cleanup")

        // The busybox fixture's cgroupsPath is /default/test.
        _ = try await h.sandbox.delete(c1)
        let removed = sandboxCgroupOnly ? ["remove \(sandbox)"] : ["remove \(overhead)", "remove \(sandbox)"]
        #expect(h.hostCgroups.operations == created + ["join \(processes)"] + threads + ["leave"] + removed)
        #expect(h.hostCgroups.existing.isEmpty)
        await h.tearDown()
        #expect(h.leftovers.isEmpty, "\(h.leftovers)")
    }

    @Test func hotPluggedVCPUThreadsJoinTheSandboxCgroupToo() async throws {
        try await SandboxResourcesTests.withHarness { h in
            _ = try await h.sandbox.create(try SandboxResourcesTests.creation(h, "c1", cpus: 2))
            let pid = try #require(h.hypervisor.machines.first).pid
            let moves = h.hostCgroups.operations.filter { $0.hasPrefix("threads") }
            #expect(
                moves == [
                    "threads [\(pid * 100)] /default/kata_test",
                    "threads [\(pid * 100), \(pid * 100 + 1), \(pid * 100 + 2)] /default/kata_test",
                ], "the boot vCPU after the boot, all three after the hot-plug")
        }
    }

    @Test func aBootThatFailsLeavesAndRemovesTheCgroups() async throws {
        let h = try SandboxHarness.make()
        h.hypervisor.failNextBoot(.beforeStart(KataError(.internal, "no QEMU")))
        await #expect(throws: KataError.self) { _ = try await h.sandbox.create(try h.creation("c1")) }
        let operations = h.hostCgroups.operations
        #expect(operations.last(where: { $0.hasPrefix("join") }) != nil)
        #expect(operations.firstIndex(of: "leave") ?? .max < operations.firstIndex { $0.hasPrefix("remove") } ?? -1)
        #expect(h.hostCgroups.existing.isEmpty, "\(operations)")
        await h.tearDown()
        #expect(h.leftovers.isEmpty, "\(h.leftovers)")
    }

    @Test func aCgroupThatCannotBeJoinedFailsTheCreateAndIsRemoved() async throws {
        let h = try SandboxHarness.make()
        h.hostCgroups.fail("join", with: KataError(.internal, "cannot move the shim into host cgroup x"))
        let error = await #expect(throws: KataError.self) { _ = try await h.sandbox.create(try h.creation("c1")) }
        #expect(error?.message.contains("cannot move the shim") == true)
        #expect(h.hypervisor.bootCount == 0, "no VM starts outside the pod's cgroups")
        #expect(h.hostCgroups.existing.isEmpty, "\(h.hostCgroups.operations)")
        #expect(!h.hostCgroups.operations.contains("leave"), "it never joined")
        await h.tearDown()
        #expect(h.leftovers.isEmpty, "\(h.leftovers)")
    }
}
