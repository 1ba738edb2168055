// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import AgentAPI
import SwiftProtobuf
import TTRPC

extension AgentService {
    func createSandbox(
        _ request: Grpc_CreateSandboxRequest, context: TTRPCCallContext
    ) async throws -> SwiftProtobuf.Google_Protobuf_Empty {
        try await sandbox.create(try SandboxDefinition(request))
        logger.info("sandbox created", metadata: ["sandbox": "\(request.sandboxID)"])
        return .init()
    }

    func createContainer(
        _ request: Grpc_CreateContainerRequest, context: TTRPCCallContext
    ) async throws -> SwiftProtobuf.Google_Protobuf_Empty {
        try await sandbox.createContainer(try ContainerDefinition(request))
        logger.info("container created", metadata: ["cid": "\(request.containerID)"])
        return .init()
    }

    func startContainer(
        _ request: Grpc_StartContainerRequest, context: TTRPCCallContext
    ) async throws -> SwiftProtobuf.Google_Protobuf_Empty {
        try await sandbox.startContainer(request.containerID)
        logger.info("container started", metadata: ["cid": "\(request.containerID)"])
        return .init()
    }

    func removeContainer(
        _ request: Grpc_RemoveContainerRequest, context: TTRPCCallContext
    ) async throws -> SwiftProtobuf.Google_Protobuf_Empty {
        // Timeout 0 means "no limit" for Kata hosts; a stuck process must still not hang the call
        // for ever, so it gets a generous bound.
        let timeout: Duration = request.timeout == 0 ? .seconds(60) : .seconds(Int64(request.timeout))
        try await sandbox.remove(request.containerID, timeout: timeout)
        logger.info("container removed", metadata: ["cid": "\(request.containerID)"])
        return .init()
    }
}
