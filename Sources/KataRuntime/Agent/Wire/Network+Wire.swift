// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import AgentAPI
import Netlink

extension Types_Interface {
    /// UpdateInterface's Interface (spec §6.5): name, MAC, MTU, addresses with prefix lengths, the
    /// endpoint type and the IFF_NOARP bit.
    /// - Parameter interface: the domain interface.
    init(_ interface: GuestInterface) {
        self.init()
        device = interface.name
        name = interface.name
        mtu = UInt64(interface.mtu)
        hwAddr = interface.mac.description
        type = interface.type
        rawFlags = interface.noARP ? Netlink.interfaceNoARP : 0
        ipaddresses = interface.addresses.map { address in
            .with {
                $0.family = address.address.family == .v4 ? .v4 : .v6
                $0.address = address.address.description
                $0.mask = "\(address.prefixLength)"
            }
        }
    }
}

extension Types_Route {
    /// An UpdateRoutes entry; the device is the guest NIC's name.
    /// - Parameter guest: the domain route.
    init(_ guest: GuestRoute) {
        self.init()
        let route = guest.route
        dest = route.destination.map { "\($0)/\(route.destinationPrefix)" } ?? ""
        gateway = route.gateway?.description ?? ""
        source = route.preferredSource?.description ?? ""
        device = guest.device
        scope = UInt32(route.scope)
        family = route.family == .v4 ? .v4 : .v6
        flags = route.flags
        mtu = route.mtu ?? 0
    }
}

extension Types_ARPNeighbor {
    /// An AddARPNeighbors entry.
    /// - Parameter guest: the domain neighbour.
    init(_ guest: GuestNeighbor) {
        self.init()
        let neighbor = guest.neighbor
        toIpaddress = .with {
            $0.family = neighbor.address.family == .v4 ? .v4 : .v6
            $0.address = neighbor.address.description
        }
        device = guest.device
        lladdr = neighbor.mac?.description ?? ""
        state = Int32(neighbor.state)
        flags = Int32(neighbor.flags)
    }
}
