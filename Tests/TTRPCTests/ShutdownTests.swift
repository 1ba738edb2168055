// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Foundation
import SwiftProtobuf
import Testing

@testable import TTRPC

@Suite("ttRPC server shutdown", .timeLimit(.minutes(1)))
struct ShutdownTests {
    @Test func gracefulShutdownDeliversTheAnswerOfTheCallThatAskedForIt() async throws {
        // A handler that, like the agent's DestroySandbox, asks the server to stop and answers.
        let stopRequested = AsyncStream<Void>.makeStream()
        let service = TTRPCService(
            name: "test.Stop",
            methods: [
                "Stop": TTRPCMethod { (_: Google_Protobuf_Empty, _) -> Google_Protobuf_StringValue in
                    stopRequested.continuation.yield()
                    try await Task.sleep(for: .milliseconds(50))
                    return .with { $0.value = "bye" }
                }
            ]
        )
        let harness = try await Harness.start(services: [service])
        let server = harness.server
        let stopper = Task {
            for await _ in stopRequested.stream { break }
            await server.shutdown(gracePeriod: .seconds(2))
        }
        let answer: Google_Protobuf_StringValue = try await harness.client.call(
            service: "test.Stop", method: "Stop", request: Google_Protobuf_Empty()
        )
        #expect(answer.value == "bye")
        await stopper.value
        await harness.client.waitClosed()
    }

    @Test func shutdownClosesAcceptedConnectionsAndCancelsBlockedCalls() async throws {
        let socket = try TemporarySocketPath()
        defer { socket.remove() }
        let path = socket.path
        let probe = CancellationProbe()
        let server = TTRPCServer(services: [EchoService.make(probe: probe)], group: testGroup, logger: testLogger)
        _ = try await server.listen(unixSocketPath: path)
        let client = try await TTRPCClient.connect(unixSocketPath: path, group: testGroup, logger: testLogger)
        let blocked = Task {
            let _: Google_Protobuf_Empty = try await client.call(
                service: EchoService.name, method: "Block", request: Google_Protobuf_Empty()
            )
        }
        try await waitUntil { probe.started == 1 }
        // The handler blocks forever: a shutdown that waited for it would hit the time limit.
        await server.shutdown(gracePeriod: .milliseconds(100))
        await #expect(throws: TTRPCError.connectionClosed) { try await blocked.value }
        try await waitUntil { probe.cancelled == 1 }
        await #expect(throws: (any Error).self) {
            _ = try await TTRPCClient.connect(unixSocketPath: path, group: testGroup, logger: testLogger)
        }
    }
}
