// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

/// A failed call as it travels on the wire: a gRPC status code and a message.
///
/// Handlers throw it to choose the code the peer sees; any other error reaches the peer as
/// ``Code/unknown`` with the error's description. Clients receive it when the peer answers with a
/// non-OK status.
public struct TTRPCStatus: Error, Sendable, Equatable, CustomStringConvertible {
    /// The gRPC status code.
    public var code: Code
    /// What went wrong, for a person.
    public var message: String

    /// Creates a status.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// `"<code name>: <message>"`.
    public var description: String { "\(code): \(message)" }

    /// gRPC status codes (google.rpc.Code). Values outside the known set are kept as received.
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        /// The wire value.
        public var rawValue: Int32
        /// Creates a code from its wire value.
        public init(rawValue: Int32) { self.rawValue = rawValue }

        /// Success.
        public static let ok = Code(rawValue: 0)
        /// The caller cancelled.
        public static let cancelled = Code(rawValue: 1)
        /// An error that fits no other code.
        public static let unknown = Code(rawValue: 2)
        /// The request is malformed or names something invalid.
        public static let invalidArgument = Code(rawValue: 3)
        /// The deadline passed before the call completed.
        public static let deadlineExceeded = Code(rawValue: 4)
        /// The named object does not exist.
        public static let notFound = Code(rawValue: 5)
        /// The object to create exists already.
        public static let alreadyExists = Code(rawValue: 6)
        /// The caller may not do this.
        public static let permissionDenied = Code(rawValue: 7)
        /// A limit was hit (e.g. message size).
        public static let resourceExhausted = Code(rawValue: 8)
        /// The object is not in a state that allows the call.
        public static let failedPrecondition = Code(rawValue: 9)
        /// The call was aborted by a concurrent change.
        public static let aborted = Code(rawValue: 10)
        /// A value lies outside its range.
        public static let outOfRange = Code(rawValue: 11)
        /// The service or method does not exist here.
        public static let unimplemented = Code(rawValue: 12)
        /// An internal invariant broke.
        public static let `internal` = Code(rawValue: 13)
        /// The service cannot be reached now; retrying may help.
        public static let unavailable = Code(rawValue: 14)
        /// Data was lost.
        public static let dataLoss = Code(rawValue: 15)
        /// The caller is not authenticated.
        public static let unauthenticated = Code(rawValue: 16)

        private static let names: [Int32: String] = [
            0: "OK", 1: "CANCELLED", 2: "UNKNOWN", 3: "INVALID_ARGUMENT", 4: "DEADLINE_EXCEEDED",
            5: "NOT_FOUND", 6: "ALREADY_EXISTS", 7: "PERMISSION_DENIED", 8: "RESOURCE_EXHAUSTED",
            9: "FAILED_PRECONDITION", 10: "ABORTED", 11: "OUT_OF_RANGE", 12: "UNIMPLEMENTED",
            13: "INTERNAL", 14: "UNAVAILABLE", 15: "DATA_LOSS", 16: "UNAUTHENTICATED",
        ]

        /// The upper-case gRPC name, e.g. `NOT_FOUND`.
        public var description: String { Self.names[rawValue] ?? "CODE(\(rawValue))" }
    }
}

/// Failures of the ttRPC machinery itself, as opposed to statuses sent by the peer.
public enum TTRPCError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The connection closed (or failed) before the call was answered.
    case connectionClosed
    /// The call's deadline passed before an answer arrived.
    case deadlineExceeded(service: String, method: String)
    /// A message exceeds the 4 MiB frame limit.
    case messageTooLarge(size: Int, limit: Int)
    /// The peer sent bytes that do not decode as the expected message.
    case malformedMessage(String)
    /// The client has run out of odd stream ids (after 2^31 calls on one connection).
    case streamIDsExhausted

    /// A sentence naming the failure.
    public var description: String {
        switch self {
        case .connectionClosed: "ttrpc: connection closed before the call was answered"
        case .deadlineExceeded(let service, let method): "ttrpc: deadline exceeded calling /\(service)/\(method)"
        case .messageTooLarge(let size, let limit): "ttrpc: message of \(size) bytes exceeds the \(limit)-byte limit"
        case .malformedMessage(let what): "ttrpc: malformed message: \(what)"
        case .streamIDsExhausted: "ttrpc: stream ids exhausted on this connection; reconnect"
        }
    }
}
