// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

public import NIOCore

/// Splits a byte stream into ttRPC frames.
///
/// A frame larger than ``TTRPCFrame/maxDataSize`` is not buffered: its data is skipped as it
/// arrives and an ``TTRPCInboundFrame/oversized(streamID:type:length:)`` is emitted, so the peer
/// gets an error on that stream while the connection and its other calls go on (as in
/// containerd/ttrpc).
public struct TTRPCFrameDecoder: ByteToMessageDecoder {
    /// Decoded frames.
    public typealias InboundOut = TTRPCInboundFrame

    private let maxDataSize: Int
    private var bytesToSkip = 0

    /// Creates a decoder that accepts frames up to `maxDataSize` bytes of data.
    public init(maxDataSize: Int = TTRPCFrame.maxDataSize) {
        self.maxDataSize = maxDataSize
    }

    /// Decodes as many frames as the buffer holds.
    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        if bytesToSkip > 0 {
            let skipped = min(bytesToSkip, buffer.readableBytes)
            buffer.moveReaderIndex(forwardBy: skipped)
            bytesToSkip -= skipped
            return bytesToSkip == 0 ? .continue : .needMoreData
        }
        guard
            let length = buffer.getInteger(at: buffer.readerIndex, as: UInt32.self),
            let streamID = buffer.getInteger(at: buffer.readerIndex + 4, as: UInt32.self),
            let type = buffer.getInteger(at: buffer.readerIndex + 8, as: UInt8.self),
            let flags = buffer.getInteger(at: buffer.readerIndex + 9, as: UInt8.self)
        else { return .needMoreData }

        if Int(length) > maxDataSize {
            buffer.moveReaderIndex(forwardBy: TTRPCFrame.headerSize)
            bytesToSkip = Int(length)
            context.fireChannelRead(
                wrapInboundOut(.oversized(streamID: streamID, type: .init(rawValue: type), length: length))
            )
            return .continue
        }
        guard buffer.readableBytes >= TTRPCFrame.headerSize + Int(length) else {
            // Reserve once so a large frame is not re-copied as it trickles in.
            buffer.reserveCapacity(minimumWritableBytes: TTRPCFrame.headerSize + Int(length) - buffer.readableBytes)
            return .needMoreData
        }
        buffer.moveReaderIndex(forwardBy: TTRPCFrame.headerSize)
        guard let data = buffer.readSlice(length: Int(length)) else { return .needMoreData }
        let frame = TTRPCFrame(streamID: streamID, type: .init(rawValue: type), flags: flags, data: data)
        context.fireChannelRead(wrapInboundOut(.frame(frame)))
        return .continue
    }

    /// Drops a partial frame at end of stream: there is no one left to answer.
    public mutating func decodeLast(
        context: ChannelHandlerContext,
        buffer: inout ByteBuffer,
        seenEOF: Bool
    ) throws -> DecodingState {
        while try decode(context: context, buffer: &buffer) == .continue {}
        buffer.moveReaderIndex(to: buffer.writerIndex)
        return .needMoreData
    }
}

/// Writes ttRPC frames: header then data, as one write so concurrent responses never interleave.
public struct TTRPCFrameEncoder: MessageToByteEncoder {
    /// Frames to write.
    public typealias OutboundIn = TTRPCFrame

    /// Creates an encoder.
    public init() {}

    /// Encodes one frame.
    public func encode(data frame: TTRPCFrame, out: inout ByteBuffer) throws {
        guard frame.data.readableBytes <= TTRPCFrame.maxDataSize else {
            throw TTRPCError.messageTooLarge(size: frame.data.readableBytes, limit: TTRPCFrame.maxDataSize)
        }
        out.reserveCapacity(TTRPCFrame.headerSize + frame.data.readableBytes)
        out.writeInteger(UInt32(frame.data.readableBytes))
        out.writeInteger(frame.streamID)
        out.writeInteger(frame.type.rawValue)
        out.writeInteger(frame.flags)
        out.writeImmutableBuffer(frame.data)
    }
}
