// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataTestSupport
import Netlink
import Testing

/// Golden bytes of the rtnetlink requests. The tc ones are what iproute2 sends for the same
/// command (captured with `strace -e sendmsg -xx tc …`), so the kernel sees exactly what Kata's
/// documented `tc` equivalent would send.
@Suite("netlink message encoding")
struct NetlinkEncodingTests {
    @Test("tc filter add dev #3 parent ffff: protocol all u32 match u8 0 0 action mirred egress redirect dev #2")
    func redirectFilter() {
        let message = Netlink.Message.addRedirectFilter(index: 3, to: 2)
        let expected = [UInt8](
            hex:
                """
                8c000000 2c00 0106 07000000 00000000
                00000000 03000000 00000000 0000ffff 00030000
                08000100 75333200
                60000200
                  38000700 34000100 0b000100 6d697272 65640000 24000280 20000200
                    00000000 00000000 04000000 00000000 00000000 01000000 02000000
                  24000500 01000100 00000000 00000000 00000000
                    00000000 00000000 00000000 00000000
                """)
        #expect(message.encoded(sequence: 7) == expected)
    }

    @Test("tc qdisc add dev #4 ingress")
    func ingressQdisc() {
        let expected = [UInt8](
            hex:
                """
                30000000 2400 0106 01000000 00000000
                00000000 04000000 0000ffff f1ffffff 00000000
                0c000100 696e6772 65737300
                """)
        #expect(Netlink.Message.addIngressQdisc(index: 4).encoded(sequence: 1) == expected)
        let delete = Netlink.Message.deleteIngressQdisc(index: 4).encoded(sequence: 1)
        #expect(
            delete == [UInt8](hex: "24000000 2500 0100 01000000 00000000 00000000 04000000 0000ffff f1ffffff 00000000"))
    }

    @Test("ip addr replace 10.200.0.2/24 brd + dev #5")
    func replaceAddress() throws {
        let address = try #require(Netlink.IPAddress("10.200.0.2"))
        let message = Netlink.Message.replaceAddress(.init(index: 5, address: address, prefixLength: 24))
        let expected = [UInt8](
            hex:
                """
                30000000 1400 0105 01000000 00000000
                02180000 05000000
                08000200 0ac80002 08000100 0ac80002 08000400 0ac800ff
                """)
        #expect(message.encoded(sequence: 1) == expected)
    }

    @Test("ip link set dev #5 up mtu 1500 name eth0")
    func changeLink() {
        let change = Netlink.LinkChange(up: true, mtu: 1500, name: "eth0")
        let expected = [UInt8](
            hex:
                """
                34000000 1000 0100 02000000 00000000
                00000000 05000000 01000000 01000000
                09000300 65746830 00000000 08000400 dc050000
                """)
        #expect(Netlink.Message.changeLink(index: 5, change).encoded(sequence: 2) == expected)
    }

    @Test("ip route replace default via 10.200.0.1 dev #5 proto boot mtu 1400")
    func replaceRoute() throws {
        let gateway = try #require(Netlink.IPAddress("10.200.0.1"))
        let route = Netlink.Route(family: .v4, gateway: gateway, outputIndex: 5, mtu: 1400)
        let expected = [UInt8](
            hex:
                """
                38000000 1800 0105 01000000 00000000
                02000000 fe030001 00000000
                08000400 05000000 08000500 0ac80001 0c000800 08000200 78050000
                """)
        #expect(Netlink.Message.replaceRoute(route).encoded(sequence: 1) == expected)
    }

    @Test("ip neigh replace 10.200.0.1 lladdr 02:00:0a:c8:00:01 nud permanent dev #5")
    func replaceNeighbor() throws {
        let address = try #require(Netlink.IPAddress("10.200.0.1"))
        let mac = try #require(Netlink.MACAddress("02:00:0A:C8:00:01"))
        let message = Netlink.Message.replaceNeighbor(
            .init(index: 5, address: address, mac: mac, state: Netlink.neighborPermanent))
        let expected = [UInt8](
            hex:
                """
                30000000 1c00 0105 01000000 00000000
                02000000 05000000 80000000
                08000100 0ac80001 0a000200 02000ac8 00010000
                """)
        #expect(message.encoded(sequence: 1) == expected)
    }

    @Test("addresses and MACs parse and print", arguments: ["10.0.0.5", "fe80::1", "::", "255.255.255.255"])
    func ipText(_ text: String) throws {
        let address = try #require(Netlink.IPAddress(text))
        #expect(address.description == text)
        #expect(address.bytes.count == (text.contains(":") ? 16 : 4))
    }

    @Test("malformed addresses are nil", arguments: ["10.0.0", "10.0.0.256", "", "zz::1", "10.0.0.5/24"])
    func badIP(_ text: String) {
        #expect(Netlink.IPAddress(text) == nil)
    }

    @Test(
        "MAC text",
        arguments: [("AA:bb:0c:dd:ee:ff", "aa:bb:0c:dd:ee:ff"), ("aa:bb:cc:dd:ee", nil), ("aa:bb:cc:dd:ee:fg", nil)])
    func macText(_ text: String, _ expected: String?) {
        #expect(Netlink.MACAddress(text)?.description == expected)
    }
}
