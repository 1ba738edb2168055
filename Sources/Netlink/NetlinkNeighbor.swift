// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

extension Netlink {
    /// A neighbour (ARP/NDP) entry.
    package struct Neighbor: Sendable, Equatable, CustomStringConvertible {
        /// The link's index.
        package var index: Int32
        /// The neighbour's IP address.
        package var address: IPAddress
        /// Its hardware address, nil while unresolved.
        package var mac: MACAddress?
        /// `NUD_*` state (0x80 permanent, 0x02 reachable).
        package var state: UInt16
        /// `NTF_*` flags.
        package var flags: UInt8

        /// An entry on link `index`.
        package init(index: Int32, address: IPAddress, mac: MACAddress?, state: UInt16, flags: UInt8 = 0) {
            self.index = index
            self.address = address
            self.mac = mac
            self.state = state
            self.flags = flags
        }

        /// `10.0.0.1 lladdr aa:bb:… state 0x80`.
        package var description: String {
            "\(address) lladdr \(mac.map(\.description) ?? "none") state 0x\(String(state, radix: 16))"
        }

        static func parse(_ payload: ArraySlice<UInt8>) -> Neighbor? {
            guard payload.count >= 12 else { return nil }
            let start = payload.startIndex
            let attributes = Netlink.attributes(payload[(start + 12)...])
            guard let address = attributes[1].flatMap({ IPAddress(bytes: $0) }) else { return nil }
            return Neighbor(
                index: Int32(bitPattern: payload.integer(UInt32.self, at: start + 4)), address: address,
                mac: attributes[2].flatMap { MACAddress(bytes: $0) },
                state: payload.integer(UInt16.self, at: start + 8),
                flags: payload[start + 10])
        }
    }
}

extension Netlink.Message {
    /// RTM_GETNEIGH for every entry.
    package static var neighborDump: Self {
        Self(type: Netlink.getNeighbor, flags: Netlink.flagDump, header: [UInt8](repeating: 0, count: 12))
    }

    /// RTM_NEWNEIGH with NLM_F_CREATE|NLM_F_REPLACE (`ip neigh replace`).
    /// - Parameter neighbor: the entry.
    /// - Returns: the request.
    package static func replaceNeighbor(_ neighbor: Netlink.Neighbor) -> Self {
        var writer = ByteWriter()
        writer.append([neighbor.address.family.rawValue, 0])
        writer.append(UInt16(0))
        writer.append(neighbor.index)
        writer.append(neighbor.state)
        writer.append([neighbor.flags, 0])  // flags, type
        var message = Self(
            type: Netlink.newNeighbor, flags: Netlink.flagCreate | Netlink.flagReplace, header: writer.bytes)
        var attributes: [Netlink.Attribute] = [.init(1, bytes: neighbor.address.bytes)]
        if let mac = neighbor.mac { attributes.append(.init(2, bytes: mac.bytes)) }
        message.append(attributes)
        return message
    }
}

extension Netlink.Session {
    /// Every neighbour entry.
    /// - Throws: ``Netlink/Error``.
    package func neighbors() throws(Netlink.Error) -> [Netlink.Neighbor] {
        try dump(.neighborDump, type: Netlink.newNeighbor, operation: "list neighbours").compactMap(
            Netlink.Neighbor.parse)
    }

    /// Adds or replaces a neighbour entry.
    /// - Parameters:
    ///   - neighbor: the entry.
    ///   - linkName: its link's name, for the error.
    /// - Throws: ``Netlink/Error/kernel(operation:errno:)`` naming the entry and link.
    package func replace(_ neighbor: Netlink.Neighbor, linkName: String) throws(Netlink.Error) {
        try execute(.replaceNeighbor(neighbor), operation: "add neighbour \(neighbor) on \(linkName)")
    }
}
