// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

public import Logging
public import NIOCore
import NIOPosix
import Synchronization

/// A ttRPC server: serves a set of ``TTRPCService``s on listening sockets and on single
/// connections (a virtio-serial port, an inherited socket).
///
/// Every request runs in its own task, so a long-blocking call (containerd's `Wait`, the agent's
/// `ReadStdout`) never holds up the others on its connection. A connection that closes cancels the
/// handlers still running for it; that is not a reason for the server to stop.
public final class TTRPCServer: Sendable {
    private let dispatcher: Dispatcher
    private let group: any EventLoopGroup
    private let logger: Logger
    private let channels = Mutex<[ObjectIdentifier: (channel: any Channel, isListener: Bool)]>([:])
    private let calls = CallCounter()

    /// Creates a server.
    /// - Parameters:
    ///   - services: the services to serve; a later service with the same name replaces an earlier one.
    ///   - group: the event loops that run the connections.
    ///   - logger: where protocol errors and rejected requests are logged.
    public init(services: [TTRPCService], group: any EventLoopGroup, logger: Logger) {
        self.dispatcher = Dispatcher(services: services, logger: logger)
        self.group = group
        self.logger = logger
    }

    /// Listens on a unix socket path (which must not exist yet).
    /// - Throws: the bind error, e.g. `EADDRINUSE`.
    public func listen(unixSocketPath: String) async throws -> TTRPCListener {
        let channel = try await serverBootstrap().bind(unixDomainSocketPath: unixSocketPath).get()
        return track(TTRPCListener(channel: channel))
    }

    /// Listens on AF_VSOCK (the Kata agent's `vsock://-1:1024`; pass `nil` for any CID).
    /// - Throws: the bind error, e.g. when the kernel has no vsock transport.
    public func listen(vsockCID: UInt32?, port: UInt32) async throws -> TTRPCListener {
        let cid: VsockAddress.ContextID = vsockCID.map { .init(Int($0)) } ?? .any
        let channel = try await serverBootstrap().bind(to: VsockAddress(cid: cid, port: .init(Int(port)))).get()
        return track(TTRPCListener(channel: channel))
    }

    /// Serves on a socket that is already bound and listening (containerd's shim `start` passes one
    /// to the daemon it spawns).
    /// - Throws: when NIO cannot adopt the descriptor.
    public func listen(boundSocket descriptor: CInt) async throws -> TTRPCListener {
        let channel = try await serverBootstrap().withBoundSocket(descriptor).get()
        return track(TTRPCListener(channel: channel))
    }

    /// Serves one connected stream socket; the server takes ownership of the descriptor.
    /// - Throws: when NIO cannot adopt the descriptor.
    public func serve(connectedSocket descriptor: CInt) async throws -> TTRPCConnection {
        let channel = try await ClientBootstrap(group: group)
            .channelInitializer { [dispatcher, calls, logger] channel in
                Self.configure(channel, dispatcher: dispatcher, calls: calls, logger: logger)
            }
            .withConnectedSocket(descriptor).get()
        return track(TTRPCConnection(channel: channel))
    }

    /// Serves one bidirectional non-socket descriptor, such as a virtio-serial port
    /// (`/dev/vport0p1`); the server takes ownership of it.
    /// - Throws: when NIO cannot adopt the descriptor (regular files are refused).
    public func serve(fileDescriptor descriptor: CInt) async throws -> TTRPCConnection {
        let channel = try await NIOPipeBootstrap(group: group)
            .channelInitializer { [dispatcher, calls, logger] channel in
                Self.configure(channel, dispatcher: dispatcher, calls: calls, logger: logger)
            }
            .takingOwnershipOfDescriptor(inputOutput: descriptor).get()
        return track(TTRPCConnection(channel: channel))
    }

    /// Stops the server: closes the listeners, lets calls in flight finish and send their answers
    /// for up to `gracePeriod`, then closes every connection, cancelling handlers still running.
    ///
    /// The grace period is what lets a handler that asked for the shutdown (the agent's
    /// `DestroySandbox`) still deliver its answer.
    public func shutdown(gracePeriod: Duration = .zero) async {
        for listener in open(listeners: true) {
            try? await listener.close()
        }
        await calls.waitUntilIdle(before: ContinuousClock.now + gracePeriod)
        for connection in open(listeners: false) {
            try? await connection.close()
        }
    }

    private func open(listeners: Bool) -> [any Channel] {
        channels.withLock { channels in
            channels.values.filter { $0.isListener == listeners }.map(\.channel)
        }
    }

    private func serverBootstrap() -> ServerBootstrap {
        ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 128)
            .childChannelInitializer { [weak self, dispatcher, calls, logger] channel in
                // Accepted connections are tracked too, so shutdown closes them with the listener.
                self?.register(channel, isListener: false)
                return Self.configure(channel, dispatcher: dispatcher, calls: calls, logger: logger)
            }
    }

    private func track<Handle: TTRPCChannelHandle>(_ handle: Handle) -> Handle {
        register(handle.channel, isListener: handle is TTRPCListener)
        return handle
    }

    private func register(_ channel: any Channel, isListener: Bool) {
        let key = ObjectIdentifier(channel)
        channels.withLock { $0[key] = (channel, isListener) }
        channel.closeFuture.whenComplete { [weak self] _ in
            _ = self?.channels.withLock { $0.removeValue(forKey: key) }
        }
    }

    private static func configure(
        _ channel: any Channel,
        dispatcher: Dispatcher,
        calls: CallCounter,
        logger: Logger
    ) -> EventLoopFuture<Void> {
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandlers(
                ByteToMessageHandler(TTRPCFrameDecoder()),
                MessageToByteHandler(TTRPCFrameEncoder()),
                ServerHandler(dispatcher: dispatcher, counter: calls, logger: logger)
            )
        }
    }
}

/// Something that wraps a NIO channel the server opened.
protocol TTRPCChannelHandle: Sendable {
    var channel: any Channel { get }
}

/// A listening socket of a ``TTRPCServer``.
public struct TTRPCListener: TTRPCChannelHandle {
    let channel: any Channel

    /// The bound address (useful after binding vsock or an ephemeral path).
    public var localAddress: SocketAddress? { channel.localAddress }

    /// Stops accepting; connections already accepted go on.
    public func close() async {
        try? await channel.close()
    }

    /// Returns when the listener has closed.
    public func waitClosed() async {
        try? await channel.closeFuture.get()
    }
}

/// One connection served by a ``TTRPCServer``.
public struct TTRPCConnection: TTRPCChannelHandle {
    let channel: any Channel

    /// Closes the connection, cancelling its running handlers.
    public func close() async {
        try? await channel.close()
    }

    /// Returns when the peer has gone (EOF, reset) or the connection was closed.
    public func waitClosed() async {
        try? await channel.closeFuture.get()
    }
}
