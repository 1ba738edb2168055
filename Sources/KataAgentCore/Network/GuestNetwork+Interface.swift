// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataError
import KataLinux
import Netlink

extension GuestNetwork {
    /// UpdateInterface (spec §8): finds the NIC by MAC (or gives the link named `name` that MAC),
    /// sets it down, adds the addresses, then sets MTU, name and ARP and brings it up. A link that
    /// already has the wanted name is renamed `<name>_temp` meanwhile and gets the NIC's old name.
    /// - Parameter interface: the wanted configuration.
    /// - Throws: `KataError`: `.notFound` "Link not found" (the text Kata hosts retry on), or the
    ///   failed step naming the interface.
    func update(_ interface: GuestInterface) async throws(KataError) {
        let operation = "UpdateInterface \(interface.name)"
        // Heard before the first look, so a NIC whose driver finishes probing in between is seen;
        // without the socket the links are listed every 50 ms.
        let changes = try? await NetworkNamespace.perform(at: namespace) { () throws(Netlink.Error) in
            do throws(Syscall.Error) {
                return try KernelEventSocket(.links)
            } catch {
                throw .syscall(error)
            }
        }
        let found = try await KernelWait.lookUntilFound(
            timeout: linkWait, wakingOn: changes?.descriptor, interval: .milliseconds(50)
        ) { () throws(KataError) in
            try await run(operation) { socket throws(KataError) in
                try Self.findLink(interface, socket: socket, operation: operation)
            }
        }
        guard let found else {
            let key = interface.mac.map { "MAC \($0)" } ?? "name \(interface.name)"
            throw KataError(.notFound, "\(operation): Link not found: no interface with \(key)")
        }
        try await run(operation) { socket throws(KataError) in
            try Self.configure(found, as: interface, socket: socket, operation: operation)
        }
    }

    /// The link with the interface's MAC; failing that, the link named `name` given that MAC.
    private static func findLink(
        _ interface: GuestInterface, socket: Netlink.Session, operation: String
    ) throws(KataError) -> Netlink.Link? {
        let links = try socket.attempt(operation) { () throws(Netlink.Error) in try socket.links() }
        guard let mac = interface.mac else { return links.first { $0.name == interface.name } }
        if let link = links.first(where: { $0.mac == mac }) { return link }
        guard let named = links.first(where: { $0.name == interface.name }) else { return nil }
        try socket.attempt(operation) { () throws(Netlink.Error) in
            try socket.change(named, .init(up: false))
            try socket.change(named, .init(mac: mac))
        }
        return try socket.attempt(operation) { () throws(Netlink.Error) in try socket.link(mac: mac) }
    }

    private static func configure(
        _ link: Netlink.Link, as interface: GuestInterface, socket: Netlink.Session, operation: String
    ) throws(KataError) {
        try socket.attempt(operation) { () throws(Netlink.Error) in
            if link.isUp { try socket.change(link, .init(up: false)) }
            for address in interface.addresses {
                try socket.replace(
                    .init(index: link.index, address: address.address, prefixLength: address.prefixLength),
                    linkName: link.name)
            }
            var displaced: Netlink.Link?
            if link.name != interface.name, let holder = try? socket.link(named: interface.name) {
                if holder.isUp { try socket.change(holder, .init(up: false)) }
                try socket.change(holder, .init(name: interface.name + "_temp"))
                displaced = holder
            }
            let name = link.name == interface.name ? nil : interface.name
            try socket.change(
                link, .init(noARP: interface.noARP, mtu: interface.mtu == 0 ? nil : interface.mtu, name: name))
            try socket.change(link, .init(up: true))
            if let displaced {
                try socket.change(displaced, .init(name: link.name))
            }
        }
    }

    /// ListInterfaces: every link with its MAC, MTU and addresses.
    /// - Returns: the links in index order.
    /// - Throws: `KataError` from netlink.
    func interfaces() async throws(KataError) -> [GuestInterface] {
        try await run("ListInterfaces") { socket throws(KataError) in
            let (links, addresses) = try socket.attempt("ListInterfaces") { () throws(Netlink.Error) in
                (try socket.links(), try socket.addresses())
            }
            return links.map { link in
                GuestInterface(
                    name: link.name, mac: link.mac, mtu: link.mtu,
                    addresses: addresses.filter { $0.index == link.index }.map {
                        GuestAddress(address: $0.address, prefixLength: $0.prefixLength)
                    },
                    noARP: link.flags & Netlink.interfaceNoARP != 0, kind: link.kind ?? "", flags: link.flags)
            }
        }
    }
}
