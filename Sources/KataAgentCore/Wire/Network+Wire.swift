// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import AgentAPI
import KataError
import KataLinux
import Netlink

// types.Interface, types.Route and types.ARPNeighbor, converted once at the edge; text fields
// are parsed here and a bad one names the field and its value.

extension GuestAddress {
    /// `10.0.0.5/24`; a bare address is a host prefix.
    init(cidr text: String, field: String) throws(KataError) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = Netlink.IPAddress(String(parts[0])) else {
            throw KataError(.invalidArgument, "\(field) \"\(text)\" is not an IP address or prefix")
        }
        let maximum: UInt8 = address.family == .v4 ? 32 : 128
        guard parts.count == 2 else {
            self.init(address: address, prefixLength: maximum)
            return
        }
        guard let prefix = UInt8(parts[1]), prefix <= maximum else {
            throw KataError(.invalidArgument, "\(field) \"\(text)\" has an invalid prefix length")
        }
        self.init(address: address, prefixLength: prefix)
    }

    init(_ wire: Types_IPAddress, field: String) throws(KataError) {
        try self.init(cidr: wire.mask.isEmpty ? wire.address : "\(wire.address)/\(wire.mask)", field: field)
    }
}

extension Netlink.IPAddress.Family {
    var wire: Types_IPFamily { self == .v4 ? .v4 : .v6 }
}

extension GuestInterface {
    /// The host's description of a NIC.
    /// - Throws: `KataError(.invalidArgument)` naming the field.
    init(_ wire: Types_Interface) throws(KataError) {
        let what = "UpdateInterface \(wire.name.isEmpty ? wire.device : wire.name)"
        guard !wire.name.isEmpty else { throw KataError(.invalidArgument, "\(what): the interface has no name") }
        var mac: Netlink.MACAddress?
        if !wire.hwAddr.isEmpty {
            guard let parsed = Netlink.MACAddress(wire.hwAddr) else {
                throw KataError(.invalidArgument, "\(what): hwAddr \"\(wire.hwAddr)\" is not a MAC address")
            }
            mac = parsed
        }
        guard let mtu = UInt32(exactly: wire.mtu) else {
            throw KataError(.invalidArgument, "\(what): mtu \(wire.mtu) is out of range")
        }
        var addresses: [GuestAddress] = []
        for address in wire.ipaddresses {
            addresses.append(try GuestAddress(address, field: "\(what): IP address"))
        }
        self.init(
            name: wire.name, mac: mac, mtu: mtu, addresses: addresses,
            noARP: wire.rawFlags & Netlink.interfaceNoARP != 0)
    }

    /// The wire form ListInterfaces answers with.
    var wire: Types_Interface {
        .with {
            $0.device = name
            $0.name = name
            $0.mtu = UInt64(mtu)
            $0.hwAddr = mac?.description ?? ""
            $0.type = kind
            $0.rawFlags = flags
            $0.ipaddresses = addresses.map { address in
                .with {
                    $0.family = address.address.family.wire
                    $0.address = address.address.description
                    $0.mask = "\(address.prefixLength)"
                }
            }
        }
    }
}

extension GuestRoute {
    /// A route the host asks for.
    /// - Throws: `KataError(.invalidArgument)` naming the field.
    init(_ wire: Types_Route) throws(KataError) {
        let what = "UpdateRoutes: route \(wire.dest.isEmpty ? "default" : wire.dest)"
        guard !wire.device.isEmpty else { throw KataError(.invalidArgument, "\(what): no device") }
        let destination = wire.dest.isEmpty ? nil : try GuestAddress(cidr: wire.dest, field: "\(what): dest")
        var gateway: Netlink.IPAddress?
        if !wire.gateway.isEmpty {
            guard let parsed = Netlink.IPAddress(wire.gateway) else {
                throw KataError(.invalidArgument, "\(what): gateway \"\(wire.gateway)\" is not an IP address")
            }
            gateway = parsed
        }
        var source: Source?
        if !wire.source.isEmpty {
            let parsed = try GuestAddress(cidr: wire.source, field: "\(what): source")
            let bare = !wire.source.contains("/") || parsed.prefixLength == 0
            source = bare ? .preferred(parsed.address) : .prefix(parsed)
        }
        let family = destination?.address.family ?? gateway?.family ?? (wire.family == .v6 ? .v6 : .v4)
        guard let scope = UInt8(exactly: wire.scope) else {
            throw KataError(.invalidArgument, "\(what): scope \(wire.scope) is out of range")
        }
        self.init(
            family: family, destination: destination, gateway: gateway, device: wire.device, source: source,
            scope: scope, flags: wire.flags, mtu: wire.mtu == 0 ? nil : wire.mtu)
    }

    /// The wire form ListRoutes answers with; a gateway route without destination reports `0.0.0.0`
    /// (IPv6 `::1`), as Kata's agent does.
    var wire: Types_Route {
        .with {
            let quirk = gateway == nil ? "" : (family == .v4 ? "0.0.0.0" : "::1")
            $0.dest = destination?.description ?? quirk
            $0.gateway = gateway?.description ?? ""
            $0.device = device
            switch source {
            case .preferred(let address): $0.source = address.description
            case .prefix(let prefix): $0.source = prefix.description
            case nil: break
            }
            $0.scope = UInt32(scope)
            $0.family = family.wire
            $0.flags = flags
            $0.mtu = mtu ?? 0
        }
    }
}

extension GuestNeighbor {
    /// A neighbour entry the host asks for.
    /// - Throws: `KataError(.invalidArgument)` naming the field.
    init(_ wire: Types_ARPNeighbor) throws(KataError) {
        let what = "AddARPNeighbors: \(wire.toIpaddress.address) on \(wire.device)"
        guard let address = Netlink.IPAddress(wire.toIpaddress.address) else {
            throw KataError(.invalidArgument, "\(what): toIPAddress is not an IP address")
        }
        guard !wire.device.isEmpty else { throw KataError(.invalidArgument, "\(what): no device") }
        var mac: Netlink.MACAddress?
        if !wire.lladdr.isEmpty {
            guard let parsed = Netlink.MACAddress(wire.lladdr) else {
                throw KataError(.invalidArgument, "\(what): lladdr \"\(wire.lladdr)\" is not a MAC address")
            }
            mac = parsed
        }
        guard let state = UInt16(exactly: wire.state), let flags = UInt8(exactly: wire.flags) else {
            throw KataError(.invalidArgument, "\(what): state \(wire.state) or flags \(wire.flags) out of range")
        }
        self.init(address: address, device: wire.device, mac: mac, state: state, flags: flags)
    }
}
