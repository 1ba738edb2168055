// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import AgentAPI
import Foundation
import KataConfig
import Testing

@testable import KataRuntime

/// CreateSandbox fields, /proc stat parsing and the state file.
@Suite struct SandboxRequestTests {
    @Test func createSandboxCarriesTheSharedStorageAndModules() {
        var configuration = KataConfiguration()
        configuration.agent.kernelModules = ["e1000e InterruptThrottleRate=3000,3000", "  ", "i915"]
        configuration.hypervisor.guestHookPath = "/usr/share/oci/hooks"
        let sandbox = GuestSandbox.build(
            id: "sid", pod: GuestSandbox.Pod(hostname: String(repeating: "h", count: 80)), configuration: configuration)
        let request = Grpc_CreateSandboxRequest(sandbox)
        #expect(request.sandboxID == "sid")
        #expect(request.hostname.count == 64)
        #expect(request.guestHookPath == "/usr/share/oci/hooks")
        #expect(request.storages.count == 1)
        #expect(request.storages.first?.driver == "virtio-fs")
        #expect(request.storages.first?.source == "kataShared")
        #expect(request.storages.first?.fstype == "virtiofs")
        #expect(request.storages.first?.mountPoint == "/run/kata-containers/shared/containers/")
        #expect(request.storages.first?.options == [])
        #expect(request.kernelModules.map(\.name) == ["e1000e", "i915"])
        #expect(request.kernelModules.first?.parameters == ["InterruptThrottleRate=3000,3000"])
    }

    @Test func daxOnlyWithAWindowAndCaching() {
        var settings = QEMUSettings()
        settings.virtioFSCacheSizeMiB = 1024
        settings.virtioFSCache = .auto
        #expect(GuestSandbox.sharedStorage(settings).options == ["dax"])
        settings.virtioFSCache = .never
        #expect(GuestSandbox.sharedStorage(settings).options == [])
    }

    @Test func startTimeIsField22AfterTheCommand() {
        let stat = "1234 (a (weird) name) S 1 1234 1234 0 -1 4194560 100 0 0 0 1 2 0 0 20 0 1 0 987654 1000 10"
        #expect(ProcessIdentity.startTime(stat: stat) == 987654)
        #expect(ProcessIdentity.startTime(stat: "garbage") == nil)
        let me = ProcessIdentity.current(pid: getpid())
        #expect(me?.isAlive == true)
        #expect(ProcessIdentity(pid: getpid(), startTime: (me?.startTime ?? 0) + 1).isAlive == false)
    }

    @Test func stateRoundTripsAtomically() throws {
        let directory = NSTemporaryDirectory() + "kata-rt-state-" + UUID().uuidString.prefix(8).lowercased()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let store = StateStore(path: directory + "/persist.json")
        #expect(try store.load() == nil)
        var state = SandboxState(sandboxID: "sid")
        state.qemu = ProcessIdentity(pid: 42, startTime: 7)
        state.mounts = ["/a", "/b"]
        state.directories = ["/d"]
        state.containers = ["c1"]
        try store.save(state)
        #expect(try store.load() == state)
        #expect(!FileManager.default.fileExists(atPath: directory + "/persist.json.tmp"))
    }

    @Test func timingsListMeasuredPhasesInOrder() {
        var timings = SandboxTimings()
        timings.guestBoot = .milliseconds(3500)
        timings.configuration = .microseconds(1500)
        #expect(timings.milliseconds.map(\.name) == ["config", "guest_boot"])
        #expect(timings.description == "config=1.5ms guest_boot=3500.0ms")
    }
}
