// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

extension Netlink {
    /// One request: the netlink header's type and flags, then a family header (`ifinfomsg`,
    /// `tcmsg`, …) and attributes. Integers are in host byte order, as netlink wants.
    package struct Message: Sendable, Equatable {
        /// `nlmsg_type`, e.g. RTM_NEWLINK.
        package var type: UInt16
        /// `nlmsg_flags`; NLM_F_REQUEST is added when encoding.
        package var flags: UInt16
        /// The family header and the encoded attributes.
        package var payload: [UInt8]

        /// A message with a family header.
        /// - Parameters:
        ///   - type: the message type.
        ///   - flags: the request flags (ACK, CREATE, …).
        ///   - header: the family header's bytes.
        package init(type: UInt16, flags: UInt16, header: [UInt8]) {
            self.type = type
            self.flags = flags
            self.payload = header
        }

        /// Appends attributes after the header.
        /// - Parameter attributes: the attributes, in order.
        package mutating func append(_ attributes: [Attribute]) {
            for attribute in attributes { payload += attribute.encoded }
        }

        /// The bytes to send: `nlmsghdr` (length, type, flags, sequence, pid 0) and the payload.
        /// - Parameter sequence: `nlmsg_seq`.
        /// - Returns: the message.
        package func encoded(sequence: UInt32) -> [UInt8] {
            var bytes = ByteWriter()
            bytes.append(UInt32(16 + payload.count))
            bytes.append(type)
            bytes.append(flags | Netlink.flagRequest)
            bytes.append(sequence)
            bytes.append(UInt32(0))
            return bytes.bytes + payload
        }
    }

    /// A netlink attribute (`struct nlattr`): length, type, value, padded to 4 bytes.
    package struct Attribute: Sendable, Equatable {
        /// The attribute type, including NLA_F_NESTED when set.
        package var type: UInt16
        /// The value.
        package var value: [UInt8]

        /// An attribute holding raw bytes.
        /// - Parameters:
        ///   - type: the type.
        ///   - bytes: the value.
        package init(_ type: UInt16, bytes: [UInt8]) {
            self.type = type
            self.value = bytes
        }

        /// A NUL-terminated string attribute.
        /// - Parameters:
        ///   - type: the type.
        ///   - string: the text.
        package init(_ type: UInt16, string: String) {
            self.init(type, bytes: Array(string.utf8) + [0])
        }

        /// A 32-bit attribute in host order.
        /// - Parameters:
        ///   - type: the type.
        ///   - uint32: the value.
        package init(_ type: UInt16, uint32: UInt32) {
            var writer = ByteWriter()
            writer.append(uint32)
            self.init(type, bytes: writer.bytes)
        }

        /// A nested attribute holding `attributes`.
        /// - Parameters:
        ///   - type: the type (NLA_F_NESTED is not added: most rtnetlink users leave it off).
        ///   - attributes: the children.
        package init(_ type: UInt16, nested attributes: [Attribute]) {
            self.init(type, bytes: attributes.flatMap(\.encoded))
        }

        /// `nlattr` and the value, padded.
        package var encoded: [UInt8] {
            var writer = ByteWriter()
            writer.append(UInt16(4 + value.count))
            writer.append(type)
            var bytes = writer.bytes + value
            while bytes.count % 4 != 0 { bytes.append(0) }
            return bytes
        }
    }

    /// One message of the kernel's answer.
    struct Received {
        var type: UInt16
        var flags: UInt16
        var sequence: UInt32
        /// The bytes after `nlmsghdr`.
        var payload: ArraySlice<UInt8>
    }

    /// Splits a datagram into messages.
    /// - Parameter bytes: what recv returned.
    /// - Returns: the messages, or nil when a length field runs past the end.
    static func split(_ bytes: ArraySlice<UInt8>) -> [Received]? {
        var messages: [Received] = []
        var offset = bytes.startIndex
        while bytes.endIndex - offset >= 16 {
            let length = Int(bytes.integer(UInt32.self, at: offset))
            guard length >= 16, offset + length <= bytes.endIndex else { return nil }
            messages.append(
                Received(
                    type: bytes.integer(UInt16.self, at: offset + 4), flags: bytes.integer(UInt16.self, at: offset + 6),
                    sequence: bytes.integer(UInt32.self, at: offset + 8),
                    payload: bytes[(offset + 16)..<(offset + length)]))
            offset += (length + 3) & ~3
        }
        return messages
    }

    /// The attributes in `bytes` by type (NLA_F_NESTED and NLA_F_NET_BYTEORDER masked off); the
    /// first of a repeated type wins.
    /// - Parameter bytes: a run of attributes.
    /// - Returns: each type's value.
    static func attributes(_ bytes: ArraySlice<UInt8>) -> [UInt16: ArraySlice<UInt8>] {
        var found: [UInt16: ArraySlice<UInt8>] = [:]
        var offset = bytes.startIndex
        while bytes.endIndex - offset >= 4 {
            let length = Int(bytes.integer(UInt16.self, at: offset))
            let type = bytes.integer(UInt16.self, at: offset + 2) & 0x3FFF
            guard length >= 4, offset + length <= bytes.endIndex else { break }
            if found[type] == nil { found[type] = bytes[(offset + 4)..<(offset + length)] }
            offset += (length + 3) & ~3
        }
        return found
    }
}

/// Appends integers in host byte order.
struct ByteWriter {
    var bytes: [UInt8] = []

    mutating func append<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value) { bytes += $0 }
    }

    mutating func append(_ raw: [UInt8]) {
        bytes += raw
    }
}

extension ArraySlice<UInt8> {
    /// The host-order integer at `offset` (an index of this slice), or 0 past the end.
    func integer<T: FixedWidthInteger>(_: T.Type, at offset: Int) -> T {
        let size = MemoryLayout<T>.size
        guard offset >= startIndex, offset + size <= endIndex else { return 0 }
        var value: T = 0
        // Little-endian hosts only (x86_64, arm64): byte i is bits 8i…8i+7.
        for index in 0..<size {
            value |= T(self[offset + index]) << (8 * index)
        }
        return value
    }

    /// A NUL-terminated (or unterminated) string value.
    var netlinkString: String {
        let text = prefix { $0 != 0 }
        return String(decoding: text, as: UTF8.self)
    }
}
