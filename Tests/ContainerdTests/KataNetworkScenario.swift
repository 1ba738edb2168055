// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Testing

/// A pod network as CNI leaves it: a netns whose `eth0` is one end of a veth, the other end on
/// the host with the gateway address. Removed by ``remove()``, which takes both ends with it.
struct ScratchPodNetwork {
    let namespace: String
    let hostLink: String
    var path: String { "/var/run/netns/\(namespace)" }

    init() async throws {
        let tag = String(format: "%06d", Int.random(in: 0..<1_000_000))
        namespace = "kata-test-net-\(tag)"
        hostLink = "kth\(tag)"
        try await Self.ip(["netns", "add", namespace])
        do {
            for arguments in [
                ["link", "add", hostLink, "type", "veth", "peer", "name", "eth0", "netns", namespace],
                ["address", "add", "10.200.0.1/24", "dev", hostLink], ["link", "set", hostLink, "up"],
                ["-n", namespace, "address", "add", "10.200.0.2/24", "dev", "eth0"],
                ["-n", namespace, "link", "set", "eth0", "up"],
            ] {
                try await Self.ip(arguments)
            }
        } catch {
            await remove()
            throw error
        }
    }

    func remove() async {
        try? await Self.ip(["netns", "del", namespace])
        try? await Self.ip(["link", "del", hostLink])
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func ip(_ arguments: [String]) async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/ip")
        process.arguments = arguments
        process.standardError = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        while process.isRunning { try await Task.sleep(for: .milliseconds(5)) }
        guard process.terminationStatus == 0 else {
            throw Failure(description: "ip \(arguments.joined(separator: " ")) failed")
        }
    }
}

extension ContainerdScenarios {
    /// `ctr run --with-ns network:<netns>`: the guest gets the veth's name, MAC and address, and the
    /// container reaches the host end through the tap and the tc redirects; afterwards no tap and no
    /// tc state is left in the netns.
    func podNetworkReachesTheHost() async throws {
        let id = containerID("pod-network")
        let network = try await ScratchPodNetwork()
        do {
            try await withContainers([id]) {
                let run = try await ctr.run(
                    runArguments(
                        ["--rm", "--with-ns", "network:\(network.path)"], id,
                        ["sh", "-c", "ip addr show eth0; ping -c 2 -W 5 10.200.0.1"]))
                #expect(run.status == 0, "\(run)")
                #expect(run.stdout.contains("eth0"), "\(run.stdout)")
                #expect(run.stdout.contains("inet 10.200.0.2/24"), "\(run.stdout)")
                #expect(run.stdout.contains("bytes from 10.200.0.1"), "\(run.stdout)")
            }
            try await expectNothingLeft(of: id)
            let links = try await Ctr.capture("/usr/sbin/ip", ["-n", network.namespace, "-o", "link", "show"])
            #expect(!links.contains("_kata"), "a tap remains in \(network.namespace):\n\(links)")
            let qdiscs = try await Ctr.capture(
                "/usr/sbin/tc", ["-n", network.namespace, "qdisc", "show", "dev", "eth0"])
            #expect(!qdiscs.contains("ingress"), "the veth keeps an ingress qdisc:\n\(qdiscs)")
        } catch {
            await network.remove()
            throw error
        }
        await network.remove()
    }

    /// A shim killed with SIGKILL while its pod has a NIC: QEMU dies with it, the tap goes with
    /// QEMU, and containerd's `shim delete` removes the veth's tc state from the netns.
    func podNetworkIsCleanedUpAfterShimCrash() async throws {
        let id = containerID("pod-network-crash")
        let network = try await ScratchPodNetwork()
        do {
            try await withContainers([id]) {
                let started = try await ctr.run(
                    runArguments(["-d", "--with-ns", "network:\(network.path)"], id, ["sleep", "300"]))
                try #require(started.status == 0, "\(started)")
                let qdiscs = try await Ctr.capture("/usr/sbin/tc", ["-n", network.namespace, "qdisc", "show"])
                #expect(qdiscs.contains("ingress"), "the running pod has no ingress qdisc:\n\(qdiscs)")
                try await killShimAndDeleteTask(id)
            }
            try await expectNothingLeft(of: id)
            let links = try await Ctr.capture("/usr/sbin/ip", ["-n", network.namespace, "-o", "link", "show"])
            #expect(!links.contains("_kata"), "a tap remains in \(network.namespace):\n\(links)")
            let qdiscs = try await Ctr.capture(
                "/usr/sbin/tc", ["-n", network.namespace, "qdisc", "show", "dev", "eth0"])
            #expect(!qdiscs.contains("ingress"), "the veth keeps an ingress qdisc after the crash:\n\(qdiscs)")
        } catch {
            await network.remove()
            throw error
        }
        await network.remove()
    }
}
