// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import FoundationEssentials
import KataLinux
package import Logging
package import NIOCore
import ShimAPI
package import SwiftProtobuf
import Synchronization
import TTRPC

/// Forwards events to containerd's `containerd.services.events.ttrpc.v1.Events/Forward` at
/// `TTRPC_ADDRESS`, one at a time in queue order, as containerd's shim publisher does: 5 s per
/// attempt, a fresh connection after a failure, up to 5 attempts with 1 s·n back-off, then the
/// event is dropped with an error in the log.
package final class EventPublisher: EventSink {
    private struct Queued: Sendable {
        var topic: EventTopic
        var event: Google_Protobuf_Any
        var timestamp: Date
    }

    private let namespace: String
    private let socketPath: String
    private let group: any EventLoopGroup
    private let logger: Logger
    private let retryDelay: Duration
    private let queue: AsyncStream<Queued>.Continuation
    private let stream: AsyncStream<Queued>
    private let worker = Mutex<Task<Void, Never>?>(nil)

    /// Creates a publisher; call run() (or start()) to begin forwarding.
    /// - Parameters:
    ///   - socketPath: containerd's ttRPC socket (`TTRPC_ADDRESS`, a bare path or `unix://`).
    ///   - namespace: the `-namespace` value put in every envelope.
    ///   - group: event loops for the connection.
    ///   - logger: where failures are logged.
    ///   - retryDelay: the back-off unit (1 s in containerd; tests shorten it).
    package init(
        socketPath: String, namespace: String, group: any EventLoopGroup, logger: Logger,
        retryDelay: Duration = .seconds(1)
    ) {
        self.socketPath = socketPath.hasPrefix("unix://") ? String(socketPath.dropFirst(7)) : socketPath
        self.namespace = namespace
        self.group = group
        self.logger = logger
        self.retryDelay = retryDelay
        (stream, queue) = AsyncStream.makeStream(of: Queued.self)
    }

    /// Queues an event; never blocks.
    package func publish(_ topic: EventTopic, _ event: Google_Protobuf_Any) {
        queue.yield(Queued(topic: topic, event: event, timestamp: Date()))
    }

    /// Starts the forwarding task, owned by this publisher until close(timeout:).
    package func start() {
        worker.withLock { worker in
            guard worker == nil else {
                return
            }
            worker = Task { await self.run() }
        }
    }

    /// Stops accepting events, forwards what is queued for up to `timeout`, then stops.
    package func close(timeout: Duration) async {
        queue.finish()
        guard let task = worker.withLock({ $0 }) else {
            return
        }
        if await Deadline.run(for: timeout, { await task.value }) == nil {
            task.cancel()
            await task.value
        }
    }

    /// Forwards queued events until the queue is finished (or the task is cancelled).
    package func run() async {
        var client: TTRPCClient?
        for await item in stream {
            var request = Containerd_Services_Events_Ttrpc_V1_ForwardRequest()
            request.envelope.timestamp = Google_Protobuf_Timestamp(date: item.timestamp)
            request.envelope.namespace = namespace
            request.envelope.topic = item.topic.rawValue
            request.envelope.event = item.event
            var attempt = 1
            while true {
                do {
                    let connected = try await connected(client)
                    client = connected
                    _ = try await Containerd_Services_Events_Ttrpc_V1_EventsClient(client: connected)
                        .forward(request, options: .init(timeout: .seconds(5)))
                    break
                } catch {
                    await client?.close()
                    client = nil
                    guard attempt < 5, !Task.isCancelled else {
                        logger.error(
                            "event dropped",
                            metadata: ["topic": "\(item.topic.rawValue)", "error": "\(error)"])
                        break
                    }
                    try? await Task.sleep(for: retryDelay * attempt)
                    attempt += 1
                }
            }
        }
        await client?.close()
    }

    private func connected(_ client: TTRPCClient?) async throws -> TTRPCClient {
        if let client {
            return client
        }
        return try await TTRPCClient.connect(unixSocketPath: socketPath, group: group, logger: logger)
    }
}
