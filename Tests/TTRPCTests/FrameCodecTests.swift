// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataTestSupport
import NIOCore
import NIOEmbedded
import SwiftProtobuf
import Testing

@testable import TTRPC

@Suite("ttRPC frames and envelopes: golden bytes")
struct FrameCodecTests {
    /// `Connect{id:"demo"}` on stream 1, from the containerd shim spec (B.2).
    static let connectFrame =
        "0000002a 00000001 01 00"
        + "0a17 636f6e7461696e6572642e7461736b2e76322e5461736b"  // 1: service "containerd.task.v2.Task"
        + "1207 436f6e6e656374"  // 2: method "Connect"
        + "1a06 0a04 64656d6f"  // 3: payload = ConnectRequest{1: id "demo"}

    private func encode(_ frame: TTRPCFrame) throws -> [UInt8] {
        var out = ByteBuffer()
        try TTRPCFrameEncoder().encode(data: frame, out: &out)
        return Array(out.readableBytesView)
    }

    @Test func requestFrameMatchesContainerd() throws {
        var request = Ttrpc_Request()
        request.service = "containerd.task.v2.Task"
        request.method = "Connect"
        request.payload = .init(Hex.bytes("0a04 64656d6f"))
        let data: [UInt8] = try request.serializedBytes()
        let bytes = try encode(TTRPCFrame(streamID: 1, type: .request, data: ByteBuffer(bytes: data)))
        #expect(Hex.string(bytes) == Hex.string(Hex.bytes(Self.connectFrame)))
    }

    @Test func successResponseCarriesOnlyPayload() throws {
        var response = Ttrpc_Response()
        // ConnectResponse{shim_pid: 4242, task_pid: 4243}
        response.payload = .init(Hex.bytes("08 9221 10 9321"))
        let data: [UInt8] = try response.serializedBytes()
        let bytes = try encode(TTRPCFrame(streamID: 1, type: .response, data: ByteBuffer(bytes: data)))
        #expect(Hex.string(bytes) == "00000008" + "00000001" + "0200" + "1206089221109321")
    }

    @Test func errorResponseCarriesOnlyStatus() throws {
        let response = TTRPCServer.Dispatcher.response(TTRPCStatus(.notFound, "container demo not found"))
        let data: [UInt8] = try response.serializedBytes()
        let bytes = try encode(TTRPCFrame(streamID: 3, type: .response, data: ByteBuffer(bytes: data)))
        let text = Hex.string(Array("container demo not found".utf8))
        // 0a 1c: field 1 (status), 28 bytes; 08 05: code NOT_FOUND; 12 18: message, 24 bytes.
        #expect(Hex.string(bytes) == "0000001e" + "00000003" + "0200" + "0a1c0805" + "1218" + text)
    }

    @Test func emptySuccessIsAHeaderOnly() throws {
        let data: [UInt8] = try Ttrpc_Response().serializedBytes()
        let bytes = try encode(TTRPCFrame(streamID: 1, type: .response, data: ByteBuffer(bytes: data)))
        #expect(Hex.string(bytes) == "00000000000000010200")
    }

    @Test func timeoutAndMetadataEncodeAsFields4And5() throws {
        var request = Ttrpc_Request()
        request.timeoutNano = 2_000_000_000
        request.metadata = [
            .with {
                $0.key = "k"
                $0.value = "v"
            }
        ]
        let data: [UInt8] = try request.serializedBytes()
        // 20: field 4 varint, 2e9 = 0x77359400 -> 80 a8 d6 b9 07; 2a 06: field 5, 6 bytes {0a 01 'k', 12 01 'v'}.
        #expect(Hex.string(data) == "2080a8d6b907" + "2a060a016b120176")
    }

    @Test func oversizedOutgoingFrameIsRefused() {
        let data = ByteBuffer(repeating: 0, count: TTRPCFrame.maxDataSize + 1)
        #expect(throws: TTRPCError.messageTooLarge(size: TTRPCFrame.maxDataSize + 1, limit: TTRPCFrame.maxDataSize)) {
            try encode(TTRPCFrame(streamID: 1, type: .request, data: data))
        }
    }
}

@Suite("ttRPC frame decoder")
struct FrameDecoderTests {
    private func decode(_ chunks: [[UInt8]], maxDataSize: Int = TTRPCFrame.maxDataSize) throws -> [TTRPCInboundFrame] {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(TTRPCFrameDecoder(maxDataSize: maxDataSize)))
        var out: [TTRPCInboundFrame] = []
        for chunk in chunks {
            try channel.writeInbound(ByteBuffer(bytes: chunk))
            while let frame = try channel.readInbound(as: TTRPCInboundFrame.self) { out.append(frame) }
        }
        _ = try channel.finish()
        return out
    }

    @Test(arguments: [1, 3, 7, 10, 11, 64])
    func framesSurviveAnySplit(chunkSize: Int) throws {
        let stream =
            Hex.bytes(FrameCodecTests.connectFrame) + RawPeer.frame(stream: 3, type: 2, data: [])
            + RawPeer.frame(stream: 5, data: [1, 2, 3])
        let chunks = stride(from: 0, to: stream.count, by: chunkSize).map {
            Array(stream[$0..<min($0 + chunkSize, stream.count)])
        }
        let frames = try decode(chunks)
        #expect(frames.count == 3)
        guard case .frame(let first) = frames.first else {
            Issue.record("no first frame")
            return
        }
        #expect(first.streamID == 1 && first.type == .request && first.data.readableBytes == 0x2a)
        #expect(frames[1] == .frame(TTRPCFrame(streamID: 3, type: .response, data: ByteBuffer())))
        #expect(frames[2] == .frame(TTRPCFrame(streamID: 5, type: .request, data: ByteBuffer(bytes: [1, 2, 3]))))
    }

    @Test func oversizedFrameIsSkippedAndTheNextOneDecodes() throws {
        let big = RawPeer.frame(stream: 7, data: [UInt8](repeating: 0xaa, count: 100))
        let next = RawPeer.frame(stream: 9, data: [0x42])
        let frames = try decode([Array(big[0..<30]), Array(big[30...]) + next], maxDataSize: 64)
        #expect(
            frames == [
                .oversized(streamID: 7, type: .request, length: 100),
                .frame(TTRPCFrame(streamID: 9, type: .request, data: ByteBuffer(bytes: [0x42]))),
            ])
    }

    @Test func unknownTypesAreKept() throws {
        let frames = try decode([RawPeer.frame(stream: 1, type: 9, data: [])])
        #expect(frames == [.frame(TTRPCFrame(streamID: 1, type: .init(rawValue: 9), data: ByteBuffer()))])
    }

    @Test func truncatedFrameAtEOFIsDropped() throws {
        let frame = RawPeer.frame(stream: 1, data: [1, 2, 3, 4])
        #expect(try decode([Array(frame.dropLast(2))]).isEmpty)
    }
}
