// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Foundation
import KataRuntime
import KataTestSupport
import Logging
import NIOPosix
import ShimAPI
import SwiftProtobuf
import TTRPC
import Testing

@testable import KataShim

/// The Task API as containerd drives it, over a sandbox on fakes (the sandbox's share mounts need root).
@Suite(
    .serialized, .timeLimit(.minutes(3)),
    .enabled(if: SandboxHarness.canMount, "needs root: the sandbox bind-mounts its shared tree"))
struct TaskServiceTests {
    static let execSpec = Data(#"{"args":["ls"],"cwd":"/","user":{"uid":0,"gid":0}}"#.utf8)

    @Test func initLifecycleAndEventsInOrder() async throws {
        let shim = try await ShimHarness.make()
        let task = shim.task
        try await shim.create("c1")
        var connect = Containerd_Task_V2_ConnectRequest()
        connect.id = "c1"
        let connected = try await task.connect(connect)
        #expect(connected.shimPid == 7)
        #expect(connected.taskPid == shim.vmPid)
        #expect(try await task.state(.init("c1")).status == .created)

        // Wait before Start, as ctr does.
        let waiter = Task { try await task.wait(.init("c1")) }
        let pid = try await task.start(.init("c1"))
        #expect(pid.pid == shim.vmPid)
        let running = try await task.state(.init("c1"))
        #expect(running.status == .running)
        #expect(running.pid == shim.vmPid)
        #expect(running.id == "c1")

        var deleteRunning = false
        do {
            _ = try await task.delete(.init("c1"))
        } catch let status as TTRPCStatus {
            deleteRunning = status.code == .failedPrecondition
        }
        #expect(deleteRunning)

        shim.agent.exit(ProcessKey(containerID: "c1"), code: 3)
        let waited = try await waiter.value
        #expect(waited.exitStatus == 3)
        #expect(waited.exitedAt.seconds > 0)
        // Already exited: answers at once.
        #expect(try await task.wait(.init("c1")).exitStatus == 3)
        let stopped = try await task.state(.init("c1"))
        #expect(stopped.status == .stopped)
        #expect(stopped.exitStatus == 3)

        let deleted = try await task.delete(.init("c1"))
        #expect(deleted.exitStatus == 3)
        #expect(deleted.pid == shim.vmPid)
        await #expect(throws: TTRPCStatus.self) { try await task.state(.init("c1")) }

        var shutdown = Containerd_Task_V2_ShutdownRequest()
        shutdown.id = "c1"
        _ = try await task.shutdown(shutdown)
        #expect(try await shim.shutdown.wait() == true)

        let topics = await shim.events.waitForEvents(4)
        #expect(topics == ["/tasks/create", "/tasks/start", "/tasks/exit", "/tasks/delete"])
        let envelopes = shim.events.envelopes.withLock { $0 }
        #expect(envelopes.allSatisfy { $0.namespace == "test-ns" && $0.timestamp.seconds > 0 })
        #expect(
            envelopes.map(\.event.typeURL) == [
                "containerd.events.TaskCreate", "containerd.events.TaskStart", "containerd.events.TaskExit",
                "containerd.events.TaskDelete",
            ])
        let exit = try Containerd_Events_TaskExit(serializedBytes: envelopes[2].event.value)
        #expect(exit.containerID == "c1" && exit.id == "c1" && exit.pid == shim.vmPid && exit.exitStatus == 3)
        await shim.close()
    }

    @Test func execKillAllPauseResume() async throws {
        let shim = try await ShimHarness.make()
        let task = shim.task
        try await shim.create("c2")

        var exec = Containerd_Task_V2_ExecProcessRequest()
        exec.id = "c2"
        exec.execID = "e1"
        exec.spec.typeURL = "types.containerd.io/opencontainers/runtime-spec/1/Process"
        exec.spec.value = Self.execSpec
        await expectStatus(.failedPrecondition) { _ = try await task.exec(exec) }

        _ = try await task.start(.init("c2"))
        _ = try await task.exec(exec)
        await expectStatus(.alreadyExists) { _ = try await task.exec(exec) }
        let created = try await task.state(.init("c2", exec: "e1"))
        #expect(created.status == .created && created.pid == 0 && created.execID == "e1")

        var killExec = Containerd_Task_V2_KillRequest()
        killExec.id = "c2"
        killExec.execID = "e1"
        killExec.signal = 15
        await expectStatus(.failedPrecondition) { _ = try await task.kill(killExec) }

        _ = try await task.start(.init("c2", exec: "e1"))
        #expect(try await task.state(.init("c2", exec: "e1")).status == .running)

        var pause = Containerd_Task_V2_PauseRequest()
        pause.id = "c2"
        _ = try await task.pause(pause)
        #expect(try await task.state(.init("c2")).status == .paused)
        await expectStatus(.failedPrecondition) { _ = try await task.pause(pause) }
        var resume = Containerd_Task_V2_ResumeRequest()
        resume.id = "c2"
        _ = try await task.resume(resume)
        #expect(try await task.state(.init("c2")).status == .running)

        var killAll = Containerd_Task_V2_KillRequest()
        killAll.id = "c2"
        killAll.signal = 9
        killAll.all = true
        _ = try await task.kill(killAll)
        #expect(try await task.wait(.init("c2")).exitStatus == 137)
        #expect(try await task.wait(.init("c2", exec: "e1")).exitStatus == 137)
        await expectStatus(.notFound) { _ = try await task.kill(killAll) }

        let execDeleted = try await task.delete(.init("c2", exec: "e1"))
        #expect(execDeleted.exitStatus == 137)
        _ = try await task.delete(.init("c2"))

        let topics = await shim.events.waitForEvents(9)
        #expect(topics.first == "/tasks/create")
        #expect(topics.contains("/tasks/exec-added") && topics.contains("/tasks/exec-started"))
        #expect(topics.firstIndex(of: "/tasks/exec-added") ?? 99 < topics.firstIndex(of: "/tasks/exec-started") ?? 0)
        #expect(topics.firstIndex(of: "/tasks/paused") ?? 99 < topics.firstIndex(of: "/tasks/resumed") ?? 0)
        #expect(topics.filter { $0 == "/tasks/exit" }.count == 2)
        #expect(topics.last == "/tasks/delete")
        #expect(shim.agent.calls.contains("SignalProcess c2 9 all"))
        #expect(shim.agent.calls.contains("ExecProcess exec e1 of container c2"))
        await shim.close()
    }

    @Test func unknownIdsAndBadRequests() async throws {
        let shim = try await ShimHarness.make()
        let task = shim.task
        await expectStatus(.notFound, message: "container nope: not found") { _ = try await task.state(.init("nope")) }
        await expectStatus(.notFound) { _ = try await task.start(.init("nope")) }
        await expectStatus(.notFound) { _ = try await task.wait(.init("nope")) }
        await expectStatus(.notFound) { _ = try await task.delete(.init("nope")) }
        try await shim.create("c3")
        await expectStatus(.notFound, message: "exec zz in container c3: not found") {
            _ = try await task.state(.init("c3", exec: "zz"))
        }
        await expectStatus(.alreadyExists) { try await shim.create("c3") }
        await expectStatus(.invalidArgument) { try await shim.create("bad/id") }
        var stats = Containerd_Task_V2_StatsRequest()
        stats.id = "nope"
        await expectStatus(.notFound) { _ = try await task.stats(stats) }
        var checkpoint = Containerd_Task_V2_CheckpointTaskRequest()
        checkpoint.id = "c3"
        await expectStatus(.unimplemented) { _ = try await task.checkpoint(checkpoint) }

        // Shutdown with a task left keeps the daemon.
        var shutdown = Containerd_Task_V2_ShutdownRequest()
        shutdown.id = "c3"
        _ = try await task.shutdown(shutdown)
        #expect(shim.shutdown.value == nil)
        // A created task may be deleted.
        _ = try await task.delete(.init("c3"))
        _ = try await task.shutdown(shutdown)
        #expect(shim.shutdown.value == true)
        await shim.close()
    }

    @Test func oomIsPublishedBeforeTheExit() async throws {
        let shim = try await ShimHarness.make()
        try await shim.create("c5")
        _ = try await shim.task.start(.init("c5"))
        shim.agent.oom("c5")
        #expect(await shim.events.waitForEvents(3).last == "/tasks/oom")
        shim.agent.exit(ProcessKey(containerID: "c5"), code: 137)
        _ = try await shim.task.wait(.init("c5"))
        #expect(await shim.events.waitForEvents(4) == ["/tasks/create", "/tasks/start", "/tasks/oom", "/tasks/exit"])
        await shim.close()
    }

    /// The agent's WaitProcess answer arrives before its GetOOMEvent answer: the 137 waits for the
    /// OOM event (a grace that cannot run out here), so TaskOOM still comes first.
    @Test func oomReportedAfterTheExitPrecedesIt() async throws {
        let shim = try await ShimHarness.make(oomEventGrace: .seconds(600))
        try await shim.create("c9")
        _ = try await shim.task.start(.init("c9"))
        shim.agent.exit(ProcessKey(containerID: "c9"), code: 137)
        shim.agent.oom("c9")
        _ = try await shim.task.wait(.init("c9"))
        #expect(await shim.events.waitForEvents(4) == ["/tasks/create", "/tasks/start", "/tasks/oom", "/tasks/exit"])
        await shim.close()
    }

    @Test func concurrentDeletesReleaseOnce() async throws {
        let shim = try await ShimHarness.make()
        try await shim.create("c6")
        _ = try await shim.task.start(.init("c6"))
        shim.agent.exit(ProcessKey(containerID: "c6"), code: 0)
        _ = try await shim.task.wait(.init("c6"))
        let task = shim.task
        async let first = try? task.delete(.init("c6"))
        async let second = try? task.delete(.init("c6"))
        let results = await [first, second]
        #expect(results.compactMap { $0 }.count == 1)
        #expect(shim.agent.calls.filter { $0 == "RemoveContainer c6" }.count == 1)
        await shim.close()
    }

    @Test func ptySizeBeforeStartIsAppliedOnStartAndUnstartedExecsEndWithInit() async throws {
        let shim = try await ShimHarness.make()
        let task = shim.task
        try await shim.create("c7")
        _ = try await task.start(.init("c7"))
        for execID in ["e1", "e2"] {
            var exec = Containerd_Task_V2_ExecProcessRequest()
            exec.id = "c7"
            exec.execID = execID
            exec.terminal = true
            exec.spec.value = Self.execSpec
            _ = try await task.exec(exec)
        }
        var resize = Containerd_Task_V2_ResizePtyRequest()
        resize.id = "c7"
        resize.execID = "e1"
        resize.width = 100
        resize.height = 30
        _ = try await task.resizePty(resize)
        #expect(!shim.agent.calls.contains("TtyWinResize exec e1 of container c7 100x30"))
        _ = try await task.start(.init("c7", exec: "e1"))
        #expect(shim.agent.calls.contains("TtyWinResize exec e1 of container c7 100x30"))

        let unstarted = Task { try await task.wait(.init("c7", exec: "e2")) }
        shim.agent.exit(ProcessKey(containerID: "c7"), code: 0)
        #expect(try await unstarted.value.exitStatus == 255)
        #expect(try await task.state(.init("c7", exec: "e2")).status == .stopped)
        await shim.close()
    }

    @Test func publisherRetriesUntilContainerdListens() async throws {
        let directory = try FIFOTestSupport.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        let publisher = EventPublisher(
            socketPath: "unix://" + directory + "/late.sock", namespace: "ns", group: group, logger: logger,
            retryDelay: .milliseconds(50))
        publisher.start()
        var paused = Containerd_Events_TaskPaused()
        paused.containerID = "c1"
        publisher.publish(.taskPaused, message: paused)
        var resumed = Containerd_Events_TaskResumed()
        resumed.containerID = "c1"
        publisher.publish(.taskResumed, message: resumed)
        try await Task.sleep(for: .milliseconds(80))
        let events = StubEventsServer()
        let server = TTRPCServer(services: [events.ttrpcService], group: group, logger: logger)
        _ = try await server.listen(unixSocketPath: directory + "/late.sock")
        #expect(await events.waitForEvents(2) == ["/tasks/paused", "/tasks/resumed"])
        await publisher.close(timeout: .seconds(1))
        await server.shutdown()
        try await group.shutdownGracefully()
    }

    @Test func stdoutReachesTheFifoBeforeWaitReturns() async throws {
        let shim = try await ShimHarness.make()
        let fifo = shim.directory + "/c4-stdout"
        try FIFOTestSupport.make(fifo)
        let reader = FIFOTestSupport.readAll(fifo)
        try await shim.create("c4", stdout: fifo)
        _ = try await shim.task.start(.init("c4"))
        shim.agent.write(ProcessKey(containerID: "c4"), stdout: "hello ")
        shim.agent.write(ProcessKey(containerID: "c4"), stdout: "world\n")
        shim.agent.exit(ProcessKey(containerID: "c4"), code: 0)
        _ = try await shim.task.wait(.init("c4"))
        #expect(try await reader.value == "hello world\n")
        _ = try await shim.task.delete(.init("c4"))
        await shim.close()
    }
}

func expectStatus(
    _ code: TTRPCStatus.Code, message: String? = nil, sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () async throws -> Void
) async {
    do {
        try await body()
        Issue.record("expected \(code), got success", sourceLocation: sourceLocation)
    } catch let status as TTRPCStatus {
        #expect(status.code == code, sourceLocation: sourceLocation)
        if let message {
            #expect(status.message == message, sourceLocation: sourceLocation)
        }
    } catch {
        Issue.record("expected \(code), got \(error)", sourceLocation: sourceLocation)
    }
}
