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
        let details = try guest.details(
            memoryBlockSize: request.memBlockSize, memoryHotplugProbe: request.memHotplugProbe)
        return Grpc_GuestDetailsResponse(details)
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
