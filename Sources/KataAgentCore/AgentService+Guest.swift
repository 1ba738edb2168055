// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import AgentAPI
import KataError
import KataLinux
import SwiftProtobuf
import TTRPC

extension AgentService {
    func setGuestDateTime(
        _ request: Grpc_SetGuestDateTimeRequest, context: TTRPCCallContext
    ) async throws -> SwiftProtobuf.Google_Protobuf_Empty {
        guard request.sec >= 0, (0..<1_000_000).contains(request.usec) else {
            throw KataError(
                .invalidArgument, "SetGuestDateTime: \(request.sec) s \(request.usec) µs is not a valid time")
        }
        do {
            try System.setWallClock(seconds: request.sec, microseconds: request.usec)
        } catch {
            throw KataError(.internal, "SetGuestDateTime: setting the guest clock failed", underlying: error)
        }
        return .init()
    }

    func copyFile(
        _ request: Grpc_CopyFileRequest, context: TTRPCCallContext
    ) async throws -> SwiftProtobuf.Google_Protobuf_Empty {
        try FileCopy.apply(FileCopy.Chunk(request))
        return .init()
    }

    func getMetrics(
        _ request: Grpc_GetMetricsRequest, context: TTRPCCallContext
    ) async throws -> Grpc_Metrics {
        .with { $0.metrics = GuestMetrics.render() }
    }
}
