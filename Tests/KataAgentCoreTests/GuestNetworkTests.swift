// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import AgentAPI
import Foundation
import KataError
import KataLinux
import KataTestSupport
import Netlink
import Testing

@testable import KataAgentCore

/// A throwaway network namespace with a veth pair `kv0`/`kv1`, standing in for the VM's: the
/// agent's network code runs against it exactly as in the guest.
private func vethNetns() throws -> ScratchNetns {
    let netns = try ScratchNetns(prefix: "kata-agent-test")
    do {
        try netns.ip(["link", "add", "kv0", "type", "veth", "peer", "name", "kv1"])
    } catch {
        netns.remove()
        throw error
    }
    return netns
}

@Suite("wire conversions of interfaces, routes and neighbours")
struct GuestNetworkConversionTests {
    @Test("a bad hwAddr, address or prefix names the field")
    func badInterface() {
        let cases: [(Types_Interface, String)] = [
            (
                .with {
                    $0.name = "eth0"
                    $0.hwAddr = "zz"
                }, "hwAddr \"zz\" is not a MAC address"
            ),
            (
                .with {
                    $0.name = "eth0"
                    $0.ipaddresses = [
                        .with {
                            $0.address = "10.0.0.300"
                            $0.mask = "24"
                        }
                    ]
                }, "IP address \"10.0.0.300/24\" is not an IP address"
            ),
            (
                .with {
                    $0.name = "eth0"
                    $0.ipaddresses = [
                        .with {
                            $0.address = "10.0.0.3"
                            $0.mask = "33"
                        }
                    ]
                }, "invalid prefix length"
            ),
            (.with { $0.device = "tap0" }, "the interface has no name"),
        ]
        for (wire, text) in cases {
            do {
                _ = try GuestInterface(wire)
                Issue.record("\(wire) must be refused")
            } catch {
                #expect(error.code == .invalidArgument)
                #expect(error.message.contains(text), "\(error.message)")
            }
        }
    }

    @Test("route source: a prefix is `from`, a bare address is the preferred source")
    func routeSource() throws {
        let from = try GuestRoute(
            .with {
                $0.dest = "10.1.0.0/16"
                $0.device = "eth0"
                $0.source = "10.2.0.0/16"
            })
        #expect(from.source == .prefix(GuestAddress(address: try #require(.init("10.2.0.0")), prefixLength: 16)))
        let preferred = try GuestRoute(
            .with {
                $0.gateway = "10.0.0.1"
                $0.device = "eth0"
                $0.source = "10.0.0.5"
            })
        #expect(preferred.source == .preferred(try #require(.init("10.0.0.5"))))
        #expect(preferred.destination == nil)
        #expect(throws: KataError.self) { try GuestRoute(.with { $0.dest = "10.1.0.0/16" }) }
    }
}

@Suite(
    "guest network configuration in a scratch namespace",
    .serialized,
    .enabled(if: ScratchNetns.available, "needs root and iproute2 for `ip netns add`"),
    .timeLimit(.minutes(2))
)
struct GuestNetworkTests {
    @Test("UpdateInterface finds the NIC by MAC, renames it and sets MTU and addresses; routes and neighbours follow")
    func configure() async throws {
        let netns = try vethNetns()
        defer { netns.remove() }
        let network = GuestNetwork(namespace: netns.path, linkWait: .milliseconds(200))
        let before = try await network.interfaces()
        let veth = try #require(before.first { $0.name == "kv0" })
        let mac = try #require(veth.mac)

        // Another link already holds the wanted name: it is moved aside and gets kv0's old name.
        try ScratchNetns.ip(["-n", netns.name, "link", "set", "kv1", "name", "eth0"])
        let wire = Types_Interface.with {
            $0.device = "eth0"
            $0.name = "eth0"
            $0.hwAddr = mac.description.uppercased()
            $0.mtu = 1400
            $0.ipaddresses = [
                .with {
                    $0.address = "10.200.0.2"
                    $0.mask = "24"
                }
            ]
        }
        try await network.update(try GuestInterface(wire))
        let after = try await network.interfaces()
        let configured = try #require(after.first { $0.mac == mac })
        #expect(configured.name == "eth0" && configured.mtu == 1400)
        #expect(configured.flags & Netlink.interfaceUp != 0)
        #expect(configured.addresses.map(\.description) == ["10.200.0.2/24"])
        #expect(after.contains { $0.name == "kv0" && $0.mac != mac })
        // Announcing it again is harmless.
        try await network.update(try GuestInterface(wire))
        try ScratchNetns.ip(["-n", netns.name, "link", "set", "kv0", "up"])

        let routes: [Types_Route] = [
            .with {
                $0.dest = "10.201.0.0/16"
                $0.gateway = "10.200.0.1"
                $0.device = "eth0"
            },
            .with {
                $0.gateway = "10.200.0.1"
                $0.device = "eth0"
            },
        ]
        try await network.update(try routes.map(GuestRoute.init))
        try await network.update(try routes.map(GuestRoute.init))  // already there: fine
        let table = try await network.routes().map(\.wire)
        #expect(table.contains { $0.dest == "0.0.0.0" && $0.gateway == "10.200.0.1" && $0.device == "eth0" })
        #expect(table.contains { $0.dest == "10.201.0.0/16" && $0.gateway == "10.200.0.1" })
        #expect(table.contains { $0.dest == "10.200.0.0/24" && $0.gateway.isEmpty })

        let neighbor = Types_ARPNeighbor.with {
            $0.toIpaddress = .with { $0.address = "10.200.0.1" }
            $0.device = "eth0"
            $0.lladdr = "02:00:0a:c8:00:01"
        }
        try await network.add([try GuestNeighbor(neighbor)])
    }

    @Test("an unknown MAC is `Link not found`; a route on a missing link names the route")
    func failures() async throws {
        let netns = try vethNetns()
        defer { netns.remove() }
        let network = GuestNetwork(namespace: netns.path, linkWait: .milliseconds(100))
        let missing = await #expect(throws: KataError.self) {
            try await network.update(
                try GuestInterface(
                    .with {
                        $0.name = "eth7"
                        $0.hwAddr = "02:00:00:00:00:07"
                    }))
        }
        #expect(missing?.code == .notFound)
        #expect(missing?.message.contains("Link not found") == true)
        let route = await #expect(throws: KataError.self) {
            try await network.update([
                try GuestRoute(
                    .with {
                        $0.gateway = "10.0.0.1"
                        $0.device = "eth9"
                    })
            ])
        }
        #expect(route?.code == .notFound)
        #expect(route?.message.contains("default via 10.0.0.1 dev eth9") == true)
    }
}
