// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import TTRPC

// The only place where KataError meets the wire, in both directions: one table of code pairs,
// read one way by `ttrpcStatus` and the other by `init(_:context:)`, so no code is lost on the
// way from the agent through the shim to containerd.
extension KataError: TTRPCStatusConvertible {
    /// Each code with its wire code; a bijection over the gRPC codes other than `ok`.
    static let wireCodes: [(code: Code, wire: TTRPCStatus.Code)] = [
        (.cancelled, .cancelled), (.unknown, .unknown), (.invalidArgument, .invalidArgument),
        (.deadlineExceeded, .deadlineExceeded), (.notFound, .notFound), (.alreadyExists, .alreadyExists),
        (.permissionDenied, .permissionDenied), (.resourceExhausted, .resourceExhausted),
        (.failedPrecondition, .failedPrecondition), (.aborted, .aborted), (.outOfRange, .outOfRange),
        (.unimplemented, .unimplemented), (.internal, .internal), (.unavailable, .unavailable),
        (.dataLoss, .dataLoss), (.unauthenticated, .unauthenticated),
    ]

    /// The status the peer receives: this error's code, and its description as the message.
    package var ttrpcStatus: TTRPCStatus {
        let wire = Self.wireCodes.first { $0.code == code }?.wire ?? .unknown
        return TTRPCStatus(wire, description)
    }

    /// The error a peer's status stands for, with `context` in front of the peer's message.
    ///
    /// A status that says `ok` (a peer's mistake) or a code outside gRPC's set becomes `.unknown`,
    /// naming the code received.
    /// - Parameters:
    ///   - status: the status received.
    ///   - context: what the call was, e.g. `the agent refused CreateContainer for container c1`.
    package init(_ status: TTRPCStatus, context: String) {
        guard let code = Self.wireCodes.first(where: { $0.wire == status.code })?.code else {
            self.init(.unknown, "\(context): \(status.message) (status code \(status.code.rawValue))")
            return
        }
        self.init(code, "\(context): \(status.message)")
    }

    /// The status to answer a call with, whatever its handler threw: a KataError or a status as it
    /// says, cancellation as `cancelled`, anything else `unknown` with its description.
    /// - Parameter error: what the handler threw.
    /// - Returns: the status for the wire.
    package static func status(for error: any Error) -> TTRPCStatus {
        switch error {
        case let error as KataError: error.ttrpcStatus
        case let status as TTRPCStatus: status
        case let convertible as any TTRPCStatusConvertible: convertible.ttrpcStatus
        case is CancellationError: TTRPCStatus(.cancelled, "call cancelled")
        default: TTRPCStatus(.unknown, String(describing: error))
        }
    }
}
