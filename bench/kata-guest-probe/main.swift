// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

// Boots the guest image bare (no shim), asks the agent who it is, and powers the VM off through
// the agent. `make demo` runs it until the shim exists; `make bench` uses it as the VM floor.

import AgentAPI
import Foundation
import Logging
import NIOPosix
import VMHarness

var arguments = CommandLine.arguments.dropFirst()
var configuration =
    GuestVM.Configuration.fromEnvironment().0
    ?? GuestVM.Configuration(kernel: "build/guest/vmlinuz.container", initrd: "build/guest/kata-containers-initrd.img")
var json = false
while let flag = arguments.popFirst() {
    switch flag {
    case "--kernel": configuration.kernel = arguments.popFirst() ?? ""
    case "--initrd": configuration.initrd = arguments.popFirst() ?? ""
    case "--accel": configuration.accelerator = arguments.popFirst() ?? "tcg"
    case "--json": json = true
    default:
        FileHandle.standardError.write(
            Data(
                "kata-guest-probe: unknown option \(flag); use --kernel K --initrd I [--accel tcg|kvm] [--json]\n".utf8)
        )
        exit(2)
    }
}

var logger = Logger(label: "kata-guest-probe")
logger.logLevel = .error
let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
do {
    let vm = try await GuestVM.boot(configuration, group: group, logger: logger)
    let version = try await Grpc_HealthClient(client: vm.client).version(Grpc_CheckRequest())
    var detailsRequest = Grpc_GuestDetailsRequest()
    detailsRequest.memBlockSize = true
    let details = try await Grpc_AgentServiceClient(client: vm.client).getGuestDetails(detailsRequest)
    let kernel =
        vm.console.split(separator: "\n").first { $0.contains("Linux version ") }
        .flatMap { $0.split(separator: " ").drop { $0 != "version" }.dropFirst().first }
        .map(String.init) ?? "unknown"
    let bootMillis = Int(
        Double(vm.bootDuration.components.seconds) * 1000 + Double(vm.bootDuration.components.attoseconds) / 1e15)
    let poweredOff = await vm.stop()
    if json {
        print(
            #"{"boot_to_agent_ms":\#(bootMillis),"guest_kernel":"\#(kernel)","agent_version":"\#(version.agentVersion)","agent_pid1":\#(details.agentDetails.initDaemon),"powered_off":\#(poweredOff)}"#
        )
    } else {
        print("guest kernel:   \(kernel)")
        print(
            "agent:          kata-agent \(version.agentVersion) (ttRPC API \(version.grpcVersion)), PID 1: \(details.agentDetails.initDaemon)"
        )
        print("boot to agent:  \(bootMillis) ms (\(configuration.accelerator))")
        print(
            "power-off:      \(poweredOff ? "by the agent on DestroySandbox" : "agent did not power off; QEMU killed")")
    }
    try? await group.shutdownGracefully()
    exit(poweredOff ? 0 : 1)
} catch {
    FileHandle.standardError.write(Data("kata-guest-probe: \(error)\n".utf8))
    exit(1)
}
