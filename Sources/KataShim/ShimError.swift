// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import TTRPC

/// The one error the shim's Task service answers with; its code is containerd's errdefs class.
///
/// This is the single place where shim errors become ttRPC status codes (containerd's
/// `errdefs/grpc.go` reads them back into its classes).
package struct ShimError: Error, CustomStringConvertible, Sendable, Equatable {
    /// containerd's error classes that a shim reports.
    package enum Code: Sendable, Equatable {
        /// No container or exec with that id (NOT_FOUND).
        case notFound
        /// A container or exec with that id exists already (ALREADY_EXISTS).
        case alreadyExists
        /// The process is in the wrong state for the call (FAILED_PRECONDITION).
        case failedPrecondition
        /// The request is malformed (INVALID_ARGUMENT).
        case invalidArgument
        /// The shim or its runtime does not implement the call (UNIMPLEMENTED).
        case unimplemented
        /// The sandbox runtime cannot be reached (UNAVAILABLE).
        case unavailable
        /// Anything else (UNKNOWN).
        case unknown
    }

    /// The error class.
    package var code: Code
    /// What failed, on which object, and what the user can do.
    package var message: String

    /// Creates an error.
    package init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    /// The message.
    package var description: String { message }

    /// The ttRPC status containerd receives for this error.
    package var status: TTRPCStatus {
        switch code {
        case .notFound: TTRPCStatus(.notFound, message)
        case .alreadyExists: TTRPCStatus(.alreadyExists, message)
        case .failedPrecondition: TTRPCStatus(.failedPrecondition, message)
        case .invalidArgument: TTRPCStatus(.invalidArgument, message)
        case .unimplemented: TTRPCStatus(.unimplemented, message)
        case .unavailable: TTRPCStatus(.unavailable, message)
        case .unknown: TTRPCStatus(.unknown, message)
        }
    }

    /// Maps any error a handler sees to the status sent to containerd: shim errors by code, errors
    /// that know their status (the runtime's) as they say, cancellation as CANCELLED, the rest
    /// UNKNOWN with their description.
    package static func status(for error: any Error) -> TTRPCStatus {
        switch error {
        case let shim as ShimError: shim.status
        case let status as TTRPCStatus: status
        case let convertible as any TTRPCStatusConvertible: convertible.ttrpcStatus
        case is CancellationError: TTRPCStatus(.cancelled, "call cancelled")
        default: TTRPCStatus(.unknown, String(describing: error))
        }
    }
}
