// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import TTRPC

/// The one error type the agent's domain code throws: what failed, on which object, and what the
/// caller can do, with a code that says how the host should treat it.
package struct KataError: Error, Sendable, CustomStringConvertible {
    /// How the failure is classified; decides the gRPC status the host sees.
    package enum Code: Sendable, Equatable {
        /// The request is malformed or names something invalid.
        case invalidArgument
        /// The container, process or file named does not exist.
        case notFound
        /// The object to create exists already.
        case alreadyExists
        /// The object is not in a state that allows the operation.
        case failedPrecondition
        /// The operation is not supported by this agent.
        case unimplemented
        /// The operation cannot be served now (e.g. no terminal to resize).
        case unavailable
        /// Something did not finish in the time it had (a hook).
        case deadlineExceeded
        /// Anything else that went wrong inside the guest.
        case `internal`
    }

    /// The classification.
    package var code: Code
    /// A sentence for a person.
    package var message: String
    /// The lower-level error, if any.
    package var underlying: (any Error & Sendable)?

    /// Creates an error.
    package init(_ code: Code, _ message: String, underlying: (any Error & Sendable)? = nil) {
        self.code = code
        self.message = message
        self.underlying = underlying
    }

    /// The message, followed by the underlying error.
    package var description: String {
        guard let underlying else { return message }
        return "\(message): \(underlying)"
    }
}

// The single place where agent failures become wire statuses.
extension KataError: TTRPCStatusConvertible {
    /// The status the host receives.
    package var ttrpcStatus: TTRPCStatus {
        let code: TTRPCStatus.Code =
            switch self.code {
            case .invalidArgument: .invalidArgument
            case .notFound: .notFound
            case .alreadyExists: .alreadyExists
            case .failedPrecondition: .failedPrecondition
            case .unimplemented: .unimplemented
            case .unavailable: .unavailable
            case .deadlineExceeded: .deadlineExceeded
            case .internal: .internal
            }
        return TTRPCStatus(code, description)
    }
}
