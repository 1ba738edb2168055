// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

public import FoundationEssentials
public import SwiftProtobuf

/// What a handler knows about the call it serves.
public struct TTRPCCallContext: Sendable {
    /// Fully qualified service name, e.g. `containerd.task.v2.Task`.
    public var service: String
    /// Method name, e.g. `Create`.
    public var method: String
    /// Request metadata, keys in the case they were sent; a key may carry several values.
    public var metadata: [String: [String]]
    /// When the caller stops waiting, if it set a deadline.
    public var deadline: ContinuousClock.Instant?

    /// Creates a context (servers build these; tests may too).
    public init(
        service: String,
        method: String,
        metadata: [String: [String]] = [:],
        deadline: ContinuousClock.Instant? = nil
    ) {
        self.service = service
        self.method = method
        self.metadata = metadata
        self.deadline = deadline
    }
}

/// Per-call settings on the client side.
public struct TTRPCCallOptions: Sendable {
    /// How long to wait for the answer; sent to the server as `timeout_nano`. `nil` waits forever.
    public var timeout: Duration?
    /// Metadata sent with the request.
    public var metadata: [String: [String]]

    /// Creates options.
    public init(timeout: Duration? = nil, metadata: [String: [String]] = [:]) {
        self.timeout = timeout
        self.metadata = metadata
    }
}

/// One method of a service: decodes the request payload, runs the handler, encodes the answer.
public struct TTRPCMethod: Sendable {
    let invoke: @Sendable (Data, TTRPCCallContext) async throws -> Data

    /// Creates a method from a typed handler.
    public init<Request: SwiftProtobuf.Message, Response: SwiftProtobuf.Message>(
        _ handler: @escaping @Sendable (Request, TTRPCCallContext) async throws -> Response
    ) {
        invoke = { payload, context in
            let request: Request
            do {
                request = try Request(serializedBytes: payload)
            } catch {
                throw TTRPCStatus(
                    .invalidArgument,
                    "unmarshal request error: \(Request.protoMessageName) for /\(context.service)/\(context.method): \(error)"
                )
            }
            return try await handler(request, context).serializedBytes()
        }
    }

    /// Creates a method that works on raw payload bytes.
    public init(raw handler: @escaping @Sendable (Data, TTRPCCallContext) async throws -> Data) {
        invoke = handler
    }
}

/// A named set of methods that a ``TTRPCServer`` serves.
public struct TTRPCService: Sendable {
    /// Fully qualified service name as sent on the wire.
    public var name: String
    /// Methods by name.
    public var methods: [String: TTRPCMethod]

    /// Creates a service.
    public init(name: String, methods: [String: TTRPCMethod]) {
        self.name = name
        self.methods = methods
    }
}

/// Anything that can present itself as a ``TTRPCService``; generated server protocols conform.
public protocol TTRPCServiceProvider: Sendable {
    /// The service with its method table.
    var ttrpcService: TTRPCService { get }
}
