// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import FoundationEssentials
import KataError
package import KataLinux
package import KataRuntime
package import Logging
package import ShimAPI
package import SwiftProtobuf
package import TTRPC

/// `containerd.task.v2.Task`: thin handlers that convert requests, call the sandbox and convert
/// answers. Logging and error mapping live in handle(_:_:_:) alone.
package struct TaskService: Containerd_Task_V2_TaskHandler {
    let sandbox: Sandbox
    let logger: Logger
    let shimPid: UInt32
    let shutdownRequested: Latch<Bool>

    /// Creates the service.
    /// - Parameters:
    ///   - sandbox: the sandbox this shim serves.
    ///   - shimPid: the daemon's pid, reported by Connect.
    ///   - shutdownRequested: resolved when Shutdown found no task left; the daemon then exits.
    ///   - logger: the shim's logger.
    package init(sandbox: Sandbox, shimPid: UInt32, shutdownRequested: Latch<Bool>, logger: Logger) {
        self.sandbox = sandbox
        self.shimPid = shimPid
        self.shutdownRequested = shutdownRequested
        self.logger = logger
    }

    /// Runs one RPC: logs it, and maps any error to the ttRPC status containerd expects.
    func handle<Response>(
        _ method: String, _ key: ProcessKey, _ body: () async throws -> Response
    ) async throws -> Response {
        var metadata: Logger.Metadata = ["rpc": "\(method)", "cid": "\(key.containerID)"]
        if let execID = key.execID {
            metadata["exec"] = "\(execID)"
        }
        logger.debug("rpc", metadata: metadata)
        do {
            return try await body()
        } catch {
            let status = KataError.status(for: error)
            metadata["code"] = "\(status.code)"
            let level: Logger.Level = status.code == .notFound || status.code == .cancelled ? .debug : .warning
            logger.log(level: level, "rpc failed: \(status.message)", metadata: metadata)
            throw status
        }
    }

    /// Serves Create.
    package func create(
        _ request: Containerd_Task_V2_CreateTaskRequest, context: TTRPCCallContext
    ) async throws -> Containerd_Task_V2_CreateTaskResponse {
        try await handle("Create", ProcessKey(containerID: request.id)) {
            // Options of another runtime (runc's) are not ours and name no Kata file.
            let options = request.hasOptions ? try? Runtimeoptions_V1_Options(unpackingAny: request.options) : nil
            let creation = ContainerCreation(
                id: request.id, bundle: request.bundle,
                rootfs: request.rootfs.map { RootfsMount(type: $0.type, source: $0.source, options: $0.options) },
                stdio: ProcessStdio(
                    stdin: request.stdin, stdout: request.stdout, stderr: request.stderr, terminal: request.terminal),
                configPath: options.flatMap { $0.configPath.isEmpty ? nil : $0.configPath })
            var response = Containerd_Task_V2_CreateTaskResponse()
            response.pid = try await sandbox.create(creation)
            return response
        }
    }

    /// Serves Start.
    package func start(
        _ request: Containerd_Task_V2_StartRequest, context: TTRPCCallContext
    ) async throws -> Containerd_Task_V2_StartResponse {
        let key = ProcessKey(request.id, request.execID)
        return try await handle("Start", key) {
            var response = Containerd_Task_V2_StartResponse()
            response.pid = try await sandbox.start(key)
            return response
        }
    }

    /// Serves State.
    package func state(
        _ request: Containerd_Task_V2_StateRequest, context: TTRPCCallContext
    ) async throws -> Containerd_Task_V2_StateResponse {
        let key = ProcessKey(request.id, request.execID)
        return try await handle("State", key) {
            Containerd_Task_V2_StateResponse(key, try await sandbox.snapshot(key))
        }
    }

    /// Serves Wait: blocks until the process exited (returns at once if it has).
    package func wait(
        _ request: Containerd_Task_V2_WaitRequest, context: TTRPCCallContext
    ) async throws -> Containerd_Task_V2_WaitResponse {
        let key = ProcessKey(request.id, request.execID)
        return try await handle("Wait", key) {
            let exit = try await sandbox.exitLatch(key).wait()
            var response = Containerd_Task_V2_WaitResponse()
            response.exitStatus = exit.code
            response.exitedAt = Google_Protobuf_Timestamp(date: exit.exitedAt)
            return response
        }
    }

    /// Serves Delete.
    package func delete(
        _ request: Containerd_Task_V2_DeleteRequest, context: TTRPCCallContext
    ) async throws -> Containerd_Task_V2_DeleteResponse {
        let key = ProcessKey(request.id, request.execID)
        return try await handle("Delete", key) {
            let deleted = try await sandbox.delete(key)
            var response = Containerd_Task_V2_DeleteResponse()
            response.pid = deleted.pid
            response.exitStatus = deleted.exit.code
            response.exitedAt = Google_Protobuf_Timestamp(date: deleted.exit.exitedAt)
            return response
        }
    }

    /// Serves Connect: the daemon's pid and the task's.
    package func connect(
        _ request: Containerd_Task_V2_ConnectRequest, context: TTRPCCallContext
    ) async throws -> Containerd_Task_V2_ConnectResponse {
        try await handle("Connect", ProcessKey(containerID: request.id)) {
            var response = Containerd_Task_V2_ConnectResponse()
            response.shimPid = shimPid
            response.taskPid = await sandbox.taskPid(request.id)
            return response
        }
    }

    /// Serves Shutdown: answers OK; when no task is left, the daemon exits after the answer.
    package func shutdown(
        _ request: Containerd_Task_V2_ShutdownRequest, context: TTRPCCallContext
    ) async throws -> Google_Protobuf_Empty {
        try await handle("Shutdown", ProcessKey(containerID: request.id)) {
            if await sandbox.isEmpty {
                shutdownRequested.resolve(true)
            }
            return Google_Protobuf_Empty()
        }
    }

    /// Serves Checkpoint: not supported by Kata.
    package func checkpoint(
        _ request: Containerd_Task_V2_CheckpointTaskRequest, context: TTRPCCallContext
    ) async throws -> Google_Protobuf_Empty {
        try await handle("Checkpoint", ProcessKey(containerID: request.id)) {
            throw KataError(.unimplemented, "/containerd.task.v2.Task/Checkpoint: checkpoint is not supported by kata")
        }
    }
}

extension ProcessKey {
    /// A key from a request's id and exec id (empty = init).
    init(_ id: String, _ execID: String) {
        self.init(containerID: id, execID: execID.isEmpty ? nil : execID)
    }
}

extension Containerd_Task_V2_StateResponse {
    init(_ key: ProcessKey, _ snapshot: ProcessSnapshot) {
        self.init()
        id = key.execID ?? key.containerID
        execID = key.execID ?? ""
        bundle = snapshot.bundle
        pid = snapshot.state.pid
        stdin = snapshot.stdio.stdin ?? ""
        stdout = snapshot.stdio.stdout ?? ""
        stderr = snapshot.stdio.stderr ?? ""
        terminal = snapshot.stdio.terminal
        switch snapshot.state {
        case .creating, .created, .starting: status = .created
        case .running: status = .running
        case .paused: status = .paused
        case .stopped(_, let exit), .deleting(_, let exit):
            status = .stopped
            exitStatus = exit.code
            exitedAt = Google_Protobuf_Timestamp(date: exit.exitedAt)
        }
    }
}
