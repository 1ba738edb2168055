// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import FoundationEssentials
import Logging
import NIOCore
import Synchronization

/// Errors that know which gRPC status they travel as. Domain error types conform in one place, so
/// the mapping from domain failures to wire codes is never scattered through handlers.
public protocol TTRPCStatusConvertible: Error {
    /// The status the peer should see.
    var ttrpcStatus: TTRPCStatus { get }
}

extension TTRPCServer {
    /// Finds the method for a request, runs it under the request's deadline, and turns the outcome
    /// into a `Response` envelope.
    struct Dispatcher: Sendable {
        let services: [String: TTRPCService]
        let logger: Logger

        init(services: [TTRPCService], logger: Logger) {
            var byName: [String: TTRPCService] = [:]
            for service in services { byName[service.name] = service }
            self.services = byName
            self.logger = logger
        }

        func respond(to requestData: ByteBuffer) async -> Ttrpc_Response {
            let request: Ttrpc_Request
            do {
                request = try Ttrpc_Request(serializedBytes: Array(requestData.readableBytesView))
            } catch {
                return Self.response(TTRPCStatus(.invalidArgument, "unmarshal request error: \(error)"))
            }
            guard let service = services[request.service] else {
                return Self.response(TTRPCStatus(.unimplemented, "service \(request.service)"))
            }
            guard let method = service.methods[request.method] else {
                return Self.response(TTRPCStatus(.unimplemented, "method \(request.method)"))
            }
            var metadata: [String: [String]] = [:]
            for entry in request.metadata { metadata[entry.key, default: []].append(entry.value) }
            let deadline: ContinuousClock.Instant? =
                request.timeoutNano > 0 ? .now + .nanoseconds(request.timeoutNano) : nil
            let context = TTRPCCallContext(
                service: request.service,
                method: request.method,
                metadata: metadata,
                deadline: deadline
            )
            do {
                let payload: Data
                if let deadline {
                    payload = try await Self.run(method, request.payload, context, until: deadline)
                } else {
                    payload = try await method.invoke(request.payload, context)
                }
                var response = Ttrpc_Response()
                response.payload = payload
                return response
            } catch {
                let status = Self.status(for: error)
                logger.debug(
                    "ttrpc: call failed",
                    metadata: ["call": "/\(request.service)/\(request.method)", "status": "\(status)"]
                )
                return Self.response(status)
            }
        }

        /// Runs the handler and a timer side by side; whichever finishes first wins and the other
        /// is cancelled.
        private static func run(
            _ method: TTRPCMethod,
            _ payload: Data,
            _ context: TTRPCCallContext,
            until deadline: ContinuousClock.Instant
        ) async throws -> Data {
            try await withThrowingTaskGroup(of: Data?.self) { group in
                group.addTask { try await method.invoke(payload, context) }
                group.addTask {
                    try await Task.sleep(until: deadline, clock: .continuous)
                    return nil
                }
                defer { group.cancelAll() }
                guard let first = try await group.next(), let payload = first else {
                    throw TTRPCStatus(.deadlineExceeded, "timeout")
                }
                return payload
            }
        }

        static func status(for error: any Error) -> TTRPCStatus {
            switch error {
            case let status as TTRPCStatus: status
            case let convertible as any TTRPCStatusConvertible: convertible.ttrpcStatus
            case is CancellationError: TTRPCStatus(.cancelled, "cancelled")
            default: TTRPCStatus(.unknown, "\(error)")
            }
        }

        static func response(_ status: TTRPCStatus) -> Ttrpc_Response {
            var response = Ttrpc_Response()
            response.status.code = status.code.rawValue
            response.status.message = status.message
            return response
        }
    }

    /// Handlers running for one connection, by stream id; cancelled when the connection closes.
    ///
    /// A request on a stream id that is still running means the peer began a new session over the
    /// same byte stream: a virtio-serial port whose host hung up and dialled again before the guest
    /// saw the hang-up. Clients never reuse an id within a session, so the old session's calls are
    /// cancelled and their answers dropped (they would reach a client that never asked), and the
    /// request is served in a new generation.
    final class RunningCalls: Sendable {
        private struct State {
            var tasks: [UInt32: Task<Void, Never>] = [:]
            var generation: UInt64 = 0
        }

        private let state = Mutex(State())
        private let counter: CallCounter

        init(counter: CallCounter) {
            self.counter = counter
        }

        /// Starts `body` for `streamID`, passing the session generation it belongs to.
        /// - Returns: true when the request began a new session (the old one's calls were cancelled).
        func start(_ streamID: UInt32, _ body: @escaping @Sendable (_ generation: UInt64) async -> Void) -> Bool {
            let (reset, stale) = state.withLock { state in
                var stale: [Task<Void, Never>] = []
                let reset = state.tasks[streamID] != nil
                if reset {
                    stale = Array(state.tasks.values)
                    state.tasks.removeAll()
                    state.generation += 1
                }
                let generation = state.generation
                counter.add(1)
                // Created under the lock, so the task's own removal cannot run before the insert.
                state.tasks[streamID] = Task { [counter] in
                    await body(generation)
                    counter.add(-1)
                }
                return (reset, stale)
            }
            for task in stale { task.cancel() }
            return reset
        }

        /// Frees `streamID` once its handler finished, before the answer is written: a client that
        /// has seen the answer may use the id again (a new session on a serial port starts at 1).
        /// - Returns: whether the answer still has a client to go to (its session is current).
        func finish(_ streamID: UInt32, generation: UInt64) -> Bool {
            state.withLock { state in
                guard state.generation == generation else { return false }
                state.tasks[streamID] = nil
                return true
            }
        }

        func cancelAll() {
            let running = state.withLock { state in
                defer { state.tasks.removeAll() }
                return Array(state.tasks.values)
            }
            for task in running { task.cancel() }
        }
    }

    /// Reads request frames and answers each on its stream, in any order.
    final class ServerHandler: ChannelInboundHandler {
        typealias InboundIn = TTRPCInboundFrame
        typealias OutboundOut = TTRPCFrame

        private let dispatcher: Dispatcher
        private let logger: Logger
        private let running: RunningCalls

        init(dispatcher: Dispatcher, counter: CallCounter, logger: Logger) {
            self.dispatcher = dispatcher
            self.running = RunningCalls(counter: counter)
            self.logger = logger
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let channel = context.channel
            switch unwrapInboundIn(data) {
            case .oversized(let streamID, let type, let length):
                logger.warning(
                    "ttrpc: request exceeds the frame limit; answering RESOURCE_EXHAUSTED",
                    metadata: ["stream": "\(streamID)", "length": "\(length)"]
                )
                guard type == .request else { return }
                let status = TTRPCStatus(
                    .resourceExhausted,
                    "message length \(length) exceed maximum message size of \(TTRPCFrame.maxDataSize)"
                )
                Self.send(Dispatcher.response(status), on: streamID, channel: channel, logger: logger)
            case .frame(let frame) where frame.type != .request:
                // containerd/ttrpc 1.1 ignores everything but requests; so do we.
                logger.debug(
                    "ttrpc: ignoring frame", metadata: ["type": "\(frame.type)", "stream": "\(frame.streamID)"])
            case .frame(let frame) where frame.streamID % 2 == 0:
                let status = TTRPCStatus(.invalidArgument, "StreamID must be odd for client initiated streams")
                Self.send(Dispatcher.response(status), on: frame.streamID, channel: channel, logger: logger)
            case .frame(let frame):
                let dispatcher = self.dispatcher
                let logger = self.logger
                let running = self.running
                let newSession = running.start(frame.streamID) { generation in
                    let response = await dispatcher.respond(to: frame.data)
                    guard running.finish(frame.streamID, generation: generation) else { return }
                    // Awaiting the write keeps the call counted until its answer left, which is
                    // what a graceful shutdown waits for.
                    try? await Self.send(response, on: frame.streamID, channel: channel, logger: logger).get()
                }
                if newSession {
                    logger.info(
                        "ttrpc: stream id reused; the peer started a new session, dropping the old one's calls",
                        metadata: ["stream": "\(frame.streamID)"]
                    )
                }
            }
        }

        func channelInactive(context: ChannelHandlerContext) {
            running.cancelAll()
            context.fireChannelInactive()
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            logger.warning("ttrpc: connection error; closing", metadata: ["error": "\(error)"])
            running.cancelAll()
            context.close(promise: nil)
        }

        @discardableResult
        private static func send(
            _ response: Ttrpc_Response,
            on streamID: UInt32,
            channel: any Channel,
            logger: Logger
        ) -> EventLoopFuture<Void> {
            var bytes: [UInt8]
            do {
                bytes = try response.serializedBytes()
            } catch {
                logger.error("ttrpc: cannot encode response", metadata: ["error": "\(error)"])
                return channel.eventLoop.makeSucceededVoidFuture()
            }
            if bytes.count > TTRPCFrame.maxDataSize {
                let status = TTRPCStatus(
                    .resourceExhausted,
                    "response of \(bytes.count) bytes exceeds maximum message size of \(TTRPCFrame.maxDataSize)"
                )
                bytes = (try? Dispatcher.response(status).serializedBytes()) ?? []
            }
            let frame = TTRPCFrame(streamID: streamID, type: .response, data: ByteBuffer(bytes: bytes))
            let written = channel.writeAndFlush(frame)
            written.whenFailure { error in
                // The client went away; its answer has nowhere to go.
                logger.debug("ttrpc: dropping response", metadata: ["stream": "\(streamID)", "error": "\(error)"])
            }
            return written
        }
    }
}

extension TTRPCServer {
    /// How many calls run across all connections, so shutdown can wait for them.
    /// The calls in flight, and the shutdown waiting for none to be left.
    final class CallCounter: Sendable {
        private struct State {
            var count = 0
            var nextWaiter = 0
            var idleWaiters: [Int: CheckedContinuation<Void, Never>] = [:]
            /// Waiters whose task was cancelled before they were stored: they do not wait.
            var cancelled: Set<Int> = []
        }

        private let state = Mutex(State())

        func add(_ delta: Int) {
            let idle = state.withLock { state -> [CheckedContinuation<Void, Never>] in
                state.count += delta
                guard state.count == 0 else { return [] }
                defer { state.idleWaiters.removeAll() }
                return Array(state.idleWaiters.values)
            }
            for waiter in idle { waiter.resume() }
        }

        /// Returns once no call is in flight, or at `deadline`, whichever comes first.
        func waitUntilIdle(before deadline: ContinuousClock.Instant) async {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await self.idle() }
                group.addTask { try? await Task.sleep(until: deadline, clock: .continuous) }
                await group.next()
                group.cancelAll()
            }
        }

        /// Returns when the count is zero or the task is cancelled.
        private func idle() async {
            let id = state.withLock { state in
                state.nextWaiter += 1
                return state.nextWaiter
            }
            await withTaskCancellationHandler {
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    let waits = state.withLock { state in
                        guard state.count > 0, state.cancelled.remove(id) == nil else { return false }
                        state.idleWaiters[id] = continuation
                        return true
                    }
                    if !waits { continuation.resume() }
                }
            } onCancel: {
                let waiter = state.withLock { state in
                    let waiter = state.idleWaiters.removeValue(forKey: id)
                    if waiter == nil { state.cancelled.insert(id) }
                    return waiter
                }
                waiter?.resume()
            }
        }
    }
}
