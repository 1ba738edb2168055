// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

public import FoundationEssentials
public import Logging
public import NIOCore
import NIOPosix
public import SwiftProtobuf
import Synchronization

/// A ttRPC client on one connection. Calls may be made concurrently from any task; each gets its
/// own odd stream id and the answers are matched back by id, in whatever order they arrive.
///
/// When the connection closes, every call in flight fails with ``TTRPCError/connectionClosed`` and
/// later calls fail at once; make a new client to reconnect.
public final class TTRPCClient: Sendable {
    private let channel: any Channel
    private let calls: CallTable
    private let logger: Logger

    private init(channel: any Channel, calls: CallTable, logger: Logger) {
        self.channel = channel
        self.calls = calls
        self.logger = logger
    }

    /// Connects to a server listening on a unix socket.
    /// - Parameters:
    ///   - unixSocketPath: the socket's path (no `unix://` prefix).
    ///   - group: the event loops that run the connection.
    ///   - logger: where protocol errors are logged.
    /// - Returns: a client on the new connection.
    /// - Throws: the connect error, e.g. `ENOENT` or `ECONNREFUSED` from NIO.
    public static func connect(
        unixSocketPath: String,
        group: any EventLoopGroup,
        logger: Logger
    ) async throws -> TTRPCClient {
        let calls = CallTable(logger: logger)
        let channel = try await ClientBootstrap(group: group)
            .channelInitializer { channel in configure(channel, calls: calls, logger: logger) }
            .connect(unixDomainSocketPath: unixSocketPath).get()
        return TTRPCClient(channel: channel, calls: calls, logger: logger)
    }

    /// Connects to a server over AF_VSOCK (e.g. the Kata agent at the guest's CID, port 1024).
    /// - Throws: the connect error.
    public static func connect(
        vsockCID: UInt32,
        port: UInt32,
        group: any EventLoopGroup,
        logger: Logger
    ) async throws -> TTRPCClient {
        let calls = CallTable(logger: logger)
        let address = VsockAddress(cid: .init(Int(vsockCID)), port: .init(Int(port)))
        let channel = try await ClientBootstrap(group: group)
            .channelInitializer { channel in configure(channel, calls: calls, logger: logger) }
            .connect(to: address).get()
        return TTRPCClient(channel: channel, calls: calls, logger: logger)
    }

    /// Takes ownership of a connected stream socket (e.g. one end of a `socketpair`, or a socket
    /// after a hybrid-vsock handshake).
    /// - Throws: when NIO cannot adopt the descriptor.
    public static func adopting(
        connectedSocket descriptor: CInt,
        group: any EventLoopGroup,
        logger: Logger
    ) async throws -> TTRPCClient {
        let calls = CallTable(logger: logger)
        let channel = try await ClientBootstrap(group: group)
            .channelInitializer { channel in configure(channel, calls: calls, logger: logger) }
            .withConnectedSocket(descriptor).get()
        return TTRPCClient(channel: channel, calls: calls, logger: logger)
    }

    private static func configure(_ channel: any Channel, calls: CallTable, logger: Logger) -> EventLoopFuture<Void> {
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandlers(
                ByteToMessageHandler(TTRPCFrameDecoder()),
                MessageToByteHandler(TTRPCFrameEncoder()),
                ClientHandler(calls: calls, logger: logger)
            )
        }
    }

    /// Makes a unary call with protobuf messages.
    /// - Parameters:
    ///   - service: fully qualified service name, e.g. `grpc.AgentService`.
    ///   - method: method name, e.g. `CreateContainer`.
    ///   - request: the request message.
    ///   - responseType: the message the server answers with.
    ///   - options: deadline and metadata.
    /// - Returns: the decoded answer.
    /// - Throws: ``TTRPCStatus`` when the server answers with an error; ``TTRPCError`` when the
    ///   connection fails, the deadline passes or the answer does not decode; `CancellationError`.
    public func call<Request: SwiftProtobuf.Message, Response: SwiftProtobuf.Message>(
        service: String,
        method: String,
        request: Request,
        responseType: Response.Type = Response.self,
        options: TTRPCCallOptions = .init()
    ) async throws -> Response {
        let payload: Data = try request.serializedBytes()
        let answer = try await call(service: service, method: method, payload: payload, options: options)
        do {
            return try Response(serializedBytes: answer)
        } catch {
            throw TTRPCError.malformedMessage(
                "answer to /\(service)/\(method) is not a \(Response.protoMessageName): \(error)"
            )
        }
    }

    /// Makes a unary call with raw payload bytes.
    /// - Throws: as ``call(service:method:request:responseType:options:)``.
    public func call(
        service: String,
        method: String,
        payload: Data,
        options: TTRPCCallOptions = .init()
    ) async throws -> Data {
        var envelope = Ttrpc_Request()
        envelope.service = service
        envelope.method = method
        envelope.payload = payload
        if let timeout = options.timeout {
            envelope.timeoutNano = max(1, timeout.nanoseconds)
        }
        for (key, values) in options.metadata.sorted(by: { $0.key < $1.key }) {
            for value in values {
                envelope.metadata.append(
                    .with {
                        $0.key = key
                        $0.value = value
                    })
            }
        }
        let bytes: [UInt8] = try envelope.serializedBytes()
        guard bytes.count <= TTRPCFrame.maxDataSize else {
            throw TTRPCError.messageTooLarge(size: bytes.count, limit: TTRPCFrame.maxDataSize)
        }
        let streamID = try calls.allocate()
        let channel = self.channel
        let calls = self.calls
        let response = try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation {
                (continuation: CheckedContinuation<Ttrpc_Response, any Error>) in
                var timer: Scheduled<Void>?
                if let timeout = options.timeout {
                    timer = channel.eventLoop.scheduleTask(in: .nanoseconds(timeout.nanoseconds)) {
                        calls.fail(streamID, with: TTRPCError.deadlineExceeded(service: service, method: method))
                    }
                }
                guard calls.register(streamID, continuation: continuation, timer: timer) else { return }
                let frame = TTRPCFrame(streamID: streamID, type: .request, data: ByteBuffer(bytes: bytes))
                channel.writeAndFlush(frame).whenFailure { error in
                    calls.fail(streamID, with: Self.mapWriteError(error))
                }
            }
        } onCancel: {
            calls.fail(streamID, with: CancellationError())
        }
        if response.hasStatus, response.status.code != TTRPCStatus.Code.ok.rawValue {
            throw TTRPCStatus(.init(rawValue: response.status.code), response.status.message)
        }
        return response.payload
    }

    /// Closes the connection; calls in flight fail with ``TTRPCError/connectionClosed``.
    public func close() async {
        do {
            try await channel.close()
        } catch ChannelError.alreadyClosed {
            // Closing twice is fine.
        } catch {
            logger.debug("ttrpc client close failed", metadata: ["error": "\(error)"])
        }
    }

    /// Returns when the connection has closed, for whatever reason.
    public func waitClosed() async {
        try? await channel.closeFuture.get()
    }

    private static func mapWriteError(_ error: any Error) -> any Error {
        switch error {
        case ChannelError.ioOnClosedChannel, ChannelError.alreadyClosed, ChannelError.eof:
            TTRPCError.connectionClosed
        default:
            error
        }
    }
}

extension Duration {
    /// The duration in whole nanoseconds, saturating at `Int64.max`.
    fileprivate var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return seconds < 0 ? Int64.min : Int64.max }
        let (sum, overflow2) = scaled.addingReportingOverflow(attoseconds / 1_000_000_000)
        return overflow2 ? Int64.max : sum
    }
}
