// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Foundation
import KataConfig
import KataError
import KataLinux
import NIOPosix
import QEMU
import Synchronization
import Testing
import VMHarness

@testable import KataRuntime

/// Real TCG VMs: one pod runs every container scenario; a second is dropped without shutdown and
/// cleaned up from its persisted state alone.
@Suite(.serialized, .timeLimit(.minutes(5)), .enabled(if: PodFixture.canBoot, PodFixture.reason))
struct PodLifecycleTests {
    @Test func podRunsContainersAndLeavesNothingBehind() async throws {
        let sid = PodFixture.sandboxID()
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let ooms = Mutex<[String]>([])
        let pod = Pod(
            sandboxID: sid, configuration: PodFixture.configuration(), spawner: ChildSpawner(), group: group,
            logger: PodFixture.logger, oomHandler: { id in ooms.withLock { $0.append(id) } })
        do {
            try await Self.scenarios(pod)
            try await Self.oomScenario(pod, ooms: ooms)
        } catch {
            await pod.shutdown()
            try await group.shutdownGracefully()
            throw error
        }
        await pod.shutdown()
        try await group.shutdownGracefully()
        #expect(PodFixture.processes(naming: sid).isEmpty)
        #expect(PodFixture.mounts(of: sid).isEmpty)
        #expect(PodFixture.leftovers(of: sid).isEmpty)
    }

    static func scenarios(_ pod: Pod) async throws {
        // hello, exit 0; the reported pid is QEMU's.
        let c1 = ProcessKey(containerID: "c1")
        let pid = try await pod.createContainer(
            id: "c1", bundle: try PodFixture.bundle(args: ["sh", "-c", "echo hello"]), rootfsMounts: [], terminal: false
        )
        #expect(pid == (await pod.hypervisorPID))
        let (startPID, hello) = try await pod.start(c1)
        #expect(startPID == pid)
        let output = try await PodFixture.drain(hello)
        #expect(output.stdout == "hello\n")
        #expect(try await pod.wait(c1).code == 0)
        #expect(try await pod.wait(c1).code == 0, "a second wait returns the recorded status")
        try await pod.delete(c1)
        print("timings: \(await pod.timings)")

        // exit code 3 and stderr.
        let c3 = ProcessKey(containerID: "c3")
        _ = try await pod.createContainer(
            id: "c3", bundle: try PodFixture.bundle(args: ["sh", "-c", "echo oops >&2; exit 3"]), rootfsMounts: [],
            terminal: false)
        let three = try await PodFixture.drain(try await pod.start(c3).streams)
        #expect(three.stderr == "oops\n")
        #expect(try await pod.wait(c3).code == 3)
        try await pod.delete(c3)

        // exec in a running container; kill an exec by SIGTERM; stats; kill all.
        let c2 = ProcessKey(containerID: "c2")
        _ = try await pod.createContainer(
            id: "c2", bundle: try PodFixture.bundle(args: ["sleep", "300"]), rootfsMounts: [], terminal: false)
        let sleeper = try await pod.start(c2).streams
        let e1 = ProcessKey(containerID: "c2", execID: "e1")
        try await pod.exec(
            e1,
            processJSON: Array(#"{"args":["sh","-c","echo exec-ok; exit 4"],"cwd":"/","user":{"uid":0,"gid":0}}"#.utf8))
        let exec = try await PodFixture.drain(try await pod.start(e1).streams)
        #expect(exec.stdout == "exec-ok\n")
        #expect(try await pod.wait(e1).code == 4)
        try await pod.delete(e1)
        let e2 = ProcessKey(containerID: "c2", execID: "e2")
        try await pod.exec(e2, processJSON: Array(#"{"args":["sleep","300"],"cwd":"/","user":{"uid":0,"gid":0}}"#.utf8))
        let e2Streams = try await pod.start(e2).streams
        try await pod.kill(e2, signal: 15, all: false)
        _ = try await PodFixture.drain(e2Streams)
        #expect(try await pod.wait(e2).code == 128 + 15)
        let stats = try await pod.stats(containerID: "c2")
        #expect(stats.hasCgroupStats)
        try await pod.update(containerID: "c2", resourcesJSON: Array(#"{"memory":{"limit":268435456}}"#.utf8))
        try await pod.pause(containerID: "c2")
        try await pod.resume(containerID: "c2")
        await #expect(throws: KataError.self) { try await pod.pids(containerID: "c2") }
        try await pod.kill(c2, signal: 9, all: true)
        _ = try await PodFixture.drain(sleeper)
        #expect(try await pod.wait(c2).code == 128 + 9)
        try await pod.delete(c2)

        // stdin through writeStdin/closeStdin.
        let c4 = ProcessKey(containerID: "c4")
        _ = try await pod.createContainer(
            id: "c4", bundle: try PodFixture.bundle(args: ["cat"]), rootfsMounts: [], terminal: false)
        let cat = try await pod.start(c4).streams
        #expect(try await cat.writeStdin(Array("ping\n".utf8)) == 5)
        try await cat.closeStdin()
        #expect(try await PodFixture.drain(cat).stdout == "ping\n")
        #expect(try await pod.wait(c4).code == 0)
        try await pod.delete(c4)

        // a pty container, resized before it reports its size.
        let c5 = ProcessKey(containerID: "c5")
        _ = try await pod.createContainer(
            id: "c5", bundle: try PodFixture.bundle(args: ["sh", "-c", "read line; stty size"], terminal: true),
            rootfsMounts: [], terminal: true)
        let tty = try await pod.start(c5).streams
        try await pod.resizePty(c5, width: 100, height: 40)
        _ = try await tty.writeStdin(Array("go\n".utf8))
        let screen = try await PodFixture.drain(tty)
        #expect(screen.stdout.contains("40 100"))
        #expect(screen.stderr.isEmpty)
        #expect(try await pod.wait(c5).code == 0)
        // delete is left to shutdown for c5, which must remove it too.

        // containerd's overlay rootfs mount and a read-only volume.
        let lower = try PodFixture.directory("lower")
        try BusyboxRootfs.build(at: lower)
        let upper = try PodFixture.directory("upper")
        let work = try PodFixture.directory("work")
        let volume = try PodFixture.directory("volume")
        try Data("volume\n".utf8).write(to: URL(fileURLWithPath: volume + "/msg"))
        let c6 = ProcessKey(containerID: "c6")
        let bundle = try PodFixture.bundle(
            args: ["sh", "-c", "cat /data/msg; touch /data/x 2>/dev/null || echo ro; echo rw > /upper-ok"],
            emptyRootfs: true,
            extraMounts: [["destination": "/data", "type": "bind", "source": volume, "options": ["rbind", "ro"]]])
        let overlay = RootfsMount(
            type: "overlay", source: "overlay", options: ["lowerdir=\(lower)", "upperdir=\(upper)", "workdir=\(work)"])
        _ = try await pod.createContainer(id: "c6", bundle: bundle, rootfsMounts: [overlay], terminal: false)
        let c6Output = try await PodFixture.drain(try await pod.start(c6).streams)
        #expect(c6Output.stdout == "volume\nro\n")
        #expect(try await pod.wait(c6).code == 0)
        #expect(FileManager.default.fileExists(atPath: upper + "/upper-ok"), "writes reach the overlay's upperdir")
        try await pod.delete(c6)
        #expect(!PodFixture.mounts(of: "").contains { $0.contains(bundle) }, "the rootfs mount is undone")
        #expect(!FileManager.default.fileExists(atPath: volume + "/x"))
    }

    /// A container over its memory limit: the OOM handler has its id by the time its wait
    /// answers 137; a SIGKILL sent through the pod reports no OOM.
    static func oomScenario(_ pod: Pod, ooms: borrowing Mutex<[String]>) async throws {
        let c7 = ProcessKey(containerID: "c7")
        _ = try await pod.createContainer(
            id: "c7",
            bundle: try PodFixture.bundle(
                args: ["sh", "-c", "x=a; while true; do x=$x$x; done"], memoryLimit: 32 << 20),
            rootfsMounts: [], terminal: false)
        _ = try await PodFixture.drain(try await pod.start(c7).streams)
        #expect(try await pod.wait(c7).code == 137)
        #expect(ooms.withLock { $0 } == ["c7"], "the OOM kill must be handed on before the wait answers")
        try await pod.delete(c7)
    }

    /// QEMU killed from outside, or virtiofsd killed (the pod then stops QEMU itself): either
    /// way every wait answers 255 and shutdown leaves nothing behind.
    @Test(arguments: ["qemu", "virtiofsd"])
    func waitAnswers255WhenTheVMDies(victim: String) async throws {
        let sid = PodFixture.sandboxID()
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let pod = Pod(
            sandboxID: sid, configuration: PodFixture.configuration(), spawner: ChildSpawner(), group: group,
            logger: PodFixture.logger)
        let c1 = ProcessKey(containerID: "c1")
        do {
            _ = try await pod.createContainer(
                id: "c1", bundle: try PodFixture.bundle(args: ["sleep", "300"]), rootfsMounts: [], terminal: false)
            let streams = try await pod.start(c1).streams
            guard case .running(let vm) = await pod.phase else {
                Issue.record("the pod has no running VM after start")
                throw CancellationError()
            }
            async let status = pod.wait(c1)
            async let output = PodFixture.drain(streams)
            try await Task.sleep(for: .milliseconds(200))
            kill(victim == "qemu" ? vm.qemu.pid : vm.virtioFSDaemon.process.pid, SIGKILL)
            // No wall-clock bound (flaky on loaded CI cores); a wait that never ends hits the
            // suite's time limit.
            #expect(try await status.code == 255)
            _ = try await output
            #expect(await vm.qemu.wait() == .signaled(SIGKILL), "QEMU must be stopped when \(victim) dies")
        } catch {
            await pod.shutdown()
            try await group.shutdownGracefully()
            throw error
        }
        await pod.shutdown()
        try await group.shutdownGracefully()
        #expect(PodFixture.processes(naming: sid).isEmpty)
        #expect(PodFixture.mounts(of: sid).isEmpty)
        #expect(PodFixture.leftovers(of: sid).isEmpty)
    }

    @Test func cleanupAfterADroppedPodRemovesEverything() async throws {
        let sid = PodFixture.sandboxID()
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        do {
            let pod = Pod(
                sandboxID: sid, configuration: PodFixture.configuration(), spawner: ChildSpawner(), group: group,
                logger: PodFixture.logger)
            _ = try await pod.createContainer(
                id: "c1", bundle: try PodFixture.bundle(args: ["sleep", "300"]), rootfsMounts: [], terminal: false)
            _ = try await pod.start(ProcessKey(containerID: "c1"))
            // The pod is dropped here without shutdown, as a killed shim would leave it.
        }
        #expect(!PodFixture.processes(naming: sid).isEmpty)
        #expect(!PodFixture.mounts(of: sid).isEmpty)
        try await Pod.cleanup(sandboxID: sid)
        try await Pod.cleanup(sandboxID: sid)  // idempotent
        #expect(PodFixture.processes(naming: sid).isEmpty)
        #expect(PodFixture.mounts(of: sid).isEmpty)
        #expect(PodFixture.leftovers(of: sid).isEmpty)
        try await group.shutdownGracefully()
    }
}

/// Start failures after host changes were made undo all of them.
@Suite(.serialized, .timeLimit(.minutes(5)), .enabled(if: PodFixture.canBoot, PodFixture.reason))
struct PodStartFailureTests {
    static func failure(_ loaded: LoadedConfiguration) async throws -> (KataError, String) {
        let sid = PodFixture.sandboxID()
        let pod = Pod(
            sandboxID: sid, configuration: loaded, spawner: ChildSpawner(),
            group: MultiThreadedEventLoopGroup.singleton,
            logger: PodFixture.logger)
        let bundle = try PodFixture.bundle(args: ["true"])
        do {
            _ = try await pod.createContainer(id: "c1", bundle: bundle, rootfsMounts: [], terminal: false)
        } catch {
            #expect(PodFixture.processes(naming: sid).isEmpty)
            #expect(PodFixture.mounts(of: sid).isEmpty)
            #expect(PodFixture.leftovers(of: sid).isEmpty)
            await pod.shutdown()
            return (error, sid)
        }
        await pod.shutdown()
        throw KataError(.internal, "the pod started")
    }

    @Test func qemuFailureCarriesItsStderr() async throws {
        var loaded = PodFixture.configuration()
        loaded.configuration.hypervisor.machineAccelerators = ["bogus-property=1"]
        let (error, _) = try await Self.failure(loaded)
        #expect(error.message.contains("QEMU for sandbox"))
        #expect(error.message.contains("bogus-property"))
    }

    /// A guest that panics (no init) is named by its own console, not only by the timeout.
    @Test func aGuestPanicIsQuotedFromTheConsole() async throws {
        var loaded = PodFixture.configuration()
        loaded.configuration.hypervisor.kernelParams = ["rdinit=/nonexistent"]
        loaded.configuration.agent.dialTimeoutSeconds = 60
        let (error, _) = try await Self.failure(loaded)
        #expect(error.message.contains("the guest kernel panicked:"), "\(error)")
        #expect(error.message.contains("Kernel panic - not syncing"), "\(error)")
    }

    @Test func anAgentThatNeverAnswersHitsDialTimeout() async throws {
        var loaded = PodFixture.configuration()
        loaded.configuration.agent.dialTimeoutSeconds = 1
        let (error, _) = try await Self.failure(loaded)
        #expect(error.code == .deadlineExceeded)
        #expect(error.message.contains("within dial_timeout=1s ([agent.kata] in /test/configuration.toml)"))
    }
}
