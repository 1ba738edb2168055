// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import AgentAPI
import OCISpec
import SwiftProtobuf
import TTRPC

extension AgentService {
    func updateContainer(
        _ request: Grpc_UpdateContainerRequest, context: TTRPCCallContext
    ) async throws -> SwiftProtobuf.Google_Protobuf_Empty {
        try await sandbox.update(request.containerID, resources: try Linux.Resources(request.resources))
        logger.info("container resources updated", metadata: ["cid": "\(request.containerID)"])
        return .init()
    }

    func statsContainer(
        _ request: Grpc_StatsContainerRequest, context: TTRPCCallContext
    ) async throws -> Grpc_StatsContainerResponse {
        let stats = try await sandbox.stats(request.containerID)
        return .with { $0.cgroupStats = Grpc_CgroupStats(stats) }
    }

    func pauseContainer(
        _ request: Grpc_PauseContainerRequest, context: TTRPCCallContext
    ) async throws -> SwiftProtobuf.Google_Protobuf_Empty {
        try await sandbox.pause(request.containerID)
        logger.info("container paused", metadata: ["cid": "\(request.containerID)"])
        return .init()
    }

    func resumeContainer(
        _ request: Grpc_ResumeContainerRequest, context: TTRPCCallContext
    ) async throws -> SwiftProtobuf.Google_Protobuf_Empty {
        try await sandbox.resume(request.containerID)
        logger.info("container resumed", metadata: ["cid": "\(request.containerID)"])
        return .init()
    }

    func getOOMEvent(
        _ request: Grpc_GetOOMEventRequest, context: TTRPCCallContext
    ) async throws -> Grpc_OOMEvent {
        let containerID = try await sandbox.oomEvents.next()
        logger.info("container hit its memory limit", metadata: ["cid": "\(containerID)"])
        return .with { $0.containerID = containerID }
    }
}
