// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import AgentAPI
import SwiftProtobuf
import TTRPC

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension AgentService {
    func execProcess(
        _ request: Grpc_ExecProcessRequest, context: TTRPCCallContext
    ) async throws -> SwiftProtobuf.Google_Protobuf_Empty {
        try await sandbox.exec(try ExecDefinition(request))
        logger.info("process started", metadata: ["cid": "\(request.containerID)", "exec": "\(request.execID)"])
        return .init()
    }

    func signalProcess(
        _ request: Grpc_SignalProcessRequest, context: TTRPCCallContext
    ) async throws -> SwiftProtobuf.Google_Protobuf_Empty {
        try await sandbox.signal(container: request.containerID, exec: request.execID, signal: request.signal)
        return .init()
    }

    func waitProcess(
        _ request: Grpc_WaitProcessRequest, context: TTRPCCallContext
    ) async throws -> Grpc_WaitProcessResponse {
        let process = try await sandbox.process(container: request.containerID, exec: request.execID)
        let termination = await process.wait()
        await sandbox.reap(container: request.containerID, exec: request.execID)
        return .with { $0.status = termination.exitStatus }
    }

    func writeStdin(
        _ request: Grpc_WriteStreamRequest, context: TTRPCCallContext
    ) async throws -> Grpc_WriteStreamResponse {
        let process = try await sandbox.process(container: request.containerID, exec: request.execID)
        let written = try await process.io.write([UInt8](request.data))
        return .with { $0.len = UInt32(written) }
    }

    func readStdout(
        _ request: Grpc_ReadStreamRequest, context: TTRPCCallContext
    ) async throws -> Grpc_ReadStreamResponse {
        try await read(.stdout, request)
    }

    func readStderr(
        _ request: Grpc_ReadStreamRequest, context: TTRPCCallContext
    ) async throws -> Grpc_ReadStreamResponse {
        try await read(.stderr, request)
    }

    func closeStdin(
        _ request: Grpc_CloseStdinRequest, context: TTRPCCallContext
    ) async throws -> SwiftProtobuf.Google_Protobuf_Empty {
        try await sandbox.process(container: request.containerID, exec: request.execID).io.closeStdin()
        return .init()
    }

    func ttyWinResize(
        _ request: Grpc_TtyWinResizeRequest, context: TTRPCCallContext
    ) async throws -> SwiftProtobuf.Google_Protobuf_Empty {
        let process = try await sandbox.process(container: request.containerID, exec: request.execID)
        try process.io.resize(rows: request.row, columns: request.column)
        return .init()
    }

    private func read(
        _ stream: ProcessIO.Stream, _ request: Grpc_ReadStreamRequest
    ) async throws
        -> Grpc_ReadStreamResponse
    {
        let process = try await sandbox.process(container: request.containerID, exec: request.execID)
        let bytes = try await process.io.read(stream, length: Int(request.len == 0 ? 32 * 1024 : request.len))
        return .with { $0.data = Data(bytes) }
    }
}
