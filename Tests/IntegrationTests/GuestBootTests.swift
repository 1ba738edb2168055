// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import AgentAPI
import Foundation
import KataTestSupport
import Logging
import NIOPosix
import TTRPC
import Testing
import VMHarness

private let guest = GuestVM.Configuration.fromEnvironment()

/// Boots the real initrd under QEMU (TCG on hosts without usable hardware virtualization) and talks
/// to the agent over its virtio-serial channel. One VM serves the whole suite: a TCG boot costs
/// seconds, and these checks do not disturb each other.
@Suite(
    "guest image boots and the agent serves as PID 1",
    .serialized, .bootsVM,
    .enabled(if: guest.0 != nil, Comment(rawValue: guest.1))
)
struct GuestBootTests {
    @Test func agentAnswersAsPID1AndPowersTheVMOff() async throws {
        var configuration = try #require(guest.0)
        // The container rootfs is shared into the guest with virtio-fs, as the shim does.
        let shared = FileManager.default.temporaryDirectory.appendingPathComponent("kata-test-shared-\(getpid())")
        try? FileManager.default.removeItem(at: shared)
        try BusyboxRootfs.build(at: shared.appendingPathComponent("scenario/rootfs").path)
        defer { try? FileManager.default.removeItem(at: shared) }
        configuration.sharedDirectory = shared.path
        configuration.kernelParameters.append("agent.debug_console")
        var logger = Logger(label: "guest-boot-tests")
        logger.logLevel = .error
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let vm = try await GuestVM.boot(configuration, group: group, logger: logger)

        do {
            let health = Grpc_HealthClient(client: vm.client)
            #expect(try await health.check(Grpc_CheckRequest()).status == .serving)
            let version = try await health.version(Grpc_CheckRequest())
            #expect(!version.agentVersion.isEmpty)

            let agent = Grpc_AgentServiceClient(client: vm.client)
            var request = Grpc_GuestDetailsRequest()
            request.memBlockSize = true
            let details = try await agent.getGuestDetails(request)
            #expect(details.agentDetails.initDaemon, "the agent must run as PID 1 of the initrd")

            // An RPC the agent does not implement says so by name instead of answering OK.
            let unimplemented = await #expect(throws: TTRPCStatus.self) {
                _ = try await agent.resizeVolume(Grpc_ResizeVolumeRequest())
            }
            #expect(unimplemented?.code == .unimplemented)
            #expect(unimplemented?.message.contains("ResizeVolume") == true)

            // A restarted shim drops and redials the channel: every new connection gets a fresh
            // session at once, also when the previous host left half a frame behind.
            for round in 1...5 {
                if round.isMultiple(of: 2) {
                    try await leaveHalfAFrame(on: vm, group: group)
                }
                let fresh = try await vm.reconnect(group: group, logger: logger)
                let answer = try await Grpc_HealthClient(client: fresh).check(Grpc_CheckRequest())
                #expect(answer.status == .serving, "reconnect round \(round)")
            }

            // A kernel module the image does not ship fails CreateSandbox by name, before anything
            // is mounted, and leaves no sandbox behind.
            let current = Grpc_AgentServiceClient(client: vm.client)
            let missingModule = await #expect(throws: TTRPCStatus.self) {
                _ = try await current.createSandbox(
                    .with {
                        $0.sandboxID = "guest-sandbox"
                        $0.storages = [SharedDirectory.storage]
                        $0.kernelModules = [.with { $0.name = "no_such_module" }]
                    })
            }
            #expect(missingModule?.code == .notFound)
            #expect(missingModule?.message.contains("\"no_such_module\" is not in the guest image") == true)

            // The sandbox loads the modules asked for (dummy is shipped but not loaded at boot;
            // virtio-console is loaded already), then mounts the shared directory.
            _ = try await current.createSandbox(
                .with {
                    $0.sandboxID = "guest-sandbox"
                    $0.hostname = "scenario"
                    $0.storages = [SharedDirectory.storage]
                    $0.kernelModules = [
                        .with {
                            $0.name = "dummy"
                            $0.parameters = ["numdummies=3"]
                        },
                        .with { $0.name = "virtio-console" },
                    ]
                })
            let scenarios = AgentScenarios(agent: current, rootfs: "\(SharedDirectory.guestPath)/scenario/rootfs")
            // numdummies has no sysfs entry; the interfaces it creates show the parameter took.
            let loaded = try await scenarios.runToEnd(
                "module-parameter",
                scenarios.spec([
                    "sh", "-c", "cat /sys/module/dummy/initstate /sys/class/net/lo/flags; ls /sys/class/net",
                ]))
            #expect(loaded.out.hasPrefix("live\n"), "dummy must be loaded; stderr: \(loaded.err)")
            // The agent brought lo up at boot (IFF_UP | IFF_LOOPBACK), as runc does for a container.
            #expect(loaded.out.split(separator: "\n").dropFirst().first == "0x9", "lo must be up: \(loaded.out)")
            let links = loaded.out.split(separator: "\n").filter { $0.hasPrefix("dummy") }
            #expect(links == ["dummy0", "dummy1", "dummy2"], "numdummies=3 must create three dummy links")
            try await scenarios.runAll()

            // agent.debug_console gives a shell on the console: what is typed there runs.
            try await vm.type("echo debug-console-$((6 * 7))\n", group: group)
            let shellDeadline = ContinuousClock.now + .seconds(15)
            while !vm.console.contains("debug-console-42"), ContinuousClock.now < shellDeadline {
                try await Task.sleep(for: .milliseconds(100))
            }
            #expect(vm.console.contains("debug-console-42"), "the debug shell must run what is typed on the console")

            // The kernel booted our initrd (the shim's command line has `quiet`: no kernel banner) and
            // the agent, as init, logged its start on the console.
            #expect(vm.console.contains(#""msg":"starting kata-agent""#))
            #expect(vm.console.contains(#""pid":"1""#))

        } catch {
            // A failed call must not leave QEMU running: stop the VM, then report.
            await vm.stop()
            try await group.shutdownGracefully()
            throw error
        }

        let console = vm.console
        let poweredOff = await vm.stop()
        #expect(poweredOff, "DestroySandbox must power the VM off; console:\n\(console.suffix(2000))")
        try await group.shutdownGracefully()
    }
}

/// Hangs up the current client, connects to the agent channel as another host would, writes the first bytes of a frame header
/// and hangs up.
private func leaveHalfAFrame(on vm: GuestVM, group: MultiThreadedEventLoopGroup) async throws {
    // QEMU's chardev takes one client at a time.
    await vm.client.close()
    let channel = try await ClientBootstrap(group: group).connect(unixDomainSocketPath: vm.agentSocketPath).get()
    var bytes = channel.allocator.buffer(capacity: 5)
    bytes.writeBytes([0, 0, 0, 9, 0])
    try await channel.writeAndFlush(bytes).get()
    try await channel.close().get()
}
