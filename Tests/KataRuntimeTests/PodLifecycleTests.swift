// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Foundation
import KataConfig
import NIOPosix
import QEMU
import Testing

@testable import KataRuntime

/// One TCG VM for every scenario: create, start, read, wait, exec, kill, stdin, pty, delete, shutdown.
@Suite(.serialized, .enabled(if: PodFixture.canBoot, PodFixture.reason))
struct PodLifecycleTests {
    @Test func podRunsContainersAndLeavesNothingBehind() async throws {
        let sid = PodFixture.sandboxID()
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let pod = Pod(
            sandboxID: sid, configuration: PodFixture.configuration(), spawner: ChildSpawner(), group: group,
            logger: PodFixture.logger)
        do {
            // hello, exit 0
            let hello = try PodFixture.bundle(args: ["sh", "-c", "echo hello"])
            let pid = try await pod.createContainer(id: "c1", bundle: hello, rootfsMounts: [], terminal: false)
            #expect(pid == (await pod.hypervisorPID))
            let (_, streams) = try await pod.start(ProcessKey(containerID: "c1"))
            async let stderr = PodFixture.readAll { await streams.readStderr() }
            let stdout = await PodFixture.readAll { await streams.readStdout() }
            _ = await stderr
            #expect(stdout == "hello\n")
            #expect(try await pod.wait(ProcessKey(containerID: "c1")).code == 0)
            try await pod.delete(ProcessKey(containerID: "c1"))
            print("timings: \(await pod.timings)")
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
}
