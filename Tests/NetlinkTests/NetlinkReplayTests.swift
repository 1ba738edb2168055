// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataLinux
import KataTestSupport
import SystemPackage
import Testing

@testable import Netlink

/// Whole sessions against a replayed kernel, without root: the exact datagrams a session sends,
/// and what it makes of the kernel's answers (acknowledgements, refusals, multi-part dumps).
@Suite("netlink sessions against recorded kernel answers")
struct NetlinkReplayTests {
    private static let eth0MAC = [UInt8](hex: "02000ac80002")

    /// An RTM_NEWLINK payload: `ifinfomsg` (ARPHRD_ETHER, or loopback) and the attributes a link
    /// dump carries that `Link` reads.
    private static func linkPayload(
        index: Int32, flags: UInt32, name: String, mtu: UInt32, mac: [UInt8], kind: String? = nil
    ) -> [UInt8] {
        let hardwareType: UInt16 = flags & Netlink.interfaceLoopback != 0 ? 772 : 1
        var payload: [UInt8] =
            [0, 0] + Answer.le(hardwareType) + Answer.le(index) + Answer.le(flags) + Answer.le(UInt32(0))
        payload += Answer.attribute(3, Array(name.utf8) + [0])  // IFLA_IFNAME
        payload += Answer.attribute(4, Answer.le(mtu))  // IFLA_MTU
        payload += Answer.attribute(1, mac)  // IFLA_ADDRESS
        if let kind {
            // IFLA_LINKINFO holding IFLA_INFO_KIND.
            payload += Answer.attribute(18, Answer.attribute(1, Array(kind.utf8) + [0]))
        }
        return payload
    }

    private static let linkDumpRequest = [UInt8](
        hex: """
            20000000 1200 0103 01000000 00000000
            00000000 00000000 00000000 00000000
            """)

    private static let eth0 = Netlink.Link(
        index: 2, name: "eth0", kind: "veth", mac: Netlink.MACAddress(bytes: eth0MAC), mtu: 1500, flags: 0x1043)

    @Test("ip link set eth0 up: a link dump finds it, then RTM_NEWLINK with IFF_UP, acknowledged")
    func setLinkUp() throws {
        let change = [UInt8](
            hex: """
                20000000 1000 0500 02000000 00000000
                00000000 02000000 01000000 01000000
                """)
        let transport = ReplayTransport(answers: [
            Answer.message(
                type: 16, flags: 0x2, sequence: 1,
                payload: Self.linkPayload(index: 2, flags: 0x1002, name: "eth0", mtu: 1500, mac: Self.eth0MAC)),
            Answer.done(sequence: 1),
            Answer.ack(of: change, sequence: 2),
        ])
        let session = Netlink.Session(transport: transport)
        let link = try session.link(named: "eth0")
        #expect(link.index == 2 && !link.isUp)
        try session.change(link, .init(up: true))
        #expect(transport.sent == [Self.linkDumpRequest, change])
        #expect(transport.answers.isEmpty)
    }

    @Test("ip addr replace 10.0.0.5/24 dev eth0: RTM_NEWADDR with local, address and broadcast, acknowledged")
    func addAddress() throws {
        let request = [UInt8](
            hex: """
                30000000 1400 0505 01000000 00000000
                02180000 02000000
                08000200 0a000005 08000100 0a000005 08000400 0a0000ff
                """)
        let transport = ReplayTransport(answers: [Answer.ack(of: request, sequence: 1)])
        let session = Netlink.Session(transport: transport)
        let address = try #require(Netlink.IPAddress("10.0.0.5"))
        try session.replace(Netlink.InterfaceAddress(index: 2, address: address, prefixLength: 24), linkName: "eth0")
        #expect(transport.sent == [request])
        #expect(transport.answers.isEmpty)
    }

    @Test("ip route replace 10.1.0.0/16 via 10.0.0.1 dev eth0: RTM_NEWROUTE, proto boot, acknowledged")
    func addRoute() throws {
        let request = [UInt8](
            hex: """
                34000000 1800 0505 01000000 00000000
                02100000 fe030001 00000000
                08000100 0a010000 08000400 02000000 08000500 0a000001
                """)
        let transport = ReplayTransport(answers: [Answer.ack(of: request, sequence: 1)])
        let session = Netlink.Session(transport: transport)
        let route = Netlink.Route(
            family: .v4, destination: Netlink.IPAddress("10.1.0.0"), destinationPrefix: 16,
            gateway: Netlink.IPAddress("10.0.0.1"), outputIndex: 2)
        try session.replace(route, linkName: "eth0")
        #expect(transport.sent == [request])
        #expect(transport.answers.isEmpty)
    }

    @Test("a link dump of two links: both in one datagram, NLMSG_DONE in the next")
    func linkDump() throws {
        let dump =
            Answer.message(
                type: 16, flags: 0x2, sequence: 1,
                payload: Self.linkPayload(
                    index: 1, flags: 0x49, name: "lo", mtu: 65536, mac: [UInt8](repeating: 0, count: 6)))
            + Answer.message(
                type: 16, flags: 0x2, sequence: 1,
                payload: Self.linkPayload(
                    index: 2, flags: 0x1043, name: "eth0", mtu: 1500, mac: Self.eth0MAC, kind: "veth"))
        let transport = ReplayTransport(answers: [dump, Answer.done(sequence: 1)])
        let links = try Netlink.Session(transport: transport).links()
        #expect(transport.sent == [Self.linkDumpRequest])
        let loopback = Netlink.Link(
            index: 1, name: "lo", kind: nil, mac: Netlink.MACAddress(bytes: [0, 0, 0, 0, 0, 0]), mtu: 65536,
            flags: 0x49)
        #expect(links == [loopback, Self.eth0])
        #expect(links[0].isLoopback && links[0].isUp && links[1].isUp)
        #expect(transport.answers.isEmpty)
    }

    @Test("tc qdisc add dev eth0 ingress refused with EEXIST: the typed error names the operation")
    func refusal() throws {
        let request = [UInt8](
            hex: """
                30000000 2400 0506 01000000 00000000
                00000000 02000000 0000ffff f1ffffff 00000000
                0c000100 696e6772 65737300
                """)
        let transport = ReplayTransport(answers: [Answer.refusal(.fileExists, of: request, sequence: 1)])
        let session = Netlink.Session(transport: transport)
        let error = #expect(throws: Netlink.Error.self) { try session.addIngressQdisc(Self.eth0) }
        #expect(error == .kernel(operation: "add ingress qdisc to eth0", errno: .fileExists))
        #expect(error?.errno == .fileExists)
        #expect(error?.description == "add ingress qdisc to eth0: File exists")
        #expect(transport.sent == [request])
    }

    @Test("answers to another sequence number, left from an earlier request, are skipped")
    func staleAnswers() throws {
        let delete = [UInt8](hex: "20000000 1100 0500 01000000 00000000 00000000 02000000 00000000 00000000")
        let transport = ReplayTransport(answers: [
            Answer.refusal(.operationNotSupportedByDevice, of: delete, sequence: 9) + Answer.done(sequence: 9),
            Answer.ack(of: delete, sequence: 1),
        ])
        try Netlink.Session(transport: transport).delete(Self.eth0)
        #expect(transport.sent == [delete])
        #expect(transport.answers.isEmpty)
    }

    @Test("a dump that fails part-way ends with NLMSG_DONE carrying a negative errno")
    func dumpFailure() throws {
        let transport = ReplayTransport(answers: [Answer.done(sequence: 1, result: -Errno.messageTooLong.rawValue)])
        #expect(throws: Netlink.Error.kernel(operation: "list addresses", errno: .messageTooLong)) {
            try Netlink.Session(transport: transport).addresses()
        }
    }

    @Test("a dump the kernel refuses outright: NLMSG_ERROR instead of answers")
    func dumpRefused() throws {
        let request = [UInt8](hex: "24000000 2600 0103 01000000 00000000 00000000 00000000 00000000 00000000 00000000")
        let transport = ReplayTransport(answers: [Answer.refusal(.notSupported, of: request, sequence: 1)])
        #expect(throws: Netlink.Error.kernel(operation: "list qdiscs", errno: .notSupported)) {
            try Netlink.Session(transport: transport).qdiscs(of: Self.eth0)
        }
        #expect(transport.sent == [request])
    }

    @Test("no link of that name in the dump is notFound")
    func notFound() throws {
        let transport = ReplayTransport(answers: [
            Answer.message(
                type: 16, flags: 0x2, sequence: 1,
                payload: Self.linkPayload(index: 1, flags: 0x49, name: "lo", mtu: 65536, mac: [0, 0, 0, 0, 0, 0])),
            Answer.done(sequence: 1),
        ])
        #expect(throws: Netlink.Error.notFound("link \"eth1\"")) {
            try Netlink.Session(transport: transport).link(named: "eth1")
        }
    }

    @Test("a failed send is a syscall error naming the operation")
    func sendFailure() throws {
        let transport = ReplayTransport()
        transport.sendFailure = .noBufferSpace
        let error = #expect(throws: Netlink.Error.self) { try Netlink.Session(transport: transport).delete(Self.eth0) }
        #expect(error == .syscall(.syscall(name: "send(AF_NETLINK)", path: "delete link eth0", errno: .noBufferSpace)))
        #expect(error?.description == "send(AF_NETLINK) delete link eth0: No buffer space available")
    }

    @Test("a message whose length runs past its datagram is malformed")
    func truncatedDatagram() throws {
        let transport = ReplayTransport(answers: [Array(Answer.done(sequence: 1).prefix(16)) + [0, 0]])
        #expect(
            throws: Netlink.Error.malformed(
                operation: "list links", reason: "a message length runs past the datagram")
        ) {
            try Netlink.Session(transport: transport).links()
        }
    }
}
