// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import KataError
import TTRPC

extension KataError {
    /// Converts a failed agent call: the agent's status keeps its code, a lost connection means
    /// the VM is gone.
    /// - Parameters:
    ///   - error: what the call threw.
    ///   - rpc: the RPC, e.g. `CreateContainer`.
    ///   - object: what it was about, e.g. `container c1`.
    /// - Returns: the domain error.
    package static func agent(_ error: any Error, rpc: String, object: String) -> KataError {
        if let error = error as? KataError { return error }
        guard let status = error as? TTRPCStatus else {
            return KataError(.internal, "\(rpc) for \(object) failed (is the VM still running?): \(error)")
        }
        return KataError(status, context: "the agent refused \(rpc) for \(object)")
    }
}
