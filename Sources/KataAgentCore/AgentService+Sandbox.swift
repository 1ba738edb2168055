// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import AgentAPI
import SwiftProtobuf
import TTRPC

extension AgentService {
    func getGuestDetails(
        _ request: Grpc_GuestDetailsRequest,
        context: TTRPCCallContext
    ) async throws -> Grpc_GuestDetailsResponse {
        var response = Grpc_GuestDetailsResponse()
        if request.memBlockSize {
            response.memBlockSizeBytes = try guest.memoryBlockSize()
        }
        if request.memHotplugProbe {
            response.supportMemHotplugProbe = guest.supportsMemoryHotplugProbe()
        }
        response.agentDetails = .with {
            $0.version = AgentVersion.agent
            $0.initDaemon = guest.isInit
            $0.storageHandlers = StorageTable.drivers
            $0.deviceHandlers = []
            $0.supportsSeccomp = false
        }
        return response
    }

    func destroySandbox(
        _ request: Grpc_DestroySandboxRequest,
        context: TTRPCCallContext
    ) async throws -> SwiftProtobuf.Google_Protobuf_Empty {
        logger.info("destroy sandbox requested")
        await sandbox.destroy()
        lifecycle.requestShutdown()
        return .init()
    }
}
