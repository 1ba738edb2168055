// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Foundation
import KataConfig
import KataError
import KataLinux
import KataTestSupport
import Testing

@testable import KataRuntime

/// Processes, exits and the VM's end, on a fake hypervisor and a fake agent (root: share mounts).
@Suite(
    .serialized, .timeLimit(.minutes(3)),
    .enabled(if: SandboxHarness.canMount, "needs root: the sandbox bind-mounts its shared tree"))
struct SandboxProcessTests {
    static let c1 = ProcessKey(containerID: "c1")

    // MARK: Start and wait

    @Test func startRunsTheInitConnectsItsStdioAndPublishesTaskStart() async throws {
        try await SandboxLifecycleTests.withHarness { h in
            _ = try await h.sandbox.create(try h.creation("c1"))
            let pid = try await h.sandbox.start(Self.c1)
            #expect(pid == UInt32(h.hypervisor.pid))
            #expect(h.agent.rpcs.contains("StartContainer"))
            #expect(try await h.sandbox.snapshot(Self.c1).state.name == "running")
            h.agent.write(Self.c1, stdout: "hello\n", stderr: "oops\n")
            h.agent.exit(Self.c1, code: 3)
            let output = await h.stdio.all[0].output()
            #expect(output.stdout == "hello\n" && output.stderr == "oops\n")
            #expect(try await h.sandbox.exitLatch(Self.c1).wait().code == 3)
            #expect(h.events.topics == ["/tasks/create", "/tasks/start", "/tasks/exit"])
        }
    }

    @Test func startOfAnUnknownOrStartedProcessIsRefused() async throws {
        try await SandboxLifecycleTests.withHarness { h in
            #expect(await SandboxLifecycleTests.kataError { _ = try await h.sandbox.start(Self.c1) }?.code == .notFound)
            try await h.run("c1")
            #expect(
                await SandboxLifecycleTests.kataError { _ = try await h.sandbox.start(Self.c1) }?.code
                    == .failedPrecondition)
        }
    }

    @Test func aStdioThatCannotBeOpenedFailsTheStartAndLeavesItCreated() async throws {
        try await SandboxLifecycleTests.withHarness { h in
            _ = try await h.sandbox.create(try h.creation("c1"))
            h.stdio.refuseNextOpen(KataError(.invalidArgument, "open /fifo/c1-out: no such file"))
            #expect(
                await SandboxLifecycleTests.kataError { _ = try await h.sandbox.start(Self.c1) }?.code
                    == .invalidArgument)
            #expect(try await h.sandbox.snapshot(Self.c1).state.name == "created")
            #expect(!h.agent.rpcs.contains("StartContainer"))
            _ = try await h.sandbox.start(Self.c1)
        }
    }

    @Test func aRefusedStartClosesTheStdioAndCanBeRetried() async throws {
        try await SandboxLifecycleTests.withHarness { h in
            _ = try await h.sandbox.create(try h.creation("c1"))
            h.agent.fail(.startContainer, with: KataError(.internal, "exec format error"))
            #expect(
                await SandboxLifecycleTests.kataError { _ = try await h.sandbox.start(Self.c1) }?.message
                    == "exec format error")
            #expect(h.stdio.all.first?.isClosed == true)
            #expect(try await h.sandbox.snapshot(Self.c1).state.name == "created")
            _ = try await h.sandbox.start(Self.c1)
        }
    }

    @Test func anExitBeforeAnyWaitIsKeptForTheWait() async throws {
        try await SandboxLifecycleTests.withHarness { h in
            try await h.run("c1")
            h.agent.exit(Self.c1, code: 0)
            let latch = try await h.sandbox.exitLatch(Self.c1)
            #expect(try await latch.wait().code == 0)
            #expect(try await h.sandbox.exitLatch(Self.c1).wait().code == 0, "a second wait answers the same")
            guard case .stopped(_, let exit) = try await h.sandbox.snapshot(Self.c1).state else {
                Issue.record("not stopped")
                return
            }
            #expect(exit.code == 0)
        }
    }

    @Test func aWaitBeforeStartAnswersOnceTheProcessExits() async throws {
        try await SandboxLifecycleTests.withHarness { h in
            _ = try await h.sandbox.create(try h.creation("c1"))
            let latch = try await h.sandbox.exitLatch(Self.c1)
            let waiter = Task { try await latch.wait() }
            _ = try await h.sandbox.start(Self.c1)
            h.agent.exit(Self.c1, code: 7)
            #expect(try await waiter.value.code == 7)
        }
    }

    @Test func theOutputReachesTheClientBeforeTheExitIsReported() async throws {
        try await SandboxLifecycleTests.withHarness { h in
            try await h.run("c1")
            h.agent.write(Self.c1, stdout: "last words\n")
            h.agent.exit(Self.c1, code: 0)
            _ = try await h.sandbox.exitLatch(Self.c1).wait()
            #expect(h.stdio.all[0].isDrained)
            #expect(h.stdio.all[0].stdout == "last words\n")
        }
    }

    @Test func aPendingResizeIsAppliedAtStart() async throws {
        try await SandboxLifecycleTests.withHarness { h in
            _ = try await h.sandbox.create(try h.creation("c1", terminal: true))
            try await h.sandbox.resizePty(Self.c1, width: 120, height: 40)
            #expect(!h.agent.rpcs.contains("TtyWinResize"))
            _ = try await h.sandbox.start(Self.c1)
            #expect(h.agent.calls.contains("TtyWinResize container c1 120x40"))
        }
    }

    @Test func aResizeThatCrossesTheExitSucceeds() async throws {
        try await SandboxLifecycleTests.withHarness { h in
            _ = try await h.sandbox.create(try h.creation("c1", terminal: true))
            _ = try await h.sandbox.start(Self.c1)
            // The agent already reaped it: the call fails, but the process is gone, not the client wrong.
            h.agent.fail(.ttyWinResize, with: KataError(.notFound, "process c1 not found"))
            try await h.sandbox.resizePty(Self.c1, width: 80, height: 24)
            h.agent.exit(Self.c1, code: 0)
            _ = try await h.sandbox.exitLatch(Self.c1).wait()
            let calls = h.agent.rpcs.filter { $0 == "TtyWinResize" }.count
            try await h.sandbox.resizePty(Self.c1, width: 100, height: 30)
            #expect(h.agent.rpcs.filter { $0 == "TtyWinResize" }.count == calls, "no call once stopped")
            // Any other agent failure of a running process still reaches the client.
            _ = try await h.sandbox.create(try h.creation("c2", terminal: true))
            _ = try await h.sandbox.start(ProcessKey(containerID: "c2"))
            h.agent.fail(.ttyWinResize, with: KataError(.internal, "ioctl failed"))
            await #expect(throws: KataError.self) {
                try await h.sandbox.resizePty(ProcessKey(containerID: "c2"), width: 80, height: 24)
            }
        }
    }

    // MARK: Delete and the last container

    @Test func deleteOfARunningProcessIsRefused() async throws {
        try await SandboxLifecycleTests.withHarness { h in
            try await h.run("c1")
            #expect(
                await SandboxLifecycleTests.kataError { _ = try await h.sandbox.delete(Self.c1) }?.code
                    == .failedPrecondition)
        }
    }

    @Test func deleteAfterTheExitRemovesTheContainerAndPublishesTaskDeleteLast() async throws {
        try await SandboxLifecycleTests.withHarness { h in
            try await h.run("c1")
            try await h.run("c2")
            h.agent.exit(Self.c1, code: 4)
            _ = try await h.sandbox.exitLatch(Self.c1).wait()
            let deleted = try await h.sandbox.delete(Self.c1)
            #expect(deleted.exit.code == 4 && deleted.pid == UInt32(h.hypervisor.pid))
            #expect(h.agent.calls.contains("SignalProcess c1 9 all"), "leftover processes are killed first")
            #expect(h.agent.calls.contains("RemoveContainer c1"))
            #expect(h.events.topics.last == "/tasks/delete")
            #expect(
                await SandboxLifecycleTests.kataError { _ = try await h.sandbox.snapshot(Self.c1) }?.code == .notFound)
            #expect(h.hypervisor.machines[0].exit == nil, "c2 still runs: the VM stays")
            #expect(h.stdio.all[0].isClosed)
        }
    }

    @Test func theLastContainersDeleteShutsTheVMDownAndTheNextCreateBootsAgain() async throws {
        try await SandboxLifecycleTests.withHarness { h in
            try await h.run("c1")
            let firstAgent = h.agent
            firstAgent.exit(Self.c1, code: 0)
            _ = try await h.sandbox.exitLatch(Self.c1).wait()
            _ = try await h.sandbox.delete(Self.c1)
            let vm = h.hypervisor.machines[0]
            #expect(vm.log == ["powerOff", "stop"], "DestroySandbox inside the VM's stop, no kill")
            #expect(firstAgent.rpcs.contains("DestroySandbox"))
            #expect(firstAgent.isClosed)
            #expect(await h.sandbox.isEmpty)
            #expect(h.leftovers.isEmpty, "\(h.leftovers)")
            #expect(h.mounts.isEmpty)
            _ = try await h.sandbox.create(try h.creation("c1"))
            #expect(h.hypervisor.bootCount == 2)
        }
    }

    @Test func aCreatedContainerThatNeverStartedCanBeDeleted() async throws {
        try await SandboxLifecycleTests.withHarness { h in
            _ = try await h.sandbox.create(try h.creation("c1"))
            let deleted = try await h.sandbox.delete(Self.c1)
            #expect(deleted.exit.code == 0)
            #expect(h.events.topics == ["/tasks/create", "/tasks/delete"])
        }
    }

    // MARK: Exec

    static let execJSON = Array(#"{"args":["sh"],"cwd":"/","user":{"uid":0,"gid":0}}"#.utf8)
    static let e1 = ProcessKey(containerID: "c1", execID: "e1")
    static let noStdio = ProcessStdio(stdin: "", stdout: "", stderr: "", terminal: false)

    @Test func anExecRunsWaitsAndIsDeletedOnItsOwn() async throws {
        try await SandboxLifecycleTests.withHarness { h in
            try await h.run("c1")
            try await h.sandbox.exec(Self.e1, processJSON: Self.execJSON, stdio: Self.noStdio)
            #expect(try await h.sandbox.snapshot(Self.e1).state.pid == 0, "exec pids are 0 until start")
            _ = try await h.sandbox.start(Self.e1)
            h.agent.exit(Self.e1, code: 5)
            #expect(try await h.sandbox.exitLatch(Self.e1).wait().code == 5)
            _ = try await h.sandbox.delete(Self.e1)
            #expect(try await h.sandbox.snapshot(Self.c1).state.name == "running")
            #expect(
                h.events.topics == [
                    "/tasks/create", "/tasks/start", "/tasks/exec-added", "/tasks/exec-started", "/tasks/exit",
                ])
        }
    }

    @Test func execIsRefusedUnlessTheContainerRunsAndTheRequestIsSound() async throws {
        try await SandboxLifecycleTests.withHarness { h in
            _ = try await h.sandbox.create(try h.creation("c1"))
            let notRunning = await SandboxLifecycleTests.kataError {
                try await h.sandbox.exec(Self.e1, processJSON: Self.execJSON, stdio: Self.noStdio)
            }
            #expect(notRunning?.code == .failedPrecondition)
            _ = try await h.sandbox.start(Self.c1)
            let sameID = await SandboxLifecycleTests.kataError {
                try await h.sandbox.exec(
                    ProcessKey(containerID: "c1", execID: "c1"), processJSON: Self.execJSON, stdio: Self.noStdio)
            }
            #expect(sameID?.code == .invalidArgument)
            let badJSON = await SandboxLifecycleTests.kataError {
                try await h.sandbox.exec(Self.e1, processJSON: Array("{".utf8), stdio: Self.noStdio)
            }
            #expect(badJSON?.code == .invalidArgument)
            try await h.sandbox.exec(Self.e1, processJSON: Self.execJSON, stdio: Self.noStdio)
            let taken = await SandboxLifecycleTests.kataError {
                try await h.sandbox.exec(Self.e1, processJSON: Self.execJSON, stdio: Self.noStdio)
            }
            #expect(taken?.code == .alreadyExists)
        }
    }

    @Test func anExecNeverStartedEndsWith255WhenItsInitExits() async throws {
        try await SandboxLifecycleTests.withHarness { h in
            try await h.run("c1")
            try await h.sandbox.exec(Self.e1, processJSON: Self.execJSON, stdio: Self.noStdio)
            h.agent.exit(Self.c1, code: 0)
            #expect(try await h.sandbox.exitLatch(Self.e1).wait().code == ExitStatus.unknownCode)
        }
    }

    // MARK: Kill

    @Test func killIsRefusedForFinishedProcessesAndForAllOnAnExec() async throws {
        try await SandboxLifecycleTests.withHarness { h in
            try await h.run("c1")
            try await h.sandbox.exec(Self.e1, processJSON: Self.execJSON, stdio: Self.noStdio)
            let allOnExec = await SandboxLifecycleTests.kataError {
                try await h.sandbox.kill(Self.e1, signal: 9, all: true)
            }
            #expect(allOnExec?.code == .invalidArgument)
            let unstarted = await SandboxLifecycleTests.kataError {
                try await h.sandbox.kill(Self.e1, signal: 9, all: false)
            }
            #expect(unstarted?.code == .failedPrecondition)
            h.agent.exit(Self.c1, code: 0)
            _ = try await h.sandbox.exitLatch(Self.c1).wait()
            let finished = await SandboxLifecycleTests.kataError {
                try await h.sandbox.kill(Self.c1, signal: 15, all: false)
            }
            #expect(finished?.code == .notFound)
        }
    }

    @Test func killingACreatedInitReportsItsExit() async throws {
        try await SandboxLifecycleTests.withHarness { h in
            _ = try await h.sandbox.create(try h.creation("c1"))
            try await h.sandbox.kill(Self.c1, signal: 9, all: false)
            #expect(try await h.sandbox.exitLatch(Self.c1).wait().code == 137)
            #expect(h.events.topics.last == "/tasks/exit")
        }
    }

    // MARK: The VM's end, OOM, timeouts

    @Test func whenTheVMDiesEveryWaitAnswers255AndDeleteStillCleansUp() async throws {
        try await SandboxLifecycleTests.withHarness { h in
            try await h.run("c1")
            try await h.sandbox.exec(Self.e1, processJSON: Self.execJSON, stdio: Self.noStdio)
            _ = try await h.sandbox.start(Self.e1)
            h.hypervisor.machines[0].crash()
            #expect(try await h.sandbox.exitLatch(Self.c1).wait().code == 255)
            #expect(try await h.sandbox.exitLatch(Self.e1).wait().code == 255)
            _ = try await h.sandbox.delete(Self.e1)
            _ = try await h.sandbox.delete(Self.c1)
            #expect(!h.agent.rpcs.contains("RemoveContainer"), "no agent call to a VM that is gone")
            #expect(h.leftovers.isEmpty, "\(h.leftovers)")
        }
    }

    /// The exit is seen first and the event follows: the 137 waits for it (a grace long enough
    /// that it cannot run out here, so the order does not depend on timing).
    @Test func anOOMKillIsPublishedBeforeTheExitItCaused() async throws {
        try await SandboxLifecycleTests.withHarness(oomEventGrace: .seconds(600)) { h in
            try await h.run("c1")
            h.agent.exit(Self.c1, code: 137)
            h.agent.oom("c1")
            _ = try await h.sandbox.exitLatch(Self.c1).wait()
            #expect(Array(h.events.topics.suffix(2)) == ["/tasks/oom", "/tasks/exit"])
        }
    }

    @Test func ourOwnSIGKILLIsNoOOMKill() async throws {
        try await SandboxLifecycleTests.withHarness { h in
            try await h.run("c1")
            try await h.sandbox.kill(Self.c1, signal: 9, all: true)
            #expect(try await h.sandbox.exitLatch(Self.c1).wait().code == 137)
            #expect(!h.events.topics.contains("/tasks/oom"))
        }
    }

    /// A 137 with no OOM event behind it (a `kill -9` inside the container) is reported once the
    /// grace has passed; nothing waits forever.
    @Test func aSIGKILLFromInsideIsReportedAfterTheGrace() async throws {
        try await SandboxLifecycleTests.withHarness(oomEventGrace: .milliseconds(10)) { h in
            try await h.run("c1")
            h.agent.exit(Self.c1, code: 137)
            #expect(try await h.sandbox.exitLatch(Self.c1).wait().code == 137)
            #expect(!h.events.topics.contains("/tasks/oom"))
        }
    }

    @Test(arguments: [KataError.Code.deadlineExceeded, .unavailable, .notFound, .resourceExhausted])
    func anAgentFailureKeepsItsCodeForContainerd(code: KataError.Code) async throws {
        try await SandboxLifecycleTests.withHarness { h in
            _ = try await h.sandbox.create(try h.creation("c1"))
            h.agent.fail(.startContainer, with: KataError(code, "the agent refused StartContainer for container c1"))
            let error = await SandboxLifecycleTests.kataError { _ = try await h.sandbox.start(Self.c1) }
            #expect(error?.code == code)
            #expect(error?.ttrpcStatus.code == KataError(code, "").ttrpcStatus.code)
        }
    }

    // MARK: Pause, stats, pids

    @Test func pauseAndResumeFollowTheState() async throws {
        try await SandboxLifecycleTests.withHarness { h in
            _ = try await h.sandbox.create(try h.creation("c1"))
            #expect(
                await SandboxLifecycleTests.kataError { try await h.sandbox.pause("c1") }?.code == .failedPrecondition)
            _ = try await h.sandbox.start(Self.c1)
            try await h.sandbox.pause("c1")
            #expect(try await h.sandbox.snapshot(Self.c1).state.name == "paused")
            #expect(
                await SandboxLifecycleTests.kataError { try await h.sandbox.pause("c1") }?.code == .failedPrecondition)
            try await h.sandbox.resume("c1")
            #expect(try await h.sandbox.snapshot(Self.c1).state.name == "running")
            #expect(h.events.topics.suffix(2) == ["/tasks/paused", "/tasks/resumed"])
        }
    }

    @Test func statsComeFromTheAgentAndPidsAreTheHypervisors() async throws {
        try await SandboxLifecycleTests.withHarness { h in
            try await h.run("c1")
            var stats = CgroupStatsFixture.sample
            stats.pids.current = 3
            h.agent.setStats(stats)
            #expect(try await h.sandbox.stats("c1").pids.current == 3)
            #expect(try await h.sandbox.pids("c1") == [UInt32(h.hypervisor.pid)])
            #expect(await SandboxLifecycleTests.kataError { _ = try await h.sandbox.stats("nope") }?.code == .notFound)
            let badJSON = await SandboxLifecycleTests.kataError {
                try await h.sandbox.update("c1", resourcesJSON: Array("[".utf8))
            }
            #expect(badJSON?.code == .invalidArgument)
        }
    }

    // MARK: Crash cleanup

    @Test func aCrashedSandboxIsCleanedFromItsPersistedStateAlone() async throws {
        let h = try SandboxHarness.make()
        defer { try? FileManager.default.removeItem(atPath: h.root) }
        try await h.run("c1")
        #expect(!h.mounts.isEmpty)
        #expect(FileManager.default.fileExists(atPath: h.paths.stateFile))
        // The shim is gone: only the state file is left to go by.
        try await Sandbox.cleanup(sandboxID: h.sandboxID, vmRoot: h.root + "/vm", stateRoot: h.root + "/state")
        #expect(h.mounts.isEmpty, "\(h.mounts)")
        #expect(h.leftovers.isEmpty, "\(h.leftovers)")
        try await Sandbox.cleanup(sandboxID: h.sandboxID, vmRoot: h.root + "/vm", stateRoot: h.root + "/state")
    }
}

/// Agent RPC table and rollback, no sandbox needed.
@Suite struct AgentTableTests {
    @Test func everyRPCHasARowAndOnlyLongPollsWaitForever() {
        let long: Set<AgentRPC> = [.getOOMEvent, .waitProcess, .readStdout, .readStderr, .writeStdin]
        for rpc in AgentRPC.allCases {
            let timeout = rpc.timeout(createContainer: .seconds(42))
            #expect((timeout == nil) == long.contains(rpc), "\(rpc)")
        }
        #expect(AgentRPC.createContainer.timeout(createContainer: .seconds(42)) == .seconds(42))
    }

    @Test func anUndoStackUnwindsNewestFirst() async {
        let order = OrderRecorder()
        var undo = UndoStack()
        for step in ["directories", "virtiofsd", "qemu", "agent"] {
            undo.push(step) { order.append(step) }
        }
        #expect(undo.names == ["directories", "virtiofsd", "qemu", "agent"])
        await undo.unwind()
        #expect(order.all == ["agent", "qemu", "virtiofsd", "directories"])
        await undo.unwind()
        #expect(order.all.count == 4, "unwinding twice undoes nothing twice")
    }
}
