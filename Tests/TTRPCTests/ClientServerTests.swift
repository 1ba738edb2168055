// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Foundation
import NIOCore
import SwiftProtobuf
import Testing

@testable import TTRPC

@Suite("ttRPC client and server round trips", .timeLimit(.minutes(1)))
struct ClientServerTests {
    private func string(_ value: String) -> Google_Protobuf_StringValue { .with { $0.value = value } }

    @Test func unaryCallRoundTrips() async throws {
        let harness = try await Harness.start()
        defer { Task { await harness.stop() } }
        let answer: Google_Protobuf_StringValue = try await harness.client.call(
            service: EchoService.name, method: "Echo", request: string("hello")
        )
        #expect(answer.value == "hello")
    }

    @Test func handlerStatusReachesTheCaller() async throws {
        let harness = try await Harness.start()
        defer { Task { await harness.stop() } }
        await #expect(throws: TTRPCStatus(.notFound, "container c1 not found")) {
            let _: Google_Protobuf_Empty = try await harness.client.call(
                service: EchoService.name, method: "Fail", request: string("c1")
            )
        }
    }

    @Test func plainErrorsBecomeUnknown() async throws {
        let harness = try await Harness.start()
        defer { Task { await harness.stop() } }
        await #expect(throws: TTRPCStatus(.unknown, "plain failure")) {
            let _: Google_Protobuf_Empty = try await harness.client.call(
                service: EchoService.name, method: "Throw", request: Google_Protobuf_Empty()
            )
        }
    }

    @Test func unknownServiceAndMethodAreUnimplemented() async throws {
        let harness = try await Harness.start()
        defer { Task { await harness.stop() } }
        await #expect(throws: TTRPCStatus(.unimplemented, "service no.Such")) {
            let _: Google_Protobuf_Empty = try await harness.client.call(
                service: "no.Such", method: "Echo", request: Google_Protobuf_Empty()
            )
        }
        await #expect(throws: TTRPCStatus(.unimplemented, "method Nope")) {
            let _: Google_Protobuf_Empty = try await harness.client.call(
                service: EchoService.name, method: "Nope", request: Google_Protobuf_Empty()
            )
        }
    }

    @Test func metadataIsPassedThrough() async throws {
        let harness = try await Harness.start()
        defer { Task { await harness.stop() } }
        let options = TTRPCCallOptions(metadata: ["containerd-namespace-ttrpc": ["k8s.io"], "x": ["1", "2"]])
        let answer: Google_Protobuf_StringValue = try await harness.client.call(
            service: EchoService.name, method: "Metadata", request: Google_Protobuf_Empty(), options: options
        )
        #expect(answer.value == "containerd-namespace-ttrpc=k8s.io;x=1,2")
    }

    @Test func timeoutIsSentToTheServer() async throws {
        let harness = try await Harness.start()
        defer { Task { await harness.stop() } }
        let withDeadline: Google_Protobuf_BoolValue = try await harness.client.call(
            service: EchoService.name, method: "Deadline", request: Google_Protobuf_Empty(),
            options: .init(timeout: .seconds(5))
        )
        let without: Google_Protobuf_BoolValue = try await harness.client.call(
            service: EchoService.name, method: "Deadline", request: Google_Protobuf_Empty()
        )
        #expect(withDeadline.value && !without.value)
    }

    @Test func hundredConcurrentCallsOnOneConnection() async throws {
        let harness = try await Harness.start()
        defer { Task { await harness.stop() } }
        let client = harness.client
        let answers = try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for index in 0..<100 {
                group.addTask {
                    let answer: Google_Protobuf_StringValue = try await client.call(
                        service: EchoService.name, method: "SlowEcho",
                        request: Google_Protobuf_StringValue.with { $0.value = "call-\(index)" }
                    )
                    return (index, answer.value)
                }
            }
            var answers: [Int: String] = [:]
            for try await (index, value) in group { answers[index] = value }
            return answers
        }
        #expect(answers.count == 100)
        #expect(answers.allSatisfy { $0.value == "call-\($0.key)" })
    }

    @Test func clientDeadlineFailsTheCallAndServerCancelsTheHandler() async throws {
        let probe = CancellationProbe()
        let harness = try await Harness.start(services: [EchoService.make(probe: probe)])
        defer { Task { await harness.stop() } }
        // Block never answers: only the 200 ms deadline ends this call (a hang hits the time limit).
        await #expect(throws: (any Error).self) {
            let _: Google_Protobuf_Empty = try await harness.client.call(
                service: EchoService.name, method: "Block", request: Google_Protobuf_Empty(),
                options: .init(timeout: .milliseconds(200))
            )
        }
        // The server saw timeout_nano and cancels the handler at its own deadline.
        try await waitUntil { probe.cancelled == 1 }
        #expect(probe.started == 1)
    }

    @Test func serverDeadlineAnswersDeadlineExceeded() async throws {
        let probe = CancellationProbe()
        let harness = try await Harness.start(services: [EchoService.make(probe: probe)])
        defer { Task { await harness.stop() } }
        // A raw request with timeout_nano, answered by the server's own timer.
        var request = Ttrpc_Request()
        request.service = EchoService.name
        request.method = "Block"
        request.timeoutNano = 100_000_000
        let (serverFD, clientFD) = try socketPair()
        let connection = try await harness.server.serve(connectedSocket: serverFD)
        let peer = RawPeer(fd: clientFD)
        try peer.write(RawPeer.frame(stream: 1, data: try request.serializedBytes()))
        let (_, data) = try await peer.readFrame()
        let response = try Ttrpc_Response(serializedBytes: data)
        #expect(response.status.code == TTRPCStatus.Code.deadlineExceeded.rawValue)
        #expect(response.status.message == "timeout")
        try await waitUntil { probe.cancelled == 1 }
        await connection.close()
        close(clientFD)
    }

    @Test func connectionLossFailsCallsInFlight() async throws {
        let probe = CancellationProbe()
        let harness = try await Harness.start(services: [EchoService.make(probe: probe)])
        defer { Task { await harness.stop() } }
        let client = harness.client
        let call = Task {
            let _: Google_Protobuf_Empty = try await client.call(
                service: EchoService.name, method: "Block", request: Google_Protobuf_Empty()
            )
        }
        try await waitUntil { probe.started == 1 }
        await harness.connection.close()
        await #expect(throws: TTRPCError.connectionClosed) { try await call.value }
        // The server cancelled the orphaned handler, and the dead client refuses new calls at once.
        try await waitUntil { probe.cancelled == 1 }
        await #expect(throws: TTRPCError.connectionClosed) {
            let _: Google_Protobuf_StringValue = try await client.call(
                service: EchoService.name, method: "Echo", request: string("late")
            )
        }
    }

    @Test func cancellingTheCallerEndsTheCall() async throws {
        let harness = try await Harness.start()
        defer { Task { await harness.stop() } }
        let client = harness.client
        let call = Task {
            let _: Google_Protobuf_Empty = try await client.call(
                service: EchoService.name, method: "Block", request: Google_Protobuf_Empty()
            )
        }
        try await Task.sleep(for: .milliseconds(50))
        call.cancel()
        await #expect(throws: CancellationError.self) { try await call.value }
        // The connection is still usable.
        let answer: Google_Protobuf_StringValue = try await client.call(
            service: EchoService.name, method: "Echo", request: string("after")
        )
        #expect(answer.value == "after")
    }

    @Test func unixSocketListener() async throws {
        let socket = try TemporarySocketPath()
        defer { socket.remove() }
        let path = socket.path
        let server = TTRPCServer(services: [EchoService.make()], group: testGroup, logger: testLogger)
        let listener = try await server.listen(unixSocketPath: path)
        var clients: [TTRPCClient] = []
        for index in 0..<3 {
            let client = try await TTRPCClient.connect(unixSocketPath: path, group: testGroup, logger: testLogger)
            let answer: Google_Protobuf_StringValue = try await client.call(
                service: EchoService.name, method: "Echo", request: string("conn-\(index)")
            )
            #expect(answer.value == "conn-\(index)")
            clients.append(client)
        }
        await listener.close()
        for client in clients { await client.close() }
        await server.shutdown()
    }

    @Test func connectToMissingSocketFailsAtOnce() async throws {
        await #expect(throws: (any Error).self) {
            _ = try await TTRPCClient.connect(
                unixSocketPath: "/nonexistent/ttrpc.sock", group: testGroup, logger: testLogger
            )
        }
    }
}

/// Polls `condition` every 10 ms for up to five seconds.
func waitUntil(_ condition: @Sendable () -> Bool, sourceLocation: SourceLocation = #_sourceLocation) async throws {
    let deadline = ContinuousClock.now + .seconds(5)
    while !condition() {
        guard ContinuousClock.now < deadline else {
            Issue.record("condition not met within 5 s", sourceLocation: sourceLocation)
            return
        }
        try await Task.sleep(for: .milliseconds(10))
    }
}
