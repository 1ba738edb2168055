// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

/// Versions the agent reports through `grpc.Health/Version` and `GetGuestDetails`.
package enum AgentVersion {
    /// This agent's release.
    package static let agent = "0.1.0"
    /// The agent API version Kata hosts expect (`grpc_version`).
    package static let api = "0.0.1"
}
