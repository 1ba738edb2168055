// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Foundation
import KataConfig
import KataError
import KataLinux
import KataTestSupport
import NIOPosix
import QEMU
import Testing
import VMHarness

@testable import KataRuntime

/// Real TCG VMs through the production environment (QEMU, virtiofsd, the agent over ttRPC): one
/// sandbox runs every container scenario; others check the VM's death and crash cleanup.
@Suite(.serialized, .bootsVM, .timeLimit(.minutes(12)), .enabled(if: PodFixture.canBoot, PodFixture.reason))
struct SandboxVMTests {
    static let process = #"{"args":ARGS,"cwd":"/","user":{"uid":0,"gid":0}}"#

    static func processJSON(_ args: [String]) -> String {
        let quoted = args.map { "\"\($0)\"" }.joined(separator: ",")
        return process.replacingOccurrences(of: "ARGS", with: "[\(quoted)]")
    }

    @Test func aSandboxRunsContainersAndLeavesNothingBehind() async throws {
        let vm = PodFixture.vmSandbox()
        do {
            try await Self.scenarios(vm)
            try await Self.oomScenario(vm)
        } catch {
            try await vm.tearDown()
            throw error
        }
        try await vm.tearDown()
        #expect(PodFixture.processes(naming: vm.sandboxID).isEmpty)
        #expect(PodFixture.mounts(of: vm.sandboxID).isEmpty)
        #expect(PodFixture.leftovers(of: vm.sandboxID).isEmpty)
    }

    static func scenarios(_ vm: PodFixture.VMSandbox) async throws {
        let sandbox = vm.sandbox
        // c0 holds the VM through every scenario: the last container's delete would stop it.
        let c0 = ProcessKey(containerID: "c0")
        let pid = try await vm.create("c0", bundle: try PodFixture.bundle(args: ["sleep", "3000"]))
        #expect(Int32(bitPattern: pid) == (await sandbox.hypervisorPID))
        _ = try await sandbox.start(c0)
        // hello, exit 0; the reported pid is QEMU's.
        let c1 = ProcessKey(containerID: "c1")
        #expect(try await vm.create("c1", bundle: try PodFixture.bundle(args: ["sh", "-c", "echo hello"])) == pid)
        #expect(try await sandbox.start(c1) == pid)
        #expect(try await vm.io(c1).output().stdout == "hello\n")
        #expect(try await vm.wait(c1).code == 0)
        #expect(try await vm.wait(c1).code == 0, "a second wait returns the recorded status")
        _ = try await sandbox.delete(c1)
        print("timings: \(await sandbox.timings)")

        // exit code 3 and stderr.
        let c3 = ProcessKey(containerID: "c3")
        try await vm.create("c3", bundle: try PodFixture.bundle(args: ["sh", "-c", "echo oops >&2; exit 3"]))
        _ = try await sandbox.start(c3)
        #expect(try await vm.io(c3).output().stderr == "oops\n")
        #expect(try await vm.wait(c3).code == 3)
        _ = try await sandbox.delete(c3)

        // exec in a running container; kill an exec by SIGTERM; stats; update; pause; kill all.
        let c2 = ProcessKey(containerID: "c2")
        try await vm.create("c2", bundle: try PodFixture.bundle(args: ["sleep", "300"]))
        _ = try await sandbox.start(c2)
        let e1 = ProcessKey(containerID: "c2", execID: "e1")
        try await vm.exec(e1, processJSON(["sh", "-c", "echo exec-ok; exit 4"]))
        _ = try await sandbox.start(e1)
        #expect(try await vm.io(e1).output().stdout == "exec-ok\n")
        #expect(try await vm.wait(e1).code == 4)
        _ = try await sandbox.delete(e1)
        let e2 = ProcessKey(containerID: "c2", execID: "e2")
        try await vm.exec(e2, processJSON(["sleep", "300"]))
        _ = try await sandbox.start(e2)
        try await sandbox.kill(e2, signal: 15, all: false)
        #expect(try await vm.wait(e2).code == 128 + 15)
        let stats = try await sandbox.stats("c2")
        #expect(stats.pids.current > 0, "the agent reports the container's cgroup")
        try await sandbox.update("c2", resourcesJSON: Array(#"{"memory":{"limit":268435456}}"#.utf8))
        try await sandbox.pause("c2")
        try await sandbox.resume("c2")
        #expect(try await sandbox.pids("c2") == [pid])
        try await sandbox.kill(c2, signal: 9, all: true)
        #expect(try await vm.wait(c2).code == 128 + 9)
        _ = try await sandbox.delete(c2)

        // stdin through WriteStdin, then CloseIO.
        let c4 = ProcessKey(containerID: "c4")
        try await vm.create("c4", bundle: try PodFixture.bundle(args: ["cat"]))
        _ = try await sandbox.start(c4)
        try await vm.io(c4).type("ping\n")
        try await sandbox.closeStdin(c4)
        #expect(try await vm.io(c4).output().stdout == "ping\n")
        #expect(try await vm.wait(c4).code == 0)
        _ = try await sandbox.delete(c4)

        // a pty container, resized before it reports its size.
        let c5 = ProcessKey(containerID: "c5")
        try await vm.create(
            "c5", bundle: try PodFixture.bundle(args: ["sh", "-c", "read line; tty; stty size"], terminal: true),
            terminal: true)
        _ = try await sandbox.start(c5)
        try await sandbox.resizePty(c5, width: 100, height: 40)
        try await vm.io(c5).type("go\n")
        let screen = try await vm.io(c5).output()
        #expect(screen.stdout.contains("40 100"))
        // The container's own devpts instance, as under runc: the first terminal is /dev/pts/0.
        #expect(screen.stdout.contains("/dev/pts/0"))
        #expect(screen.stderr.isEmpty)
        #expect(try await vm.wait(c5).code == 0)
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
        try await vm.create("c6", bundle: bundle, rootfs: [overlay])
        _ = try await sandbox.start(c6)
        #expect(try await vm.io(c6).output().stdout == "volume\nro\n")
        #expect(try await vm.wait(c6).code == 0)
        #expect(FileManager.default.fileExists(atPath: upper + "/upper-ok"), "writes reach the overlay's upperdir")
        _ = try await sandbox.delete(c6)
        #expect(!PodFixture.mounts(of: "").contains { $0.contains(bundle) }, "the rootfs mount is undone")
        #expect(!FileManager.default.fileExists(atPath: volume + "/x"))
    }

    /// A container over its memory limit: TaskOOM is published before its TaskExit (137); a
    /// SIGKILL sent through the sandbox reports no OOM.
    static func oomScenario(_ vm: PodFixture.VMSandbox) async throws {
        let c7 = ProcessKey(containerID: "c7")
        try await vm.create(
            "c7",
            bundle: try PodFixture.bundle(
                args: ["sh", "-c", "x=a; while true; do x=$x$x; done"], memoryLimit: 32 << 20))
        _ = try await vm.sandbox.start(c7)
        #expect(try await vm.wait(c7).code == 137)
        let topics = vm.events.all.compactMap { event -> String? in
            switch event {
            case .oom("c7"): "oom"
            case .exited(let key, _, _) where key == c7: "exit"
            default: nil
            }
        }
        #expect(topics == ["oom", "exit"], "the OOM kill must be published before the exit")
        _ = try await vm.sandbox.delete(c7)
    }

    /// QEMU killed from outside, virtiofsd killed (the QEMU driver then stops QEMU itself), or the
    /// guest frozen (SIGSTOP to QEMU: the agent stops answering, the health check kills QEMU):
    /// every wait answers 255, and the sandbox shuts down leaving nothing behind.
    @Test(arguments: ["qemu", "virtiofsd", "agent"])
    func waitAnswers255WhenTheVMDies(victim: String) async throws {
        // Short checks so the frozen guest is noticed soon; its check cannot answer at all.
        let vm = PodFixture.vmSandbox {
            $0.healthCheckInterval = .seconds(1)
            $0.healthCheckTimeout = .seconds(3)
        }
        let c1 = ProcessKey(containerID: "c1")
        do {
            try await vm.create("c1", bundle: try PodFixture.bundle(args: ["sleep", "300"]))
            _ = try await vm.sandbox.start(c1)
            guard case .running(let running) = await vm.sandbox.phase, let qemu = running.vm as? QEMUVirtualMachine
            else {
                Issue.record("the sandbox has no running QEMU after start")
                throw CancellationError()
            }
            switch victim {
            case "qemu": kill(qemu.qemu.pid, SIGKILL)
            case "virtiofsd": kill(qemu.daemon.process.pid, SIGKILL)
            default: kill(qemu.qemu.pid, SIGSTOP)
            }
            // No wall-clock bound (flaky on loaded CI cores); a wait that never ends hits the
            // suite's time limit.
            #expect(try await vm.wait(c1).code == 255)
            #expect(await qemu.qemu.wait() == .signaled(SIGKILL), "QEMU must be stopped when \(victim) dies")
            _ = try await vm.sandbox.delete(c1)
        } catch {
            try await vm.tearDown()
            throw error
        }
        try await vm.tearDown()
        #expect(PodFixture.processes(naming: vm.sandboxID).isEmpty)
        #expect(PodFixture.mounts(of: vm.sandboxID).isEmpty)
        #expect(PodFixture.leftovers(of: vm.sandboxID).isEmpty)
    }

    @Test func cleanupAfterADroppedSandboxRemovesEverything() async throws {
        let vm = PodFixture.vmSandbox()
        try await vm.create("c1", bundle: try PodFixture.bundle(args: ["sleep", "300"]))
        _ = try await vm.sandbox.start(ProcessKey(containerID: "c1"))
        // The sandbox is left without shutdown, as a killed shim would leave it.
        #expect(!PodFixture.processes(naming: vm.sandboxID).isEmpty)
        #expect(!PodFixture.mounts(of: vm.sandboxID).isEmpty)
        try await Sandbox.cleanup(sandboxID: vm.sandboxID)
        try await Sandbox.cleanup(sandboxID: vm.sandboxID)  // idempotent
        #expect(PodFixture.processes(naming: vm.sandboxID).isEmpty)
        #expect(PodFixture.mounts(of: vm.sandboxID).isEmpty)
        #expect(PodFixture.leftovers(of: vm.sandboxID).isEmpty)
        // The VM is gone: the sandbox's own shutdown now only finds nothing to do.
        try await vm.tearDown()
    }
}

/// Start failures after host changes were made undo all of them.
@Suite(.serialized, .bootsVM, .timeLimit(.minutes(12)), .enabled(if: PodFixture.canBoot, PodFixture.reason))
struct SandboxStartFailureTests {
    static func failure(_ loaded: LoadedConfiguration) async throws -> KataError {
        let vm = PodFixture.vmSandbox(loaded)
        let bundle = try PodFixture.bundle(args: ["true"])
        do {
            try await vm.create("c1", bundle: bundle)
        } catch let error as KataError {
            #expect(PodFixture.processes(naming: vm.sandboxID).isEmpty)
            #expect(PodFixture.mounts(of: vm.sandboxID).isEmpty)
            #expect(PodFixture.leftovers(of: vm.sandboxID).isEmpty)
            try await vm.tearDown()
            return error
        }
        try await vm.tearDown()
        throw KataError(.internal, "the sandbox started")
    }

    @Test func qemuFailureCarriesItsStderr() async throws {
        var loaded = PodFixture.configuration()
        loaded.configuration.hypervisor.machineAccelerators = ["bogus-property=1"]
        let error = try await Self.failure(loaded)
        #expect(error.message.contains("QEMU for sandbox"))
        #expect(error.message.contains("bogus-property"))
    }

    /// A guest that panics (no init) is named by its own console, not only by the timeout.
    @Test func aGuestPanicIsQuotedFromTheConsole() async throws {
        var loaded = PodFixture.configuration()
        loaded.configuration.hypervisor.kernelParams = ["rdinit=/nonexistent"]
        loaded.configuration.agent.dialTimeoutSeconds = 60
        let error = try await Self.failure(loaded)
        #expect(error.message.contains("the guest kernel panicked:"), "\(error)")
        #expect(error.message.contains("Kernel panic - not syncing"), "\(error)")
    }

    @Test func anAgentThatNeverAnswersHitsDialTimeout() async throws {
        var loaded = PodFixture.configuration()
        loaded.configuration.agent.dialTimeoutSeconds = 1
        let error = try await Self.failure(loaded)
        #expect(error.code == .deadlineExceeded)
        #expect(error.message.contains("within dial_timeout=1s ([agent.kata] in /test/configuration.toml)"))
    }
}
