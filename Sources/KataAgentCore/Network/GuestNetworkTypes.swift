// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Netlink

/// An address with its prefix length, `10.0.0.5/24`.
struct GuestAddress: Sendable, Hashable, CustomStringConvertible {
    var address: Netlink.IPAddress
    var prefixLength: UInt8

    var description: String { "\(address)/\(prefixLength)" }
}

/// A guest NIC as the host describes it (types.Interface) or the guest reports it.
struct GuestInterface: Sendable, Equatable {
    /// The wanted name (`eth0`).
    var name: String
    /// The MAC that identifies the NIC; nil means "look it up by name".
    var mac: Netlink.MACAddress?
    /// The MTU; 0 leaves it.
    var mtu: UInt32
    /// Addresses to add.
    var addresses: [GuestAddress]
    /// IFF_NOARP wanted.
    var noARP: Bool
    /// Link kind when listing (`veth`, `tun`), informational.
    var kind: String = ""
    /// IFF_* flags when listing.
    var flags: UInt32 = 0
}

/// A route to replace (types.Route).
struct GuestRoute: Sendable, Equatable, CustomStringConvertible {
    /// What `source` means: a source prefix (`from`), or the preferred source address (`src`).
    enum Source: Sendable, Equatable {
        case prefix(GuestAddress)
        case preferred(Netlink.IPAddress)
    }

    var family: Netlink.IPAddress.Family
    /// nil: the default route.
    var destination: GuestAddress?
    var gateway: Netlink.IPAddress?
    /// The output link's name.
    var device: String
    var source: Source?
    var scope: UInt8
    var flags: UInt32
    /// nil: unset.
    var mtu: UInt32?

    var description: String {
        var text = destination?.description ?? "default"
        if let gateway { text += " via \(gateway)" }
        return text + " dev \(device)"
    }
}

/// A neighbour entry to replace (types.ARPNeighbor).
struct GuestNeighbor: Sendable, Equatable {
    var address: Netlink.IPAddress
    var device: String
    var mac: Netlink.MACAddress?
    /// NUD_* state; 0 on the wire means permanent.
    var state: UInt16
    var flags: UInt8
}
