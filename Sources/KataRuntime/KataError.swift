// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

/// The one error the host domain throws: what failed, on which object, and what the user can do,
/// with a code that decides the status containerd sees (mapped in KataShim, in one place).
package struct KataError: Error, Sendable, CustomStringConvertible {
    /// How the failure is classified.
    package enum Code: Sendable, Equatable {
        /// The request or the configuration names something invalid.
        case invalidArgument
        /// The sandbox, container or process named does not exist.
        case notFound
        /// The object to create exists already.
        case alreadyExists
        /// The object is not in a state that allows the operation.
        case failedPrecondition
        /// The operation is not supported by this runtime.
        case unimplemented
        /// Something did not finish in the time it had (the agent never answered).
        case deadlineExceeded
        /// Anything else: a process that would not start, a mount that failed.
        case `internal`
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
}
