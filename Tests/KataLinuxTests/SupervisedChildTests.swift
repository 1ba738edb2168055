// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Foundation
import KataLinux
import Synchronization
import Testing

/// The spawn path QEMU and virtiofsd take, exercised with /bin/sh so it runs everywhere.
@Suite(.timeLimit(.minutes(1))) struct SupervisedChildTests {
    static let spawner = ChildSpawner()

    @Test func descriptorsStartAtThreeStdinIsNullAndNothingElseLeaks() async throws {
        let pipe = try Pipe.make()
        defer {
            try? pipe.read.close()
            try? pipe.write.close()
        }
        // `test` and `echo` are dash built-ins, so $$ is the spawned shell itself.
        let script = """
            readlink /proc/$$/fd/0; readlink /proc/$$/fd/3
            test -e /proc/$$/fd/\(pipe.write.rawValue) && echo leaked
            test -e /proc/$$/fd/4 && echo four
            echo to-stderr >&2; exit 7
            """
        let process = try await SupervisedChild.spawn(
            argv: ["/bin/sh", "-c", script], descriptors: [pipe.read], spawner: Self.spawner)
        #expect(await process.wait() == .exited(7))
        let lines = process.capturedOutput.split(separator: "\n").map(String.init)
        #expect(lines.first == "/dev/null")
        #expect(lines.count == 3, "\(lines)")
        #expect(lines.dropFirst().first?.hasPrefix("pipe:[") == true, "\(lines)")
        #expect(lines.last == "to-stderr")
    }

    @Test func anExecFailureIsReportedBySpawn() async throws {
        do {
            _ = try await SupervisedChild.spawn(
                argv: ["/nonexistent/program"], spawner: Self.spawner)
            Issue.record("spawn succeeded")
        } catch {
            guard case .spawn(.spawnFailed(path: "/nonexistent/program", let reason)) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
            #expect(reason.contains("No such file or directory"), "\(reason)")
        }
    }

    @Test func killEndsAChildAndWaitReportsTheSignal() async throws {
        let process = try await SupervisedChild.spawn(
            argv: ["/bin/sleep", "30"], spawner: Self.spawner)
        #expect(process.termination == nil)
        process.kill()
        #expect(await process.wait() == .signaled(9))
        #expect(await process.wait() == .signaled(9))
    }

    /// Why the spawner's thread must live forever: the parent-death signal follows the forking
    /// thread, so a child spawned from a thread that then exits is killed.
    @Test func aChildDiesWithTheThreadThatSpawnedIt() async throws {
        let spawned = Mutex<Result<Int32, Syscall.Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            spawned.withLock {
                $0 = Result { () throws(Syscall.Error) in
                    try Spawn.spawnBoundToThread(
                        "/bin/sleep", arguments: ["sleep", "30"], environment: [], descriptors: [])
                }
            }
            done.signal()
        }
        thread.start()
        done.wait()
        let pid = try #require(try spawned.withLock { $0 }?.get())
        // The thread has returned (or is about to); its exit delivers SIGKILL to the child.
        try ProcessControl.waitForExit(pid)
        #expect(try ProcessControl.reap(pid) == .signaled(.kill))
    }
}
