// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Foundation
import KataLinux
import KataTestSupport
import Netlink
import SystemPackage
import Testing

/// `#require` for the bodies run in a namespace, which may throw only `Netlink.Error`.
private func required<T>(_ value: T?, sourceLocation: SourceLocation = #_sourceLocation) throws(Netlink.Error) -> T {
    guard let value else {
        Issue.record("unexpected nil", sourceLocation: sourceLocation)
        throw .invalidArgument("unexpected nil")
    }
    return value
}

@Suite(
    "netlink in a scratch network namespace",
    .serialized,
    .enabled(if: ScratchNetns.available, "needs root and iproute2 for `ip netns add`"),
    .timeLimit(.minutes(2))
)
struct NetlinkNamespaceTests {
    @Test("a link or device socket opened in the namespace is readable once a link is added there")
    func kernelEventSocketsHearANewLink() async throws {
        let netns = try ScratchNetns(prefix: "kata-nl-events")
        defer { netns.remove() }
        for kind in [KernelEventSocket.Kind.links, .devices] {
            let socket = try await NetworkNamespace.perform(at: netns.path) { () throws(Netlink.Error) in
                do throws(Syscall.Error) {
                    return try KernelEventSocket(kind)
                } catch {
                    throw .syscall(error)
                }
            }
            #expect(try Poll.poll(socket.descriptor, for: .readable, timeout: .zero).isEmpty, "\(kind): quiet at first")
            try netns.ip(["link", "add", "kev0", "type", "veth", "peer", "name", "kev1"])
            // Without an announcement this poll would last until the suite's time limit.
            #expect(try Poll.poll(socket.descriptor, for: .readable, timeout: .seconds(600)).contains(.readable))
            socket.drain()
            #expect(try Poll.poll(socket.descriptor, for: .readable, timeout: .zero).isEmpty, "\(kind): drained")
            try netns.ip(["link", "del", "kev0"])
        }
    }

    @Test("links, addresses, routes and neighbours are listed and changed")
    func linksAddressesRoutes() throws {
        let netns = try ScratchNetns(prefix: "kata-nl-test")
        defer { netns.remove() }
        try netns.ip(["link", "add", "kv0", "type", "veth", "peer", "name", "kv1"])
        try NetworkNamespace.run(at: netns.path) { () throws(Netlink.Error) in
            let socket = try Netlink.Session()
            let veth = try socket.link(named: "kv0")
            #expect(veth.kind == "veth")
            #expect(!veth.isUp)
            let mac = try required(Netlink.MACAddress("02:00:0a:c8:00:02"))
            try socket.change(veth, .init(up: true, mtu: 1400, name: "kveth", mac: mac))
            let changed = try socket.link(index: veth.index)
            #expect(changed.name == "kveth" && changed.mtu == 1400 && changed.mac == mac && changed.isUp)
            #expect(try socket.link(mac: mac)?.index == veth.index)
            try socket.change(try socket.link(named: "kv1"), .init(up: true))

            let address = try required(Netlink.IPAddress("10.200.0.2"))
            let entry = Netlink.InterfaceAddress(index: veth.index, address: address, prefixLength: 24)
            try socket.replace(entry, linkName: "kveth")
            try socket.replace(entry, linkName: "kveth")  // replace: a second time is fine
            #expect(try socket.addresses().contains(entry))

            let gateway = try required(Netlink.IPAddress("10.200.0.1"))
            let route = Netlink.Route(family: .v4, gateway: gateway, outputIndex: veth.index)
            try socket.replace(route, linkName: "kveth")
            let routes = try socket.routes()
            #expect(routes.contains { $0.destination == nil && $0.gateway == gateway && $0.routeProtocol == 3 })
            // The kernel's own subnet route for the address is there too, marked proto kernel.
            #expect(routes.contains { $0.destinationPrefix == 24 && $0.routeProtocol == Netlink.protocolKernel })

            let neighborMAC = try required(Netlink.MACAddress("02:00:0a:c8:00:01"))
            let neighbor = Netlink.Neighbor(
                index: veth.index, address: gateway, mac: neighborMAC, state: Netlink.neighborPermanent)
            try socket.replace(neighbor, linkName: "kveth")
            #expect(try socket.neighbors().contains { $0.address == gateway && $0.mac == neighborMAC })

            try socket.delete(entry, linkName: "kveth")
            #expect(try !socket.addresses().contains(entry))
            try socket.delete(try socket.link(named: "kveth"))
            #expect(try socket.links().allSatisfy { $0.name == "lo" })
        }
    }

    @Test("failures name the operation and the object")
    func failures() throws {
        let netns = try ScratchNetns(prefix: "kata-nl-test")
        defer { netns.remove() }
        try NetworkNamespace.run(at: netns.path) { () throws(Netlink.Error) in
            let socket = try Netlink.Session()
            #expect(throws: Netlink.Error.notFound("link \"eth9\"")) { try socket.link(named: "eth9") }
            let loopback = try socket.link(named: "lo")
            let address = try required(Netlink.IPAddress("10.1.0.1"))
            let route = Netlink.Route(family: .v4, gateway: address, outputIndex: loopback.index)
            do throws(Netlink.Error) {
                try socket.replace(route, linkName: "lo")
                Issue.record("a gateway route over a down loopback must fail")
            } catch {
                #expect(error.description.hasPrefix("add route default via 10.1.0.1 dev #1 dev lo: "))
                #expect(error.errno != nil)
            }
            #expect(throws: Netlink.Error.self) { try socket.change(loopback, .init(name: "a-name-far-too-long")) }
        }
        #expect(throws: Netlink.Error.self) {
            try NetworkNamespace.run(at: "/var/run/netns/kata-no-such-netns") { () throws(Netlink.Error) in 1 }
        }
    }

    @Test("a tap with tc redirects both ways to a veth, gone when its descriptor closes")
    func tapRedirect() throws {
        let netns = try ScratchNetns(prefix: "kata-nl-test")
        defer { netns.remove() }
        try netns.ip(["link", "add", "kv0", "type", "veth", "peer", "name", "kv1"])
        let descriptors = try NetworkNamespace.run(at: netns.path) { () throws(Netlink.Error) in
            let fds: [FileDescriptor]
            do throws(Syscall.Error) {
                fds = try Tap.open(name: "tap0_kata")
            } catch {
                throw .syscall(error)
            }
            let socket = try Netlink.Session()
            let tap = try socket.link(named: "tap0_kata")
            let veth = try socket.link(named: "kv0")
            #expect(tap.kind == "tun")
            try socket.change(tap, .init(up: true, mtu: veth.mtu))
            for link in [tap, veth] { try socket.addIngressQdisc(link) }
            #expect(throws: Netlink.Error.self) { try socket.addIngressQdisc(veth) }  // EEXIST
            try socket.addRedirectFilter(from: veth, to: tap)
            try socket.addRedirectFilter(from: tap, to: veth)
            for link in [tap, veth] {
                #expect(
                    try socket.qdiscs(of: link).contains { $0.kind == "ingress" && $0.handle == Netlink.ingressHandle })
                #expect(try socket.ingressFilters(of: link).contains { $0.kind == "u32" })
            }
            try socket.deleteIngressFilters(veth)
            #expect(try !socket.ingressFilters(of: veth).contains { $0.kind == "u32" })
            try socket.deleteIngressQdisc(veth)
            #expect(try !socket.qdiscs(of: veth).contains { $0.kind == "ingress" })
            return fds.map(\.rawValue)
        }
        // The tap lives in the namespace although this thread never entered it.
        #expect(descriptors.count == 1)
        for fd in descriptors { try FileDescriptor(rawValue: fd).close() }
        let left = try NetworkNamespace.run(at: netns.path) { () throws(Netlink.Error) in
            try Netlink.Session().links().map(\.name)
        }
        #expect(!left.contains("tap0_kata"))
    }
}
