// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataError
import OCISpec

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

// The request the agent sends the init helper is the final spec as OCI JSON: the helper's
// exchange then knows nothing of the host's wire, and JSON is the spec's own format (what runc
// reads). The coders are FoundationEssentials', which the agent links already.

extension InitChannel {
    /// The request payload for `spec`.
    /// - Throws: ``KataError`` `internal` when the spec cannot be encoded.
    static func encode(_ spec: Spec) throws -> [UInt8] {
        do {
            return Array(try JSONEncoder().encode(spec))
        } catch {
            throw KataError(.internal, "encoding the spec for the container init helper failed", underlying: error)
        }
    }

    /// The spec in a request payload.
    /// - Throws: ``KataError`` `internal` when the payload is not a spec.
    static func decode(_ payload: [UInt8]) throws -> Spec {
        do {
            return try JSONDecoder().decode(Spec.self, from: Data(payload))
        } catch {
            throw KataError(.internal, "the init request is not an OCI spec: \(error)")
        }
    }
}
