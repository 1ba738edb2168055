// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

extension Netlink {
    /// A network interface as RTM_GETLINK reports it.
    package struct Link: Sendable, Equatable {
        /// The interface index.
        package var index: Int32
        /// The name (`eth0`).
        package var name: String
        /// `IFLA_INFO_KIND` (`veth`, `tun`, `dummy`, `bridge`…), nil for physical and loopback.
        package var kind: String?
        /// The hardware address, nil when the link has none (tun, some tunnels).
        package var mac: MACAddress?
        /// The MTU.
        package var mtu: UInt32
        /// `IFF_*` flags.
        package var flags: UInt32

        /// Whether IFF_UP is set.
        package var isUp: Bool { flags & Netlink.interfaceUp != 0 }
        /// Whether this is a loopback interface.
        package var isLoopback: Bool { flags & Netlink.interfaceLoopback != 0 }

        /// Parses an RTM_NEWLINK payload.
        static func parse(_ payload: ArraySlice<UInt8>) -> Link? {
            guard payload.count >= 16 else { return nil }
            let start = payload.startIndex
            let attributes = Netlink.attributes(payload[(start + 16)...])
            guard let name = attributes[3]?.netlinkString else { return nil }
            let kind = attributes[18].flatMap { Netlink.attributes($0)[1]?.netlinkString }
            return Link(
                index: Int32(bitPattern: payload.integer(UInt32.self, at: start + 4)), name: name, kind: kind,
                mac: attributes[1].flatMap { MACAddress(bytes: $0) },
                mtu: attributes[4].map { $0.integer(UInt32.self, at: $0.startIndex) } ?? 0,
                flags: payload.integer(UInt32.self, at: start + 8))
        }
    }

    /// A change to an existing link (RTM_NEWLINK on its index).
    package struct LinkChange: Sendable, Equatable {
        /// Set or clear IFF_UP; nil leaves it.
        package var up: Bool?
        /// Set or clear IFF_NOARP; nil leaves it.
        package var noARP: Bool?
        /// A new MTU.
        package var mtu: UInt32?
        /// A new name.
        package var name: String?
        /// A new hardware address.
        package var mac: MACAddress?

        /// A change; every field defaults to "leave as is".
        package init(
            up: Bool? = nil, noARP: Bool? = nil, mtu: UInt32? = nil, name: String? = nil, mac: MACAddress? = nil
        ) {
            self.up = up
            self.noARP = noARP
            self.mtu = mtu
            self.name = name
            self.mac = mac
        }
    }
}

extension Netlink.Message {
    /// `struct ifinfomsg` (16 bytes).
    static func interfaceHeader(index: Int32, flags: UInt32 = 0, change: UInt32 = 0) -> [UInt8] {
        var writer = ByteWriter()
        writer.append([0, 0])  // AF_UNSPEC, padding
        writer.append(UInt16(0))  // ARPHRD type
        writer.append(index)
        writer.append(flags)
        writer.append(change)
        return writer.bytes
    }

    /// RTM_GETLINK for every link.
    package static var linkDump: Self {
        Self(type: Netlink.getLink, flags: Netlink.flagDump, header: interfaceHeader(index: 0))
    }

    /// RTM_NEWLINK changing flags, MTU, name or MAC of link `index`.
    /// - Parameters:
    ///   - index: the link.
    ///   - change: what to change.
    /// - Returns: the request.
    package static func changeLink(index: Int32, _ change: Netlink.LinkChange) -> Self {
        var flags: UInt32 = 0
        var mask: UInt32 = 0
        if let up = change.up {
            mask |= Netlink.interfaceUp
            if up { flags |= Netlink.interfaceUp }
        }
        if let noARP = change.noARP {
            mask |= Netlink.interfaceNoARP
            if noARP { flags |= Netlink.interfaceNoARP }
        }
        var message = Self(
            type: Netlink.newLink, flags: 0, header: interfaceHeader(index: index, flags: flags, change: mask))
        var attributes: [Netlink.Attribute] = []
        if let mac = change.mac { attributes.append(.init(1, bytes: mac.bytes)) }
        if let name = change.name { attributes.append(.init(3, string: name)) }
        if let mtu = change.mtu { attributes.append(.init(4, uint32: mtu)) }
        message.append(attributes)
        return message
    }

    /// RTM_DELLINK of link `index`.
    /// - Parameter index: the link.
    /// - Returns: the request.
    package static func deleteLink(index: Int32) -> Self {
        Self(type: Netlink.deleteLinkType, flags: 0, header: interfaceHeader(index: index))
    }
}

extension Netlink.Session {
    /// Every link in the socket's namespace, by index.
    /// - Throws: ``Netlink/Error``.
    package func links() throws(Netlink.Error) -> [Netlink.Link] {
        try dump(.linkDump, type: Netlink.newLink, operation: "list links").compactMap(Netlink.Link.parse)
            .sorted { $0.index < $1.index }
    }

    /// The link named `name`.
    /// - Throws: ``Netlink/Error/notFound(_:)`` when there is none.
    package func link(named name: String) throws(Netlink.Error) -> Netlink.Link {
        guard let link = try links().first(where: { $0.name == name }) else { throw .notFound("link \"\(name)\"") }
        return link
    }

    /// The link with index `index`.
    /// - Throws: ``Netlink/Error/notFound(_:)`` when there is none.
    package func link(index: Int32) throws(Netlink.Error) -> Netlink.Link {
        guard let link = try links().first(where: { $0.index == index }) else { throw .notFound("link #\(index)") }
        return link
    }

    /// The link whose hardware address is `mac`, or nil.
    /// - Throws: ``Netlink/Error``.
    package func link(mac: Netlink.MACAddress) throws(Netlink.Error) -> Netlink.Link? {
        try links().first { $0.mac == mac }
    }

    /// Changes a link's flags, MTU, name or MAC in one request.
    /// - Parameters:
    ///   - link: the link.
    ///   - change: what to change.
    /// - Throws: ``Netlink/Error/kernel(operation:errno:)`` naming the link.
    package func change(_ link: Netlink.Link, _ change: Netlink.LinkChange) throws(Netlink.Error) {
        try validate(change)
        try execute(.changeLink(index: link.index, change), operation: "change link \(link.name) (\(change))")
    }

    /// Deletes a link.
    /// - Parameter link: the link.
    /// - Throws: ``Netlink/Error/kernel(operation:errno:)`` naming the link.
    package func delete(_ link: Netlink.Link) throws(Netlink.Error) {
        try execute(.deleteLink(index: link.index), operation: "delete link \(link.name)")
    }

    private func validate(_ change: Netlink.LinkChange) throws(Netlink.Error) {
        if let name = change.name, name.utf8.count >= 16 || name.isEmpty {
            throw .invalidArgument("interface name \"\(name)\" must have 1 to 15 bytes")
        }
    }
}

extension Netlink.LinkChange: CustomStringConvertible {
    /// `up, mtu 1500, name eth0`.
    package var description: String {
        var parts: [String] = []
        if let up { parts.append(up ? "up" : "down") }
        if let noARP { parts.append(noARP ? "arp off" : "arp on") }
        if let mtu { parts.append("mtu \(mtu)") }
        if let name { parts.append("name \(name)") }
        if let mac { parts.append("address \(mac)") }
        return parts.joined(separator: ", ")
    }
}
