// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

// Boots the guest image bare (no shim), asks the agent who it is, and powers the VM off through
// the agent. `make demo` runs it until the shim exists; `make bench` uses it as the VM floor and,
// with --containers N, for the agent's budgets: its idle RSS and CreateContainer+StartContainer of
// busybox `true`, N times, with the rootfs shared by virtio-fs as the shim shares it.

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
var containers = 0
while let flag = arguments.popFirst() {
    switch flag {
    case "--kernel": configuration.kernel = arguments.popFirst() ?? ""
    case "--initrd": configuration.initrd = arguments.popFirst() ?? ""
    case "--accel": configuration.accelerator = arguments.popFirst() ?? "tcg"
    case "--memory": configuration.memoryMiB = Int(arguments.popFirst() ?? "") ?? configuration.memoryMiB
    case "--kernel-param": configuration.kernelParameters.append(arguments.popFirst() ?? "")
    case "--json": json = true
    case "--containers": containers = Int(arguments.popFirst() ?? "") ?? 0
    default:
        FileHandle.standardError.write(
            Data(
                "kata-guest-probe: unknown option \(flag); use --kernel K --initrd I [--accel tcg|kvm] [--memory MiB] [--kernel-param WORD]... [--containers N] [--json]\n"
                    .utf8)
        )
        exit(2)
    }
}

var logger = Logger(label: "kata-guest-probe")
logger.logLevel = .error
let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
let shared = FileManager.default.temporaryDirectory.appendingPathComponent("kata-guest-probe-\(getpid())")
if containers > 0 {
    try? FileManager.default.removeItem(at: shared)
    try BusyboxRootfs.build(at: shared.appendingPathComponent("busybox/rootfs").path)
    configuration.sharedDirectory = shared.path
}
// Removed before each exit: exit() skips a top-level defer.
func removeShared() { try? FileManager.default.removeItem(at: shared) }

/// The agent's resident memory, from its own metrics.
func agentRSS(_ agent: Grpc_AgentServiceClient) async throws -> Int {
    let text = try await agent.getMetrics(Grpc_GetMetricsRequest()).metrics
    let line = text.split(separator: "\n").first { $0.hasPrefix("kata_agent_process_resident_memory_bytes ") }
    return line.flatMap { $0.split(separator: " ").last }.flatMap { Int($0) } ?? -1
}

/// CreateContainer+StartContainer of busybox `true`, `count` times: milliseconds of each.
func createStartTimes(_ agent: Grpc_AgentServiceClient, count: Int) async throws -> [Double] {
    _ = try await agent.createSandbox(
        .with {
            $0.sandboxID = "probe"
            $0.storages = [SharedDirectory.storage]
        })
    var times: [Double] = []
    for index in 0..<count {
        let id = "probe-\(index)"
        let spec = Grpc_Spec.with {
            $0.root.path = "\(SharedDirectory.guestPath)/busybox/rootfs"
            $0.process = .with {
                $0.args = ["true"]
                $0.cwd = "/"
                $0.env = ["PATH=/bin"]
            }
            $0.mounts = [
                .with {
                    $0.destination = "/proc"
                    $0.type = "proc"
                    $0.source = "proc"
                }
            ]
        }
        let started = ContinuousClock.now
        _ = try await agent.createContainer(
            .with {
                $0.containerID = id
                $0.oci = spec
            })
        _ = try await agent.startContainer(.with { $0.containerID = id })
        let elapsed = ContinuousClock.now - started
        times.append(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
        _ = try await agent.waitProcess(.with { $0.containerID = id })
        _ = try await agent.removeContainer(.with { $0.containerID = id })
    }
    return times
}

func percentile(_ values: [Double], _ fraction: Double) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return 0 }
    return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * fraction).rounded()))]
}

do {
    let vm = try await GuestVM.boot(configuration, group: group, logger: logger)
    let version = try await Grpc_HealthClient(client: vm.client).version(Grpc_CheckRequest())
    var detailsRequest = Grpc_GuestDetailsRequest()
    detailsRequest.memBlockSize = true
    let details = try await Grpc_AgentServiceClient(client: vm.client).getGuestDetails(detailsRequest)
    let kernel =
        vm.console.split(separator: "\n").first { $0.contains("Linux version ") }
        .flatMap { $0.split(separator: " ").drop { $0 != "version" }.dropFirst().first }
        .map(String.init)
        // The shim's command line boots with `quiet`: the banner is there only with debug on, so the
        // image's kernel file names the version otherwise.
        ?? URL(fileURLWithPath: configuration.kernel).resolvingSymlinksInPath().lastPathComponent
        .replacingOccurrences(of: "vmlinuz-", with: "")
    let bootMillis = Int(
        Double(vm.bootDuration.components.seconds) * 1000 + Double(vm.bootDuration.components.attoseconds) / 1e15)
    let agent = Grpc_AgentServiceClient(client: vm.client)
    var budgets = ""
    if containers > 0 {
        let idle = try await agentRSS(agent)
        let times = try await createStartTimes(agent, count: containers)
        let after = try await agentRSS(agent)
        let median = percentile(times, 0.5)
        let p90 = percentile(times, 0.9)
        budgets =
            #","agent_rss_idle_bytes":\#(idle),"agent_rss_after_containers_bytes":\#(after),"create_start_runs":\#(containers),"create_start_ms_median":\#((median * 10).rounded() / 10),"create_start_ms_p90":\#((p90 * 10).rounded() / 10)"#
        if !json {
            print("agent RSS idle: \(idle / 1024) KiB (after \(containers) containers: \(after / 1024) KiB)")
            print("create+start:   median \(median) ms, p90 \(p90) ms (busybox true, \(containers) runs)")
        }
    }
    let poweredOff = await vm.stop()
    if json {
        print(
            #"{"boot_to_agent_ms":\#(bootMillis),"guest_kernel":"\#(kernel)","agent_version":"\#(version.agentVersion)","agent_pid1":\#(details.agentDetails.initDaemon),"powered_off":\#(poweredOff)\#(budgets)}"#
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
    removeShared()
    exit(poweredOff ? 0 : 1)
} catch {
    FileHandle.standardError.write(Data("kata-guest-probe: \(error)\n".utf8))
    removeShared()
    exit(1)
}
