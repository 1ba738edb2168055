// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Foundation
import KataLinux
import KataRuntime
import KataTestSupport
import Logging
import NIOPosix
import ShimAPI
import SwiftProtobuf
import Synchronization
import TTRPC

@testable import KataShim

/// Records every Forward call, as containerd's events service would receive it.
final class StubEventsServer: Containerd_Services_Events_Ttrpc_V1_EventsHandler {
    let envelopes = Mutex<[Containerd_Services_Events_Ttrpc_V1_Envelope]>([])
    private let waiters = Mutex<[(count: Int, latch: Latch<Void>)]>([])

    func forward(
        _ request: Containerd_Services_Events_Ttrpc_V1_ForwardRequest, context: TTRPCCallContext
    ) async throws -> Google_Protobuf_Empty {
        let count = envelopes.withLock {
            $0.append(request.envelope)
            return $0.count
        }
        for waiter in waiters.withLock({ $0 }) where waiter.count <= count { waiter.latch.resolve(()) }
        return Google_Protobuf_Empty()
    }

    var topics: [String] { envelopes.withLock { $0.map(\.topic) } }

    /// Waits until `count` events arrived (a lost event is caught by the suite's time limit).
    func waitForEvents(_ count: Int) async -> [String] {
        let latch = Latch<Void>()
        waiters.withLock { $0.append((count, latch)) }
        if envelopes.withLock({ $0.count }) >= count { latch.resolve(()) }
        _ = await latch.valueIgnoringCancellation()
        return topics
    }
}

/// A served TaskService over a sandbox on fakes (no VM), with the shim's real FIFO stdio and event
/// publisher, a stub events server and a client.
struct ShimHarness {
    let harness: SandboxHarness
    let events: StubEventsServer
    let publisher: EventPublisher
    let shutdown: Latch<Bool>
    let taskServer: TTRPCServer
    let eventsServer: TTRPCServer
    let client: TTRPCClient
    let group: MultiThreadedEventLoopGroup

    var task: Containerd_Task_V2_TaskClient { Containerd_Task_V2_TaskClient(client: client) }
    /// The current VM's agent.
    var agent: FakeAgent { harness.agent }
    /// The pid every task reports: the fake hypervisor's.
    var vmPid: UInt32 { UInt32(harness.hypervisor.pid) }
    var directory: String { harness.root }

    static func make(oomEventGrace: Duration = .seconds(1)) async throws -> ShimHarness {
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        let events = StubEventsServer()
        let eventsServer = TTRPCServer(services: [events.ttrpcService], group: group, logger: logger)
        let socketDirectory = NSTemporaryDirectory() + "kshim-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: socketDirectory, withIntermediateDirectories: true)
        _ = try await eventsServer.listen(unixSocketPath: socketDirectory + "/events.sock")
        let publisher = EventPublisher(
            socketPath: socketDirectory + "/events.sock", namespace: "test-ns", group: group, logger: logger,
            retryDelay: .milliseconds(10))
        publisher.start()
        let harness = try SandboxHarness.make(
            stdio: StdioConnector(monitor: try? ReadinessMonitor(), logger: logger),
            events: ContainerdEvents(publisher),
            oomEventGrace: oomEventGrace)
        let shutdown = Latch<Bool>()
        let service = TaskService(sandbox: harness.sandbox, shimPid: 7, shutdownRequested: shutdown, logger: logger)
        let taskServer = TTRPCServer(services: [service.ttrpcService], group: group, logger: logger)
        _ = try await taskServer.listen(unixSocketPath: socketDirectory + "/shim.sock")
        let client = try await TTRPCClient.connect(
            unixSocketPath: socketDirectory + "/shim.sock", group: group, logger: logger)
        return ShimHarness(
            harness: harness, events: events, publisher: publisher, shutdown: shutdown, taskServer: taskServer,
            eventsServer: eventsServer, client: client, group: group)
    }

    func close() async {
        await client.close()
        await taskServer.shutdown()
        await harness.sandbox.stopMonitors()
        await harness.tearDown()
        await publisher.close(timeout: .seconds(1))
        await eventsServer.shutdown()
        try? await group.shutdownGracefully()
    }

    func create(_ id: String, stdout: String = "") async throws {
        var request = Containerd_Task_V2_CreateTaskRequest()
        request.id = id
        request.bundle = (try? harness.bundle(id)) ?? directory + "/" + id
        request.stdout = stdout
        _ = try await task.create(request)
    }
}

extension Containerd_Task_V2_StartRequest {
    init(_ id: String, exec: String = "") {
        self.init()
        self.id = id
        execID = exec
    }
}

extension Containerd_Task_V2_StateRequest {
    init(_ id: String, exec: String = "") {
        self.init()
        self.id = id
        execID = exec
    }
}

extension Containerd_Task_V2_WaitRequest {
    init(_ id: String, exec: String = "") {
        self.init()
        self.id = id
        execID = exec
    }
}

extension Containerd_Task_V2_DeleteRequest {
    init(_ id: String, exec: String = "") {
        self.init()
        self.id = id
        execID = exec
    }
}
