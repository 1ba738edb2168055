// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import AgentAPI
import Netlink

/// One pod interface found in the netns (a CNI veth) and what the guest needs to mirror it: the
/// tap it is bridged to with tc, and its addresses, routes and neighbours (spec §6.1-6.3, §8).
struct NetworkEndpoint: Sendable, Equatable {
    /// The endpoint index i (tap<i>_kata, netdev network-<i>).
    var index: Int
    /// The netns link's name, which the guest NIC gets (`eth0`).
    var name: String
    /// The veth's MAC, which the guest NIC gets.
    var mac: Netlink.MACAddress
    var mtu: UInt32
    /// IFF_NOARP on the veth.
    var noARP: Bool
    var addresses: [Netlink.InterfaceAddress]
    /// The link's routes, except those the kernel made for its addresses.
    var routes: [Netlink.Route]
    /// Permanent neighbour entries with a MAC.
    var neighbors: [Netlink.Neighbor]

    /// `tap<i>_kata`.
    var tapName: String { "tap\(index)_kata" }
    /// The cold-plugged netdev id, `network-<i>`.
    var netdevID: String { "network-\(index)" }

    /// UpdateInterface's Interface (spec §6.5): name, MAC, MTU, addresses with prefix lengths,
    /// type `virtual` (a veth endpoint) and the IFF_NOARP bit.
    var interface: Types_Interface {
        .with {
            $0.device = name
            $0.name = name
            $0.mtu = UInt64(mtu)
            $0.hwAddr = mac.description
            $0.type = "virtual"
            $0.rawFlags = noARP ? Netlink.interfaceNoARP : 0
            $0.ipaddresses = addresses.map { address in
                .with {
                    $0.family = address.address.family == .v4 ? .v4 : .v6
                    $0.address = address.address.description
                    $0.mask = "\(address.prefixLength)"
                }
            }
        }
    }

    /// UpdateRoutes' entries for this link; the device is the endpoint's name.
    var agentRoutes: [Types_Route] {
        routes.map { route in
            .with {
                $0.dest = route.destination.map { "\($0)/\(route.destinationPrefix)" } ?? ""
                $0.gateway = route.gateway?.description ?? ""
                $0.source = route.preferredSource?.description ?? ""
                $0.device = name
                $0.scope = UInt32(route.scope)
                $0.family = route.family == .v4 ? .v4 : .v6
                $0.flags = route.flags
                $0.mtu = route.mtu ?? 0
            }
        }
    }

    /// AddARPNeighbors' entries for this link.
    var agentNeighbors: [Types_ARPNeighbor] {
        neighbors.map { neighbor in
            .with {
                $0.toIpaddress = .with {
                    $0.family = neighbor.address.family == .v4 ? .v4 : .v6
                    $0.address = neighbor.address.description
                }
                $0.device = name
                $0.lladdr = neighbor.mac?.description ?? ""
                $0.state = Int32(neighbor.state)
                $0.flags = Int32(neighbor.flags)
            }
        }
    }
}

/// What the sandbox state records of its network, for teardown after a crash.
package struct NetworkState: Sendable, Equatable, Codable {
    /// The pod's netns file.
    package var namespacePath: String
    /// `veth` → `tap` names attached, in order.
    package var links: [AttachedLink] = []

    /// One veth and its tap.
    package struct AttachedLink: Sendable, Equatable, Codable {
        /// The netns link (the veth).
        package var veth: String
        /// Its `tap<i>_kata`.
        package var tap: String
    }
}
