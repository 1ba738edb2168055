// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import FoundationEssentials
import KataRuntime
package import ShimAPI
package import SwiftProtobuf
package import TTRPC

extension TaskService {
    /// Serves Kill.
    package func kill(
        _ request: Containerd_Task_V2_KillRequest, context: TTRPCCallContext
    ) async throws -> Google_Protobuf_Empty {
        let key = ProcessKey(request.id, request.execID)
        return try await handle("Kill", key) {
            try await sandbox.kill(key, signal: request.signal, all: request.all)
            return Google_Protobuf_Empty()
        }
    }

    /// Serves Exec.
    package func exec(
        _ request: Containerd_Task_V2_ExecProcessRequest, context: TTRPCCallContext
    ) async throws -> Google_Protobuf_Empty {
        let key = ProcessKey(request.id, request.execID)
        return try await handle("Exec", key) {
            let stdio = ProcessStdio(
                stdin: request.stdin, stdout: request.stdout, stderr: request.stderr, terminal: request.terminal)
            try await sandbox.exec(key, processJSON: Array(request.spec.value), stdio: stdio)
            return Google_Protobuf_Empty()
        }
    }

    /// Serves ResizePty.
    package func resizePty(
        _ request: Containerd_Task_V2_ResizePtyRequest, context: TTRPCCallContext
    ) async throws -> Google_Protobuf_Empty {
        let key = ProcessKey(request.id, request.execID)
        return try await handle("ResizePty", key) {
            try await sandbox.resizePty(key, width: request.width, height: request.height)
            return Google_Protobuf_Empty()
        }
    }

    /// Serves CloseIO.
    package func closeIO(
        _ request: Containerd_Task_V2_CloseIORequest, context: TTRPCCallContext
    ) async throws -> Google_Protobuf_Empty {
        let key = ProcessKey(request.id, request.execID)
        return try await handle("CloseIO", key) {
            if request.stdin {
                try await sandbox.closeStdin(key)
            }
            return Google_Protobuf_Empty()
        }
    }

    /// Serves Pids.
    package func pids(
        _ request: Containerd_Task_V2_PidsRequest, context: TTRPCCallContext
    ) async throws -> Containerd_Task_V2_PidsResponse {
        try await handle("Pids", ProcessKey(containerID: request.id)) {
            var response = Containerd_Task_V2_PidsResponse()
            response.processes = try await sandbox.pids(request.id).map { pid in
                var info = Containerd_V1_Types_ProcessInfo()
                info.pid = pid
                return info
            }
            return response
        }
    }

    /// Serves Pause.
    package func pause(
        _ request: Containerd_Task_V2_PauseRequest, context: TTRPCCallContext
    ) async throws -> Google_Protobuf_Empty {
        try await handle("Pause", ProcessKey(containerID: request.id)) {
            try await sandbox.pause(request.id)
            return Google_Protobuf_Empty()
        }
    }

    /// Serves Resume.
    package func resume(
        _ request: Containerd_Task_V2_ResumeRequest, context: TTRPCCallContext
    ) async throws -> Google_Protobuf_Empty {
        try await handle("Resume", ProcessKey(containerID: request.id)) {
            try await sandbox.resume(request.id)
            return Google_Protobuf_Empty()
        }
    }

    /// Serves Update (annotations are ignored).
    package func update(
        _ request: Containerd_Task_V2_UpdateTaskRequest, context: TTRPCCallContext
    ) async throws -> Google_Protobuf_Empty {
        try await handle("Update", ProcessKey(containerID: request.id)) {
            try await sandbox.update(request.id, resourcesJSON: Array(request.resources.value))
            return Google_Protobuf_Empty()
        }
    }

    /// Serves Stats.
    package func stats(
        _ request: Containerd_Task_V2_StatsRequest, context: TTRPCCallContext
    ) async throws -> Containerd_Task_V2_StatsResponse {
        try await handle("Stats", ProcessKey(containerID: request.id)) {
            var response = Containerd_Task_V2_StatsResponse()
            response.stats = try ContainerMetrics.packed(try await sandbox.stats(request.id))
            return response
        }
    }
}
