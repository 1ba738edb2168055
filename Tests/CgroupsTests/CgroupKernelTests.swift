// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Foundation
import KataLinux
import Testing

@testable import Cgroups

/// The host's own cgroup v1 hierarchy, when this test runs as root where one is mounted (these
/// machines have one); the guest tests cover the VM's.
private let kernel: (hierarchy: CgroupHierarchy?, reason: String) = {
    guard getuid() == 0 else { return (nil, "needs root to create cgroups") }
    guard let hierarchy = try? CgroupHierarchy.current() else { return (nil, "no cgroup hierarchy is mounted") }
    guard case .v1(let mounts) = hierarchy, ["memory", "pids", "freezer", "cpu"].allSatisfy({ mounts[$0] != nil })
    else {
        return (nil, "the host has no cgroup v1 memory, pids, freezer and cpu controllers")
    }
    return (hierarchy, "")
}()

@Suite(
    "Cgroup on the host kernel", .serialized,
    .enabled(if: kernel.hierarchy != nil, Comment(rawValue: kernel.reason)))
struct CgroupKernelTests {
    @Test("create, join, limit, measure, freeze, kill all and remove")
    func lifecycle() async throws {
        let hierarchy = try #require(kernel.hierarchy)
        let cgroup = try Cgroup(path: "/kata-cgroups-test-\(getpid())/ctr", hierarchy: hierarchy)
        let parent = try Cgroup(path: "/kata-cgroups-test-\(getpid())", hierarchy: hierarchy)
        try cgroup.create()
        let sleeper = Process()
        sleeper.executableURL = URL(fileURLWithPath: "/bin/sh")
        // A shell with a child: killing "all" must reach the child, which the test never knew.
        // It waits for a line first, so that the child forks after the shell joined the cgroup.
        sleeper.arguments = ["-c", "read go; sleep 600 & wait"]
        let input = Pipe()
        sleeper.standardInput = input
        defer {
            if sleeper.isRunning { sleeper.terminate() }
        }
        do {
            try sleeper.run()
            try cgroup.add(sleeper.processIdentifier)
            input.fileHandleForWriting.write(Data("go\n".utf8))
            var resources = CgroupResources()
            resources.memory = .init()
            resources.memory?.limit = 64 << 20
            resources.pids = 10
            resources.cpu = .init()
            resources.cpu?.shares = 256
            try cgroup.apply(resources)

            var children: [Int32] = []
            for _ in 0..<200 where children.count < 2 {
                children = try cgroup.processes()
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(children.count == 2, "shell and its sleep join the cgroup: \(children)")
            let stats = try cgroup.stats()
            #expect(stats.memory.usage.limit == 64 << 20)
            #expect(stats.pids.limit == 10)
            #expect(stats.pids.current == 2)
            #expect(stats.memory.usage.usage > 0)

            try await cgroup.freeze()
            #expect(try cgroup.isFrozen())
            try await cgroup.thaw()
            #expect(try !cgroup.isFrozen())

            try await cgroup.killAll()
            sleeper.waitUntilExit()
            #expect(sleeper.terminationReason == .uncaughtSignal)
            for _ in 0..<200 where !(try cgroup.processes()).isEmpty {
                try await Task.sleep(for: .milliseconds(10))
            }
            #expect(try cgroup.processes().isEmpty)
        } catch {
            try? await cgroup.killAll()
            try? await cgroup.remove()
            try? await parent.remove()
            throw error
        }
        try await cgroup.remove()
        try await parent.remove()
        for directory in cgroup.directories {
            #expect(!FileManager.default.fileExists(atPath: directory), "\(directory) is left behind")
        }
    }

    @Test("the OOM killer's work is reported, and removal ends the watch")
    func oomNotification() async throws {
        let hierarchy = try #require(kernel.hierarchy)
        let cgroup = try Cgroup(path: "/kata-cgroups-oom-\(getpid())", hierarchy: hierarchy)
        try cgroup.create()
        let watcher = try OOMWatcher(cgroup)
        defer { watcher.close() }
        var resources = CgroupResources()
        resources.memory = .init()
        resources.memory?.limit = 8 << 20
        try cgroup.apply(resources)
        let hog = Process()
        hog.executableURL = URL(fileURLWithPath: "/bin/sh")
        // The shell joins the cgroup first, then becomes tail, which buffers /dev/zero's one endless line.
        hog.arguments = ["-c", "read go; exec tail /dev/zero"]
        let input = Pipe()
        hog.standardInput = input
        try hog.run()
        try cgroup.add(hog.processIdentifier)
        input.fileHandleForWriting.write(Data("go\n".utf8))
        hog.waitUntilExit()
        #expect(hog.terminationReason == .uncaughtSignal && hog.terminationStatus == 9)
        var event = OOMWatcher.Event.none
        for _ in 0..<200 where event == .none {
            if let ready = try? Poll.poll(watcher.descriptor, for: .readable, timeout: .milliseconds(10)),
                !ready.isEmpty
            {
                event = watcher.consume()
            }
        }
        #expect(event == .oom)
        try await cgroup.remove()
        #expect(watcher.consume() == .gone)
    }
}
