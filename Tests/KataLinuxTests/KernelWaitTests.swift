// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Foundation
import KataLinux
import Synchronization
import SystemPackage
import Testing

/// Waits the kernel ends: a process's exit through a pidfd, a file's creation through inotify.
@Suite(.timeLimit(.minutes(1))) struct KernelWaitTests {
    static let spawner = ChildSpawner()

    @Test func aProcessExitEndsTheWait() async throws {
        let child = try await SupervisedChild.spawn(argv: ["/bin/sleep", "600"], spawner: Self.spawner)
        #expect(await KernelWait.processExit(child.pid, timeout: .milliseconds(10)) == false, "it still runs")
        child.kill()
        #expect(await KernelWait.processExit(child.pid, timeout: .seconds(600)))
        _ = await child.wait()
        #expect(await KernelWait.processExit(child.pid, timeout: .zero), "a reaped pid has exited")
    }

    @Test func aFileAppearingEndsTheWait() async throws {
        let directory = NSTemporaryDirectory() + "kernel-wait-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let child = try await SupervisedChild.spawn(
            argv: ["/bin/sh", "-c", "sleep 0.2; : > \(directory)/other; : > \(directory)/socket; exec sleep 600"],
            spawner: Self.spawner)
        defer { child.kill() }
        #expect(
            await KernelWait.fileAppears(directory + "/socket", unlessExits: child.pid, timeout: .seconds(600))
                == .appeared)
    }

    @Test func theProcessExitingFirstEndsTheWait() async throws {
        let child = try await SupervisedChild.spawn(argv: ["/bin/sh", "-c", "exit 3"], spawner: Self.spawner)
        let outcome = await KernelWait.fileAppears(
            "/tmp/never-\(UUID().uuidString)", unlessExits: child.pid, timeout: .seconds(600))
        #expect(outcome == .processExited)
        #expect(await child.wait() == .exited(3))
    }

    @Test func nothingHappeningEndsAtTheTimeout() async throws {
        let child = try await SupervisedChild.spawn(argv: ["/bin/sleep", "600"], spawner: Self.spawner)
        defer { child.kill() }
        let outcome = await KernelWait.fileAppears(
            "/tmp/never-\(UUID().uuidString)", unlessExits: child.pid, timeout: .milliseconds(20))
        #expect(outcome == .timedOut)
    }

    @Test func aLookIsRepeatedWhenTheSourceAnnouncesAChange() async throws {
        let source = try EventNotifier.eventFD()
        defer { try? source.close() }
        let present = Atomic(false)
        let looks = Atomic(0)
        // No backstop to speak of: only the announcement can bring the second look.
        async let found = KernelWait.lookUntilFound(timeout: .seconds(600), wakingOn: source, backstop: .seconds(600)) {
            () -> Int? in
            looks.add(1, ordering: .relaxed)
            return present.load(ordering: .relaxed) ? 7 : nil
        }
        present.store(true, ordering: .relaxed)
        var one: UInt64 = 1
        _ = try withUnsafeBytes(of: &one) { try source.write($0) }
        #expect(await found == 7)
        #expect(looks.load(ordering: .relaxed) <= 2, "no look without an announcement")
    }

    @Test func withoutASourceItLooksEveryInterval() async throws {
        let looks = Atomic(0)
        let found = await KernelWait.lookUntilFound(timeout: .seconds(600), wakingOn: nil, interval: .milliseconds(1)) {
            () -> Int? in
            looks.add(1, ordering: .relaxed).newValue == 3 ? 3 : nil
        }
        #expect(found == 3)
    }

    @Test func nothingFoundEndsAtTheTimeoutWithNil() async throws {
        let source = try EventNotifier.eventFD()
        defer { try? source.close() }
        let found = await KernelWait.lookUntilFound(timeout: .milliseconds(20), wakingOn: source) { () -> Int? in nil }
        #expect(found == nil)
    }

    @Test func anErrorFromTheLookEndsTheWait() async throws {
        struct Refused: Error {}
        await #expect(throws: Refused.self) {
            _ = try await KernelWait.lookUntilFound(timeout: .seconds(600), wakingOn: nil) {
                () throws(Refused) -> Int? in throw Refused()
            }
        }
    }
}
