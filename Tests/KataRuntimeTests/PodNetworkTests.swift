// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Foundation
import KataConfig
import KataError
import KataLinux
import KataTestSupport
import Netlink
import OCISpec
import SystemPackage
import Testing

@testable import KataRuntime

/// A pod's netns as CNI would leave it: a veth `eth0` with 10.200.0.2/24 and a default route,
/// its peer `peer0` beside it.
private struct PodNetns {
    let netns: ScratchNetns
    var name: String { netns.name }
    var path: String { netns.path }

    init() throws {
        netns = try ScratchNetns(prefix: "kata-rt-test")
        do {
            for arguments in [
                ["link", "add", "eth0", "type", "veth", "peer", "name", "peer0"],
                ["address", "add", "10.200.0.2/24", "dev", "eth0"],
                ["link", "set", "eth0", "up"], ["link", "set", "peer0", "up"],
                ["route", "add", "default", "via", "10.200.0.1", "dev", "eth0"],
                ["neigh", "replace", "10.200.0.1", "lladdr", "02:00:0a:c8:00:01", "nud", "permanent", "dev", "eth0"],
            ] {
                try netns.ip(arguments)
            }
        } catch {
            netns.remove()
            throw error
        }
    }

    func remove() { netns.remove() }

    func ip(_ arguments: [String]) throws { try netns.ip(arguments) }

    /// The names of the links and the kinds of ingress qdiscs, read through netlink.
    func snapshot() throws -> (links: [String], ingress: [String]) {
        try NetworkNamespace.run(at: path) { () throws(Netlink.Error) in
            let socket = try Netlink.Session()
            let links = try socket.links()
            var ingress: [String] = []
            for link in links where try socket.qdiscs(of: link).contains(where: { $0.kind == "ingress" }) {
                ingress.append(link.name)
            }
            return (links.map(\.name), ingress)
        }
    }
}

@Suite("pod network: QEMU arguments and the netns path")
struct PodNetworkCommandLineTests {
    @Test("each NIC is -netdev tap on inherited fds (vhost first) and virtio-net-pci with the veth's MAC")
    func commandLine() throws {
        let mac = try #require(Netlink.MACAddress("02:00:0a:c8:00:02"))
        let endpoints = (0..<2).map {
            NetworkEndpoint(
                index: $0, name: "eth\($0)", mac: mac, mtu: 1500, noARP: false, addresses: [], routes: [],
                neighbors: [])
        }
        let fd = FileDescriptor(rawValue: 100)
        let network = Sandbox.AttachedNetwork(
            endpoints: endpoints, descriptors: [.init(taps: [fd], vhost: []), .init(taps: [fd], vhost: [fd])])
        let (nics, inherited) = QEMUHypervisor.numbered(network.interfaces)
        #expect(inherited.count == 3)
        #expect(nics.map(\.tapDescriptors) == [[4], [6]])
        #expect(nics.map(\.vhostDescriptors) == [[], [5]])
        let argv = VMCommandLine.build(
            VMCommandLineTests.configuration(), paths: VMCommandLineTests.paths,
            channel: .serial(socketPath: "/s"), uuid: "U", host: .init(cpus: 1, memoryMiB: 1024), nics: nics
        ).argv.joined(separator: " ")
        #expect(
            argv.contains(
                "-netdev tap,id=network-0,fds=4 -device driver=virtio-net-pci,netdev=network-0,"
                    + "mac=02:00:0a:c8:00:02,bus=pcie.0,disable-modern=false,mq=on,vectors=4"))
        #expect(argv.contains("-netdev tap,id=network-1,vhost=on,vhostfds=5,fds=6"))
    }

    @Test("only a network namespace with a path is scanned")
    func namespacePath() throws {
        var spec = try JSONDecoder().decode(OCISpec.Spec.self, from: Data(#"{"ociVersion":"1.1.0"}"#.utf8))
        #expect(PodNetwork.namespacePath(of: spec) == nil)
        spec.linux = try JSONDecoder().decode(Linux.self, from: Data(#"{"namespaces":[{"type":"network"}]}"#.utf8))
        #expect(PodNetwork.namespacePath(of: spec) == nil)
        spec.linux?.namespaces = [.init(type: .network, path: "/var/run/netns/x")]
        #expect(PodNetwork.namespacePath(of: spec) == "/var/run/netns/x")
    }

    @Test(
        "the runtime's own taps are never endpoints",
        arguments: [
            ("tap0_kata", true), ("br12_kata", true), ("tap_kata", false), ("eth0", false), ("tapx_kata", false),
        ])
    func ownDevices(name: String, own: Bool) {
        #expect(PodNetwork.isOwnDevice(name) == own)
    }
}

@Suite(
    "pod network in a scratch netns",
    .serialized,
    .enabled(if: ScratchNetns.available, "needs root and iproute2 for `ip netns add`"),
    .timeLimit(.minutes(2))
)
struct PodNetworkTests {
    @Test("scan finds the veth with its address, route and neighbour; connect bridges a tap; teardown undoes it")
    func attachAndDetach() async throws {
        let netns = try PodNetns()
        defer { netns.remove() }
        let endpoints = try await PodNetwork.scan(namespace: netns.path)
        // peer0 has no address: skipped, like loopback.
        let endpoint = try #require(endpoints.first)
        #expect(endpoints.count == 1)
        #expect(endpoint.name == "eth0" && endpoint.tapName == "tap0_kata" && endpoint.mtu == 1500)
        #expect(endpoint.addresses.map(\.description) == ["10.200.0.2/24"])
        #expect(
            endpoint.guestRoutes.map {
                "\($0.route.destination.map { "\($0)" } ?? "")|\($0.route.gateway.map { "\($0)" } ?? "")|\($0.device)"
            } == ["|10.200.0.1|eth0"])
        #expect(endpoint.guestNeighbors.map { $0.neighbor.mac?.description } == ["02:00:0a:c8:00:01"])
        #expect(endpoint.guestInterface.mac == endpoint.mac && endpoint.guestInterface.type == "virtual")

        let descriptors = try await PodNetwork.connect(endpoints, namespace: netns.path, vhostNet: false)
        let attached = try netns.snapshot()
        #expect(attached.links.contains("tap0_kata"))
        #expect(Set(attached.ingress) == ["tap0_kata", "eth0"])
        // A second scan does not take the runtime's own tap for an endpoint.
        #expect(try await PodNetwork.scan(namespace: netns.path).map(\.name) == ["eth0"])

        for fds in descriptors { fds.close() }
        let state = NetworkState(namespacePath: netns.path, links: [.init(veth: "eth0", tap: "tap0_kata")])
        #expect(await PodNetwork.disconnect(state).isEmpty)
        let after = try netns.snapshot()
        #expect(!after.links.contains("tap0_kata"))
        #expect(after.links.contains("eth0"), "the veth belongs to CNI and stays")
        #expect(after.ingress.isEmpty)
        // Teardown again (a crashed shim's cleanup after a shutdown) is harmless.
        #expect(await PodNetwork.disconnect(state).isEmpty)
    }

    @Test("a sandbox state with a network round-trips and its cleanup removes the tc state")
    func crashCleanup() async throws {
        let netns = try PodNetns()
        defer { netns.remove() }
        let endpoints = try await PodNetwork.scan(namespace: netns.path)
        var state = SandboxState(sandboxID: "net-crash")
        state.network = NetworkState(
            namespacePath: netns.path, links: endpoints.map { .init(veth: $0.name, tap: $0.tapName) })
        let decoded = try JSONDecoder().decode(SandboxState.self, from: try JSONEncoder().encode(state))
        #expect(decoded == state)
        let descriptors = try await PodNetwork.connect(endpoints, namespace: netns.path, vhostNet: false)
        for fds in descriptors { fds.close() }  // the shim died: its descriptors are gone
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("kata-net-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let paths = VMPaths(sandboxID: "net-crash", vmRoot: root + "/vm", stateRoot: root + "/sbs")
        _ = await SandboxCleanup.undo(decoded, paths: paths, layout: SharedFSLayout(sandboxID: "net-crash"))
        #expect(try netns.snapshot().ingress.isEmpty)
    }

    @Test("a link that is not a veth, the host netns and a missing netns are refused by name")
    func unsupported() async throws {
        let netns = try PodNetns()
        defer { netns.remove() }
        try netns.ip(["link", "add", "br9", "type", "bridge"])
        try netns.ip(["address", "add", "10.9.0.1/24", "dev", "br9"])
        let refused = await #expect(throws: KataError.self) { try await PodNetwork.scan(namespace: netns.path) }
        #expect(refused?.message.contains("Unsupported network interface: br9 (type bridge)") == true)
        let host = await #expect(throws: KataError.self) { try await PodNetwork.scan(namespace: "/proc/self/ns/net") }
        #expect(host?.message.contains("Host networking requested, not supported by runtime") == true)
        let missing = await #expect(throws: KataError.self) {
            try await PodNetwork.scan(namespace: "/var/run/netns/kata-no-such-netns")
        }
        #expect(missing?.message.contains("/var/run/netns/kata-no-such-netns") == true)
    }
}
