// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

extension Netlink {
    /// An interface address with its prefix length (`10.0.0.5/24` on link 2).
    package struct InterfaceAddress: Sendable, Hashable, CustomStringConvertible {
        /// The link's index.
        package var index: Int32
        /// The address.
        package var address: IPAddress
        /// The prefix length.
        package var prefixLength: UInt8
        /// `RT_SCOPE_*`: 0 universe, 253 link, 254 host.
        package var scope: UInt8

        /// An address on link `index`.
        package init(index: Int32, address: IPAddress, prefixLength: UInt8, scope: UInt8 = 0) {
            self.index = index
            self.address = address
            self.prefixLength = prefixLength
            self.scope = scope
        }

        /// `10.0.0.5/24`.
        package var description: String { "\(address)/\(prefixLength)" }

        static func parse(_ payload: ArraySlice<UInt8>) -> InterfaceAddress? {
            guard payload.count >= 8 else { return nil }
            let start = payload.startIndex
            let attributes = Netlink.attributes(payload[(start + 8)...])
            // IPv4 puts the interface's own address in IFA_LOCAL (IFA_ADDRESS is the peer on
            // point-to-point links); IPv6 has only IFA_ADDRESS.
            guard let bytes = attributes[2] ?? attributes[1], let address = IPAddress(bytes: bytes) else { return nil }
            return InterfaceAddress(
                index: Int32(bitPattern: payload.integer(UInt32.self, at: start + 4)), address: address,
                prefixLength: payload[start + 1], scope: payload[start + 3])
        }
    }
}

extension Netlink.Message {
    /// `struct ifaddrmsg` (8 bytes).
    static func addressHeader(family: UInt8, prefixLength: UInt8, scope: UInt8, index: Int32) -> [UInt8] {
        var writer = ByteWriter()
        writer.append([family, prefixLength, 0, scope])
        writer.append(index)
        return writer.bytes
    }

    /// RTM_GETADDR for every address of every family.
    package static var addressDump: Self {
        Self(
            type: Netlink.getAddress, flags: Netlink.flagDump,
            header: addressHeader(family: 0, prefixLength: 0, scope: 0, index: 0))
    }

    /// RTM_NEWADDR with NLM_F_CREATE|NLM_F_REPLACE (`ip addr replace`); IPv4 prefixes shorter than
    /// 31 get the subnet's broadcast address, as `ip addr add … brd +` gives.
    /// - Parameter address: the address and its link.
    /// - Returns: the request.
    package static func replaceAddress(_ address: Netlink.InterfaceAddress) -> Self {
        var message = Self(
            type: Netlink.newAddress, flags: Netlink.flagCreate | Netlink.flagReplace,
            header: addressHeader(
                family: address.address.family.rawValue, prefixLength: address.prefixLength, scope: address.scope,
                index: address.index))
        var attributes: [Netlink.Attribute] = [
            .init(2, bytes: address.address.bytes), .init(1, bytes: address.address.bytes),
        ]
        if address.address.family == .v4, address.prefixLength < 31 {
            let host = (0..<4).reduce(UInt32(0)) { $0 << 8 | UInt32(address.address.bytes[$1]) }
            let broadcast = host | (UInt32.max >> UInt32(address.prefixLength))
            attributes.append(.init(4, bytes: (0..<4).map { UInt8(truncatingIfNeeded: broadcast >> (24 - 8 * $0)) }))
        }
        message.append(attributes)
        return message
    }

    /// RTM_DELADDR.
    /// - Parameter address: the address and its link.
    /// - Returns: the request.
    package static func deleteAddress(_ address: Netlink.InterfaceAddress) -> Self {
        var message = Self(
            type: Netlink.deleteAddressType, flags: 0,
            header: addressHeader(
                family: address.address.family.rawValue, prefixLength: address.prefixLength, scope: address.scope,
                index: address.index))
        message.append([.init(2, bytes: address.address.bytes)])
        return message
    }
}

extension Netlink.Session {
    /// Every address in the namespace (all families).
    /// - Throws: ``Netlink/Error``.
    package func addresses() throws(Netlink.Error) -> [Netlink.InterfaceAddress] {
        try dump(.addressDump, type: Netlink.newAddress, operation: "list addresses")
            .compactMap(Netlink.InterfaceAddress.parse)
    }

    /// Adds or replaces an address.
    /// - Parameters:
    ///   - address: the address and its link.
    ///   - linkName: the link's name, for the error.
    /// - Throws: ``Netlink/Error/kernel(operation:errno:)`` naming address and link.
    package func replace(_ address: Netlink.InterfaceAddress, linkName: String) throws(Netlink.Error) {
        try execute(.replaceAddress(address), operation: "add address \(address) to \(linkName)")
    }

    /// Removes an address.
    /// - Parameters:
    ///   - address: the address and its link.
    ///   - linkName: the link's name, for the error.
    /// - Throws: ``Netlink/Error/kernel(operation:errno:)`` naming address and link.
    package func delete(_ address: Netlink.InterfaceAddress, linkName: String) throws(Netlink.Error) {
        try execute(.deleteAddress(address), operation: "delete address \(address) from \(linkName)")
    }
}
