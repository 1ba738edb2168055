// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

/// The one error the runtime, the agent and the shim throw: what failed, on which object, and what
/// the user can do, with a code that decides the status the peer sees.
///
/// The codes are gRPC's, one for one, so that a status that crosses the agent and then the shim
/// reaches containerd with the code it started with (see `KataError+Status.swift`, the only place
/// that converts).
package struct KataError: Error, Sendable, CustomStringConvertible {
    /// How the failure is classified: gRPC's status codes without `ok`.
    package enum Code: Sendable, Hashable, CaseIterable, CustomStringConvertible {
        /// The caller gave up (its connection closed, its task was cancelled).
        case cancelled
        /// An error that fits no other code (containerd's errdefs "unknown").
        case unknown
        /// The request or the configuration names something invalid.
        case invalidArgument
        /// Something did not finish in the time it had (the agent never answered).
        case deadlineExceeded
        /// The sandbox, container, process or file named does not exist.
        case notFound
        /// The object to create exists already.
        case alreadyExists
        /// The caller may not do this.
        case permissionDenied
        /// A limit was hit (memory, descriptors, message size).
        case resourceExhausted
        /// The object is not in a state that allows the operation.
        case failedPrecondition
        /// The operation was aborted by a concurrent change.
        case aborted
        /// A value lies outside its valid range.
        case outOfRange
        /// The operation is not supported by this runtime or agent.
        case unimplemented
        /// Something broke inside: a process that would not start, a mount that failed.
        case `internal`
        /// The service cannot be reached or cannot serve now; retrying may help.
        case unavailable
        /// Data was lost or corrupted.
        case dataLoss
        /// The caller is not authenticated.
        case unauthenticated

        /// The gRPC name, e.g. `deadline exceeded`.
        package var description: String {
            switch self {
            case .cancelled: "cancelled"
            case .unknown: "unknown"
            case .invalidArgument: "invalid argument"
            case .deadlineExceeded: "deadline exceeded"
            case .notFound: "not found"
            case .alreadyExists: "already exists"
            case .permissionDenied: "permission denied"
            case .resourceExhausted: "resource exhausted"
            case .failedPrecondition: "failed precondition"
            case .aborted: "aborted"
            case .outOfRange: "out of range"
            case .unimplemented: "unimplemented"
            case .internal: "internal"
            case .unavailable: "unavailable"
            case .dataLoss: "data loss"
            case .unauthenticated: "unauthenticated"
            }
        }
    }

    /// The classification.
    package var code: Code
    /// A sentence for a person, naming the object and, where there is one, the file or setting to fix.
    package var message: String
    /// The lower-level error, if any.
    package var underlying: (any Error & Sendable)?

    /// Creates an error.
    /// - Parameters:
    ///   - code: the classification.
    ///   - message: what failed, on which object, and what to do.
    ///   - underlying: the lower-level error.
    package init(_ code: Code, _ message: String, underlying: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    /// The message, then the underlying error's description.
    package var description: String {
        guard let underlying else { return message }
        return "\(message): \(underlying)"
    }

    /// The same error with `context` put in front of its message, e.g. the object it concerned.
    /// - Parameter context: what to put in front, without the separator.
    /// - Returns: the error, code and underlying error unchanged.
    package func prefixed(_ context: String) -> KataError {
        KataError(code, "\(context): \(message)", underlying: underlying)
    }
}
