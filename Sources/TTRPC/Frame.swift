// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

public import NIOCore

/// One ttRPC frame: a 10-byte big-endian header (length, stream id, type, flags) and its data.
public struct TTRPCFrame: Sendable, Equatable {
    /// Bytes in a frame header.
    public static let headerSize = 10
    /// Largest data length either side accepts (containerd/ttrpc `messageLengthMax`).
    public static let maxDataSize = 4 << 20

    /// The stream the frame belongs to; client-initiated streams are odd.
    public var streamID: UInt32
    /// What the data holds.
    public var type: MessageType
    /// Streaming flags; always 0 for unary calls.
    public var flags: UInt8
    /// The serialized envelope (`Request` or `Response`).
    public var data: ByteBuffer

    /// Creates a frame.
    public init(streamID: UInt32, type: MessageType, flags: UInt8 = 0, data: ByteBuffer) {
        self.streamID = streamID
        self.type = type
        self.flags = flags
        self.data = data
    }

    /// The kind of frame, byte 8 of the header. Unknown values are kept, not rejected, so that a
    /// peer speaking a newer protocol revision is ignored rather than disconnected.
    public struct MessageType: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// The header byte.
        public var rawValue: UInt8
        /// Creates a type from its header byte.
        public init(rawValue: UInt8) { self.rawValue = rawValue }

        /// A call from the client.
        public static let request = MessageType(rawValue: 1)
        /// The server's answer.
        public static let response = MessageType(rawValue: 2)
        /// Streaming data (ttrpc 1.2+; no Kata or Task RPC streams).
        public static let data = MessageType(rawValue: 3)

        /// A readable name for logs.
        public var description: String {
            switch self {
            case .request: "request"
            case .response: "response"
            case .data: "data"
            default: "type(\(rawValue))"
            }
        }
    }
}

/// What the frame decoder hands on: a whole frame, or the header of one that was too large and whose
/// data was skipped.
public enum TTRPCInboundFrame: Sendable, Equatable {
    /// A frame within the size limit.
    case frame(TTRPCFrame)
    /// A frame whose declared length exceeded the limit; its data has been discarded.
    case oversized(streamID: UInt32, type: TTRPCFrame.MessageType, length: UInt32)
}
