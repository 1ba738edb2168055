// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Foundation
import KataLinux
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

    func forward(
        _ request: Containerd_Services_Events_Ttrpc_V1_ForwardRequest, context: TTRPCCallContext
    ) async throws -> Google_Protobuf_Empty {
        envelopes.withLock { $0.append(request.envelope) }
        return Google_Protobuf_Empty()
    }

    var topics: [String] { envelopes.withLock { $0.map(\.topic) } }

    /// Waits until `count` events arrived (or 5 s passed).
    func waitForEvents(_ count: Int) async -> [String] {
        let deadline = ContinuousClock.now + .seconds(5)
        while envelopes.withLock({ $0.count }) < count, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        return topics
    }
}

/// A served TaskService on a temporary unix socket, with a stub events server and a client.
struct ShimHarness {
    let directory: String
    let runtime: FakeRuntime
    let events: StubEventsServer
    let publisher: EventPublisher
    let controller: TaskController
    let shutdown: Latch<Bool>
    let taskServer: TTRPCServer
    let eventsServer: TTRPCServer
    let client: TTRPCClient
    let group: MultiThreadedEventLoopGroup

    var task: Containerd_Task_V2_TaskClient { Containerd_Task_V2_TaskClient(client: client) }

    static func make(runtime: FakeRuntime = FakeRuntime()) async throws -> ShimHarness {
        let directory = NSTemporaryDirectory() + "kshim-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        let events = StubEventsServer()
        let eventsServer = TTRPCServer(services: [events.ttrpcService], group: group, logger: logger)
        _ = try await eventsServer.listen(unixSocketPath: directory + "/events.sock")
        let publisher = EventPublisher(
            socketPath: directory + "/events.sock", namespace: "test-ns", group: group, logger: logger,
            retryDelay: .milliseconds(10))
        publisher.start()
        let controller = TaskController(runtime: runtime, events: publisher, logger: logger)
        await controller.watchOOM()
        let shutdown = Latch<Bool>()
        let service = TaskService(controller: controller, shimPid: 7, shutdownRequested: shutdown, logger: logger)
        let taskServer = TTRPCServer(services: [service.ttrpcService], group: group, logger: logger)
        _ = try await taskServer.listen(unixSocketPath: directory + "/shim.sock")
        let client = try await TTRPCClient.connect(
            unixSocketPath: directory + "/shim.sock", group: group, logger: logger)
        return ShimHarness(
            directory: directory, runtime: runtime, events: events, publisher: publisher, controller: controller,
            shutdown: shutdown, taskServer: taskServer, eventsServer: eventsServer, client: client, group: group)
    }

    func close() async {
        await client.close()
        await taskServer.shutdown()
        await controller.stopWatching()
        await publisher.close(timeout: .seconds(1))
        await eventsServer.shutdown()
        try? await group.shutdownGracefully()
        try? FileManager.default.removeItem(atPath: directory)
    }

    func create(_ id: String, stdout: String = "") async throws {
        var request = Containerd_Task_V2_CreateTaskRequest()
        request.id = id
        request.bundle = directory + "/" + id
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
