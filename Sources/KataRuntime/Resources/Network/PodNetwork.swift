// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataError
import KataLinux
import Netlink
import OCISpec
import SystemPackage

/// The pod's network on the host, Kata's default `tcfilter` model (spec §6.1-6.3): the veths of
/// the netns named in the OCI spec are scanned, each gets a tap `tap<i>_kata` with tc redirects
/// both ways, and the taps' queue descriptors go to QEMU. Work inside the netns runs on a thread of
/// its own (``NetworkNamespace``); the shim itself never changes namespace.
enum PodNetwork {
    /// The queues (and vhost-net descriptors) of one endpoint's tap; the caller closes them once
    /// QEMU has its copies.
    struct Descriptors: Sendable {
        var taps: [FileDescriptor]
        var vhost: [FileDescriptor]

        func close() {
            for fd in taps + vhost { try? fd.close() }
        }
    }

    /// The netns path of the spec's `network` namespace, if it names one. Without a path
    /// containerd asked for no pod network (`ctr run` without `--with-ns`): the VM gets no NIC.
    static func namespacePath(of spec: OCISpec.Spec) -> String? {
        spec.linux?.namespaces?.first { $0.type == .network }?.path.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Scans the netns (§6.1): links with an address, not loopback and not our own taps, sorted by
    /// name, each with its addresses, routes (not the kernel's) and permanent neighbours.
    /// - Throws: `KataError`: `.invalidArgument` "Unsupported network interface" for a link that is
    ///   not a veth, or "Host networking requested" for the shim's own netns; `.internal` when the
    ///   netns cannot be entered or read.
    static func scan(namespace: String) async throws(KataError) -> [NetworkEndpoint] {
        do {
            return try await NetworkNamespace.perform(at: namespace) { () throws(Netlink.Error) in
                // /proc/self/ns is the main thread's, which never leaves the shim's own netns.
                let own = try? FileSystem.readLink("/proc/self/ns/net")
                if let own, own == (try? FileSystem.readLink("/proc/thread-self/ns/net")) {
                    throw .invalidArgument("Host networking requested, not supported by runtime")
                }
                let socket = try Netlink.Session()
                let links = try socket.links()
                let addresses = try socket.addresses()
                let routes = try socket.routes()
                let neighbors = try socket.neighbors()
                var endpoints: [NetworkEndpoint] = []
                let candidates = links.filter { link in
                    !link.isLoopback && !isOwnDevice(link.name)
                        && addresses.contains { $0.index == link.index && !isIPv6LinkLocal($0) }
                }
                for link in candidates.sorted(by: { $0.name < $1.name }) {
                    guard link.kind == "veth", let mac = link.mac else {
                        throw .invalidArgument(
                            "Unsupported network interface: \(link.name) (type \(link.kind ?? "device")); "
                                + "only veth interfaces are supported")
                    }
                    endpoints.append(
                        NetworkEndpoint(
                            index: endpoints.count, name: link.name, mac: mac, mtu: link.mtu,
                            noARP: link.flags & Netlink.interfaceNoARP != 0,
                            addresses: addresses.filter { $0.index == link.index && !isIPv6LinkLocal($0) },
                            routes: routes.filter {
                                $0.outputIndex == link.index && $0.routeProtocol != Netlink.protocolKernel
                            },
                            neighbors: neighbors.filter {
                                $0.index == link.index && $0.mac != nil && $0.state & Netlink.neighborPermanent != 0
                            }))
                }
                return endpoints
            }
        } catch {
            let code: KataError.Code = if case .invalidArgument = error { .invalidArgument } else { .internal }
            throw KataError(code, "scan of network namespace \(namespace): \(error)")
        }
    }

    /// Creates each endpoint's tap and the tc redirects both ways (§6.3): tap MTU = veth MTU, tap
    /// up, ingress qdiscs on tap then veth, u32 match-all mirred filters. A failure undoes every
    /// endpoint done so far.
    /// - Parameters:
    ///   - endpoints: the scanned endpoints.
    ///   - namespace: their netns.
    ///   - vhostNet: whether to open /dev/vhost-net once per queue for QEMU.
    /// - Returns: one set of descriptors per endpoint, in order.
    /// - Throws: `KataError(.internal)` naming the step and link.
    static func connect(
        _ endpoints: [NetworkEndpoint], namespace: String, vhostNet: Bool
    ) async throws(KataError) -> [Descriptors] {
        do {
            return try await NetworkNamespace.perform(at: namespace) { () throws(Netlink.Error) in
                let socket = try Netlink.Session()
                var done: [Descriptors] = []
                var configured: [Netlink.Link] = []
                do throws(Netlink.Error) {
                    for endpoint in endpoints {
                        let taps: [FileDescriptor]
                        do throws(Syscall.Error) {
                            taps = try Tap.open(name: endpoint.tapName)
                        } catch {
                            throw .syscall(error)
                        }
                        var descriptors = Descriptors(taps: taps, vhost: [])
                        done.append(descriptors)
                        let tap = try socket.link(named: endpoint.tapName)
                        let veth = try socket.link(named: endpoint.name)
                        try socket.change(tap, .init(up: true, mtu: veth.mtu))
                        try withBusyRetry { () throws(Netlink.Error) in try socket.addIngressQdisc(tap) }
                        try withBusyRetry { () throws(Netlink.Error) in try socket.addIngressQdisc(veth) }
                        configured.append(veth)
                        try socket.addRedirectFilter(from: veth, to: tap)
                        try socket.addRedirectFilter(from: tap, to: veth)
                        if vhostNet {
                            for _ in taps {
                                do throws(Syscall.Error) {
                                    descriptors.vhost.append(try FileSystem.open("/dev/vhost-net", .readWrite))
                                    done[done.count - 1] = descriptors
                                } catch {
                                    throw .syscall(error)
                                }
                            }
                        }
                    }
                } catch {
                    for veth in configured { try? socket.deleteIngressQdisc(veth) }
                    // The taps are not persistent: closing their queues removes them.
                    for descriptors in done { descriptors.close() }
                    throw error
                }
                return done
            }
        } catch {
            throw KataError(.internal, "network set-up in \(namespace): \(error)")
        }
    }

    /// Undoes ``connect(_:namespace:vhostNet:)`` from the persisted record (§6.3 teardown): the
    /// tap deleted if it is still there, the veth's ingress filters and qdisc deleted and then the
    /// veth set down. The veth itself belongs to CNI and stays. A netns or link already gone is fine.
    /// - Parameter state: what was attached.
    /// - Returns: what could not be undone, for the log.
    @discardableResult
    static func disconnect(_ state: NetworkState) async -> [String] {
        guard FileSystem.exists(state.namespacePath) else { return [] }
        let links = state.links
        do {
            return try await NetworkNamespace.perform(at: state.namespacePath) { () throws(Netlink.Error) in
                let socket = try Netlink.Session()
                var problems: [String] = []
                for link in links.reversed() {
                    if let tap = try? socket.link(named: link.tap) {
                        do throws(Netlink.Error) { try socket.delete(tap) } catch { problems.append("\(error)") }
                    }
                    guard let veth = try? socket.link(named: link.veth) else { continue }
                    try? socket.deleteIngressFilters(veth)
                    do throws(Netlink.Error) {
                        try socket.deleteIngressQdisc(veth)
                        // Only a veth this sandbox had attached is set down, as Go does; a set-up
                        // that failed before its qdisc leaves CNI's veth as it was.
                        try? socket.change(veth, .init(up: false))
                    } catch .kernel(_, .invalidArgument), .kernel(_, .noSuchFileOrDirectory) {
                        // No ingress qdisc: nothing was attached to this veth.
                    } catch {
                        problems.append("\(error)")
                    }
                }
                return problems
            }
        } catch {
            return ["network teardown in \(state.namespacePath): \(error)"]
        }
    }

    /// `tap<N>_kata` and `br<N>_kata`: the runtime's own devices, never endpoints.
    static func isOwnDevice(_ name: String) -> Bool {
        for prefix in ["tap", "br"] where name.hasPrefix(prefix) && name.hasSuffix("_kata") {
            let middle = name.dropFirst(prefix.count).dropLast("_kata".count)
            if !middle.isEmpty, middle.allSatisfy(\.isNumber) { return true }
        }
        return false
    }

    /// fe80::/10: every IPv6 link has one of its own; the guest NIC makes its own too.
    private static func isIPv6LinkLocal(_ address: Netlink.InterfaceAddress) -> Bool {
        address.address.family == .v6 && address.address.bytes[0] == 0xFE && address.address.bytes[1] & 0xC0 == 0x80
    }

    /// Retries on EBUSY up to 5 times, 10, 20, 30 … ms apart, as Kata does for qdiscs.
    private static func withBusyRetry(_ body: () throws(Netlink.Error) -> Void) throws(Netlink.Error) {
        var attempt = 0
        while true {
            do {
                try body()
                return
            } catch .kernel(_, .resourceBusy) where attempt < 5 {
                attempt += 1
                // On the netns thread of its own, never a cooperative one.
                NetworkNamespace.pause(milliseconds: 10 * attempt)
            }
        }
    }
}
