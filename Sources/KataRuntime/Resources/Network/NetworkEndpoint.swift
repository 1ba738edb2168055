// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

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

    /// The guest NIC the agent configures (spec §6.5): a veth endpoint is of type `virtual`.
    var guestInterface: GuestInterface {
        GuestInterface(name: name, mac: mac, mtu: mtu, addresses: addresses, type: "virtual", noARP: noARP)
    }

    /// The link's routes, on the guest NIC of the same name.
    var guestRoutes: [GuestRoute] { routes.map { GuestRoute($0, device: name) } }

    /// The link's neighbours, on the guest NIC of the same name.
    var guestNeighbors: [GuestNeighbor] { neighbors.map { GuestNeighbor($0, device: name) } }
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
