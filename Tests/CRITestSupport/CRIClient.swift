// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import GRPCCore
import GRPCNIOTransportHTTP2Posix
import GRPCProtobuf
import SwiftProtobuf

/// A CRI v1 client of a runtime's gRPC socket (containerd's CRI plugin): the calls kubelet makes,
/// one async method each, taking and returning the generated `runtime.v1` messages.
///
/// The method descriptors are written here rather than generated: the suite needs fifteen unary
/// calls, and grpc-swift's code generator would cost a plugin build on every `protos.sh --check`.
package struct CRIClient: Sendable {
    private let client: GRPCClient<HTTP2ClientTransport.Posix>
    /// Bound on each call that has no longer one of its own (ExecSync's includes its timeout).
    package var callTimeout: Duration

    private init(client: GRPCClient<HTTP2ClientTransport.Posix>, callTimeout: Duration) {
        self.client = client
        self.callTimeout = callTimeout
    }

    /// Connects to the CRI socket at `socketPath` (HTTP/2 without TLS over a unix socket), runs
    /// `body` with the client, and closes the connection however `body` ends.
    package static func with<Result: Sendable>(
        socketPath: String, callTimeout: Duration = .seconds(120),
        _ body: (CRIClient) async throws -> Result
    ) async throws -> Result {
        let transport = try HTTP2ClientTransport.Posix(
            target: .unixDomainSocket(path: socketPath), transportSecurity: .plaintext)
        return try await withGRPCClient(transport: transport) { client in
            try await body(CRIClient(client: client, callTimeout: callTimeout))
        }
    }

    private static func runtime(_ method: String) -> MethodDescriptor {
        MethodDescriptor(fullyQualifiedService: "runtime.v1.RuntimeService", method: method)
    }

    private static func image(_ method: String) -> MethodDescriptor {
        MethodDescriptor(fullyQualifiedService: "runtime.v1.ImageService", method: method)
    }

    private func call<Request: SwiftProtobuf.Message, Response: SwiftProtobuf.Message>(
        _ descriptor: MethodDescriptor, _ request: Request, timeout: Duration? = nil,
        returning: Response.Type = Response.self
    ) async throws -> Response {
        var options = CallOptions.defaults
        options.timeout = timeout ?? callTimeout
        return try await client.unary(
            request: ClientRequest(message: request), descriptor: descriptor,
            serializer: ProtobufSerializer<Request>(), deserializer: ProtobufDeserializer<Response>(),
            options: options
        ) { response in try response.message }
    }

    // MARK: RuntimeService

    /// The runtime's name and version, and the CRI version it speaks.
    package func version() async throws -> Runtime_V1_VersionResponse {
        var request = Runtime_V1_VersionRequest()
        request.version = "v1"
        return try await call(Self.runtime("Version"), request)
    }

    /// Creates and starts a pod sandbox with the runtime handler `handler`; returns its id.
    package func runPodSandbox(_ config: Runtime_V1_PodSandboxConfig, handler: String) async throws -> String {
        var request = Runtime_V1_RunPodSandboxRequest()
        request.config = config
        request.runtimeHandler = handler
        let response: Runtime_V1_RunPodSandboxResponse = try await call(Self.runtime("RunPodSandbox"), request)
        return response.podSandboxID
    }

    /// Stops the pod's containers and its sandbox, and tears its network down.
    package func stopPodSandbox(_ id: String) async throws {
        var request = Runtime_V1_StopPodSandboxRequest()
        request.podSandboxID = id
        let _: Runtime_V1_StopPodSandboxResponse = try await call(Self.runtime("StopPodSandbox"), request)
    }

    /// Removes a pod and its containers (stopping them first if needed).
    package func removePodSandbox(_ id: String) async throws {
        var request = Runtime_V1_RemovePodSandboxRequest()
        request.podSandboxID = id
        let _: Runtime_V1_RemovePodSandboxResponse = try await call(Self.runtime("RemovePodSandbox"), request)
    }

    /// The pod's state and network status; with `verbose`, containerd's own view in `info`.
    package func podSandboxStatus(
        _ id: String, verbose: Bool = false
    ) async throws
        -> Runtime_V1_PodSandboxStatusResponse
    {
        var request = Runtime_V1_PodSandboxStatusRequest()
        request.podSandboxID = id
        request.verbose = verbose
        return try await call(Self.runtime("PodSandboxStatus"), request)
    }

    /// The pods the runtime knows, optionally filtered.
    package func listPodSandbox(_ filter: Runtime_V1_PodSandboxFilter? = nil) async throws -> [Runtime_V1_PodSandbox] {
        var request = Runtime_V1_ListPodSandboxRequest()
        if let filter { request.filter = filter }
        let response: Runtime_V1_ListPodSandboxResponse = try await call(Self.runtime("ListPodSandbox"), request)
        return response.items
    }

    /// Creates a container in the pod `podID` (whose RunPodSandbox config is `sandboxConfig`).
    package func createContainer(
        in podID: String, _ config: Runtime_V1_ContainerConfig, sandboxConfig: Runtime_V1_PodSandboxConfig
    ) async throws -> String {
        var request = Runtime_V1_CreateContainerRequest()
        request.podSandboxID = podID
        request.config = config
        request.sandboxConfig = sandboxConfig
        let response: Runtime_V1_CreateContainerResponse = try await call(Self.runtime("CreateContainer"), request)
        return response.containerID
    }

    /// Starts a created container.
    package func startContainer(_ id: String) async throws {
        var request = Runtime_V1_StartContainerRequest()
        request.containerID = id
        let _: Runtime_V1_StartContainerResponse = try await call(Self.runtime("StartContainer"), request)
    }

    /// Sends the container its stop signal, then SIGKILL after `timeout` seconds.
    package func stopContainer(_ id: String, timeout: Int64) async throws {
        var request = Runtime_V1_StopContainerRequest()
        request.containerID = id
        request.timeout = timeout
        let _: Runtime_V1_StopContainerResponse = try await call(
            Self.runtime("StopContainer"), request, timeout: .seconds(timeout) + callTimeout)
    }

    /// Removes a container (killing it first if it still runs).
    package func removeContainer(_ id: String) async throws {
        var request = Runtime_V1_RemoveContainerRequest()
        request.containerID = id
        let _: Runtime_V1_RemoveContainerResponse = try await call(Self.runtime("RemoveContainer"), request)
    }

    /// The containers the runtime knows, optionally filtered.
    package func listContainers(_ filter: Runtime_V1_ContainerFilter? = nil) async throws -> [Runtime_V1_Container] {
        var request = Runtime_V1_ListContainersRequest()
        if let filter { request.filter = filter }
        let response: Runtime_V1_ListContainersResponse = try await call(Self.runtime("ListContainers"), request)
        return response.containers
    }

    /// The container's state, exit code and reason.
    package func containerStatus(_ id: String, verbose: Bool = false) async throws -> Runtime_V1_ContainerStatus {
        var request = Runtime_V1_ContainerStatusRequest()
        request.containerID = id
        request.verbose = verbose
        let response: Runtime_V1_ContainerStatusResponse = try await call(Self.runtime("ContainerStatus"), request)
        return response.status
    }

    /// Changes a running container's Linux resources.
    package func updateContainerResources(
        _ id: String, _ resources: Runtime_V1_LinuxContainerResources
    )
        async throws
    {
        var request = Runtime_V1_UpdateContainerResourcesRequest()
        request.containerID = id
        request.linux = resources
        let _: Runtime_V1_UpdateContainerResourcesResponse = try await call(
            Self.runtime("UpdateContainerResources"), request)
    }

    /// Runs `command` in the container and returns its output and exit code; the runtime gives
    /// up after `timeout` seconds (zero: no limit).
    package func execSync(_ id: String, _ command: [String], timeout: Int64 = 0) async throws -> ExecResult {
        var request = Runtime_V1_ExecSyncRequest()
        request.containerID = id
        request.cmd = command
        request.timeout = timeout
        let response: Runtime_V1_ExecSyncResponse = try await call(
            Self.runtime("ExecSync"), request, timeout: .seconds(timeout) + callTimeout)
        return ExecResult(
            stdout: String(decoding: response.stdout, as: UTF8.self),
            stderr: String(decoding: response.stderr, as: UTF8.self), exitCode: response.exitCode)
    }

    /// The container's CPU, memory and writable-layer usage.
    package func containerStats(_ id: String) async throws -> Runtime_V1_ContainerStats {
        var request = Runtime_V1_ContainerStatsRequest()
        request.containerID = id
        let response: Runtime_V1_ContainerStatsResponse = try await call(Self.runtime("ContainerStats"), request)
        return response.stats
    }

    // MARK: ImageService

    /// The image `reference` names, or `nil` when the runtime does not have it.
    package func imageStatus(_ reference: String) async throws -> Runtime_V1_Image? {
        var request = Runtime_V1_ImageStatusRequest()
        request.image.image = reference
        let response: Runtime_V1_ImageStatusResponse = try await call(Self.image("ImageStatus"), request)
        return response.hasImage ? response.image : nil
    }
}

/// What ExecSync returns, decoded.
package struct ExecResult: Sendable, Equatable, CustomStringConvertible {
    /// The command's standard output.
    package var stdout: String
    /// The command's standard error.
    package var stderr: String
    /// The command's exit code (the runtime's when it timed out).
    package var exitCode: Int32

    /// A result with these fields (what a test expects).
    package init(stdout: String, stderr: String, exitCode: Int32) {
        self.stdout = stdout
        self.stderr = stderr
        self.exitCode = exitCode
    }

    /// The fields on one line, for assertion messages.
    package var description: String {
        "exit \(exitCode), stdout \(stdout.debugDescription), stderr \(stderr.debugDescription)"
    }
}
