// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Glibc
import SwiftProtobuf
import Testing

@testable import TTRPC

/// What a server does with bytes no well-behaved client sends: it answers as containerd/ttrpc
/// does, keeps the connection, and keeps serving.
@Suite("ttRPC server: malformed input", .timeLimit(.minutes(3)))
struct MalformedInputTests {
    private func withRawPeer(_ body: (RawPeer) async throws -> Void) async throws {
        let server = TTRPCServer(services: [EchoService.make()], group: testGroup, logger: testLogger)
        let (serverFD, clientFD) = try socketPair()
        let connection = try await server.serve(connectedSocket: serverFD)
        defer { close(clientFD) }
        try await body(RawPeer(fd: clientFD))
        await connection.close()
        await server.shutdown()
    }

    private func echoRequest(_ value: String) throws -> [UInt8] {
        var request = Ttrpc_Request()
        request.service = EchoService.name
        request.method = "Echo"
        request.payload = try Google_Protobuf_StringValue.with { $0.value = value }.serializedBytes()
        return try request.serializedBytes()
    }

    /// Checks that the connection still serves a normal call on `stream`.
    private func expectStillServing(_ peer: RawPeer, stream: UInt32) async throws {
        try peer.write(RawPeer.frame(stream: stream, data: try echoRequest("still here")))
        let (header, data) = try await peer.readFrame()
        #expect(header[4..<8] == [0, 0, 0, UInt8(stream)][...])
        let response = try Ttrpc_Response(serializedBytes: data)
        #expect(try Google_Protobuf_StringValue(serializedBytes: response.payload).value == "still here")
    }

    private func status(_ data: [UInt8]) throws -> TTRPCStatus {
        let response = try Ttrpc_Response(serializedBytes: data)
        return TTRPCStatus(.init(rawValue: response.status.code), response.status.message)
    }

    @Test func undecodableRequestIsInvalidArgument() async throws {
        try await withRawPeer { peer in
            try peer.write(RawPeer.frame(stream: 1, data: [0x0a, 0xff, 0xff]))
            let (_, data) = try await peer.readFrame()
            let status = try status(data)
            #expect(status.code == .invalidArgument)
            #expect(status.message.hasPrefix("unmarshal request error"))
            try await expectStillServing(peer, stream: 3)
        }
    }

    @Test func undecodablePayloadNamesTheMessage() async throws {
        try await withRawPeer { peer in
            var request = Ttrpc_Request()
            request.service = EchoService.name
            request.method = "Echo"
            request.payload = .init([0x0a, 0x05, 0x61])  // a string field that claims 5 bytes, has 1
            try peer.write(RawPeer.frame(stream: 1, data: try request.serializedBytes()))
            let status = try status(try await peer.readFrame().data)
            #expect(status.code == .invalidArgument)
            #expect(status.message.contains("google.protobuf.StringValue"))
            #expect(status.message.contains("/test.Echo/Echo"))
        }
    }

    @Test func evenStreamIDIsRejected() async throws {
        try await withRawPeer { peer in
            try peer.write(RawPeer.frame(stream: 2, data: try echoRequest("x")))
            let (header, data) = try await peer.readFrame()
            #expect(header[7] == 2)
            #expect(
                try status(data) == TTRPCStatus(.invalidArgument, "StreamID must be odd for client initiated streams"))
            try await expectStillServing(peer, stream: 5)
        }
    }

    @Test func oversizedRequestIsAnsweredAndSkipped() async throws {
        try await withRawPeer { peer in
            let length = TTRPCFrame.maxDataSize + 1
            var header = RawPeer.frame(stream: 1, data: [])
            header[0] = UInt8(length >> 24)
            header[1] = UInt8(length >> 16 & 0xff)
            header[2] = UInt8(length >> 8 & 0xff)
            header[3] = UInt8(length & 0xff)
            try peer.write(header)
            try peer.write([UInt8](repeating: 0x5a, count: length))
            let status = try status(try await peer.readFrame().data)
            #expect(status.code == .resourceExhausted)
            #expect(status.message == "message length 4194305 exceed maximum message size of 4194304")
            try await expectStillServing(peer, stream: 3)
        }
    }

    @Test func nonRequestFramesAreIgnored() async throws {
        try await withRawPeer { peer in
            try peer.write(RawPeer.frame(stream: 1, type: 2, data: [1, 2, 3]))
            try peer.write(RawPeer.frame(stream: 1, type: 3, data: []))
            try await expectStillServing(peer, stream: 3)
        }
    }

    @Test func reusedStreamIDStartsANewSessionAndDropsTheOldOne() async throws {
        // What a virtio-serial port delivers when its host reconnects before the guest saw the
        // hang-up: a fresh client's stream 1 while the old session's stream 1 still runs.
        let probe = CancellationProbe()
        let server = TTRPCServer(services: [EchoService.make(probe: probe)], group: testGroup, logger: testLogger)
        let (serverFD, clientFD) = try socketPair()
        let connection = try await server.serve(connectedSocket: serverFD)
        defer { close(clientFD) }
        let peer = RawPeer(fd: clientFD)
        var block = Ttrpc_Request()
        block.service = EchoService.name
        block.method = "Block"
        try peer.write(RawPeer.frame(stream: 1, data: try block.serializedBytes()))
        try await waitUntil { probe.started == 1 }

        try peer.write(RawPeer.frame(stream: 1, data: try echoRequest("new session")))
        let (header, data) = try await peer.readFrame()
        #expect(header[7] == 1)
        let response = try Ttrpc_Response(serializedBytes: data)
        #expect(!response.hasStatus)
        #expect(try Google_Protobuf_StringValue(serializedBytes: response.payload).value == "new session")
        try await waitUntil { probe.cancelled == 1 }
        // The old call's CANCELLED answer is dropped: the next frame is the answer to stream 3.
        try await expectStillServing(peer, stream: 3)
        await connection.close()
        await server.shutdown()
    }

    @Test func streamIDIsFreeOnceItsAnswerArrives() async throws {
        try await withRawPeer { peer in
            try await expectStillServing(peer, stream: 1)
            try await expectStillServing(peer, stream: 1)
        }
    }

    @Test func peerVanishingMidFrameDoesNotHurtTheServer() async throws {
        let server = TTRPCServer(services: [EchoService.make()], group: testGroup, logger: testLogger)
        let (serverFD, clientFD) = try socketPair()
        let connection = try await server.serve(connectedSocket: serverFD)
        try RawPeer(fd: clientFD).write(Array(RawPeer.frame(stream: 1, data: try echoRequest("cut")).prefix(15)))
        close(clientFD)
        await connection.waitClosed()
        // A fresh connection to the same server still works.
        let harness = try await Harness.start()
        let answer: Google_Protobuf_StringValue = try await harness.client.call(
            service: EchoService.name, method: "Echo", request: Google_Protobuf_StringValue.with { $0.value = "ok" }
        )
        #expect(answer.value == "ok")
        await harness.stop()
        await server.shutdown()
    }
}
