// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import AgentAPI
import TTRPC

/// `grpc.Health`: hosts poll it to learn that the agent is up.
struct HealthService: Grpc_HealthHandler {
    func check(_ request: Grpc_CheckRequest, context: TTRPCCallContext) async throws -> Grpc_HealthCheckResponse {
        .with { $0.status = .serving }
    }

    func version(_ request: Grpc_CheckRequest, context: TTRPCCallContext) async throws -> Grpc_VersionCheckResponse {
        .with {
            $0.agentVersion = AgentVersion.agent
            $0.grpcVersion = AgentVersion.api
        }
    }
}
