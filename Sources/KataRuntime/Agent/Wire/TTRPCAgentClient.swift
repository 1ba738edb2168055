// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import AgentAPI
package import Cgroups
import FoundationEssentials
package import KataError
package import OCISpec
package import TTRPC

/// The agent over ttRPC: the only owner of the generated client. Each method converts its domain
/// values (`*+Wire.swift`), sends the RPC with its row of ``AgentRPC``'s timeout table, and turns
/// any failure into a `KataError` in ``call(_:_:_:)``, the one place that does.
package final class TTRPCAgentClient: AgentClient {
    private let connection: TTRPCClient
    private let agent: Grpc_AgentServiceClient
    private let sandboxID: String
    private let createContainerTimeout: Duration

    /// A client on a connected ttRPC connection.
    /// - Parameters:
    ///   - connection: the connection (the client closes it).
    ///   - sandboxID: the sandbox, for messages.
    ///   - createContainerTimeout: `create_container_timeout`.
    package init(connection: TTRPCClient, sandboxID: String, createContainerTimeout: Duration) {
        self.connection = connection
        self.agent = Grpc_AgentServiceClient(client: connection)
        self.sandboxID = sandboxID
        self.createContainerTimeout = createContainerTimeout
    }

    /// Closes the connection.
    package func close() async { await connection.close() }

    /// Sends one RPC with its timeout; the agent's status keeps its code, anything else (a lost
    /// connection) means the VM is gone.
    private func call<Response: Sendable>(
        _ rpc: AgentRPC, _ object: String, timeout: Duration? = nil,
        _ body: (TTRPCCallOptions) async throws -> Response
    ) async throws(KataError) -> Response {
        do {
            let timeout = timeout ?? rpc.timeout(createContainer: createContainerTimeout)
            return try await body(TTRPCCallOptions(timeout: timeout))
        } catch let status as TTRPCStatus {
            throw KataError(status, context: "the agent refused \(rpc.rawValue) for \(object)")
        } catch {
            throw KataError(.unavailable, "\(rpc.rawValue) for \(object) failed (is the VM still running?): \(error)")
        }
    }

    private var sandbox: String { "sandbox \(sandboxID)" }

    // MARK: SandboxAgent

    /// CreateSandbox.
    package func createSandbox(_ sandbox: GuestSandbox) async throws(KataError) {
        let request = Grpc_CreateSandboxRequest(sandbox)
        _ = try await call(.createSandbox, self.sandbox) { try await agent.createSandbox(request, options: $0) }
    }

    /// Health.Check.
    package func check(timeout: Duration) async throws(KataError) {
        let answer = try await call(.check, sandbox, timeout: timeout) {
            try await Grpc_HealthClient(client: connection).check(Grpc_CheckRequest(), options: $0)
        }
        guard answer.status == .serving else {
            throw KataError(.unavailable, "the agent of \(sandbox) reports \(answer.status)")
        }
    }

    /// GetGuestDetails, asking for the memory block size and hot-plug probe as Go does.
    package func guestDetails() async throws(KataError) -> GuestDetails {
        let request = Grpc_GuestDetailsRequest.with {
            $0.memBlockSize = true
            $0.memHotplugProbe = true
        }
        let details = try await call(.getGuestDetails, sandbox) {
            try await agent.getGuestDetails(request, options: $0)
        }
        return GuestDetails(
            supportsSeccomp: details.agentDetails.supportsSeccomp, memoryBlockSizeBytes: details.memBlockSizeBytes,
            needsMemoryHotplugProbe: details.supportMemHotplugProbe)
    }

    /// DestroySandbox.
    package func destroySandbox() async throws(KataError) {
        _ = try await call(.destroySandbox, sandbox) {
            try await agent.destroySandbox(Grpc_DestroySandboxRequest(), options: $0)
        }
    }

    /// GetOOMEvent.
    package func nextOOMEvent() async throws(KataError) -> String {
        try await call(.getOOMEvent, sandbox) { try await agent.getOOMEvent(Grpc_GetOOMEventRequest(), options: $0) }
            .containerID
    }

    // MARK: ResourceAgent

    /// OnlineCPUMem.
    package func onlineCPUMem(cpus: UInt32, cpuOnly: Bool) async throws(KataError) {
        let request = Grpc_OnlineCPUMemRequest.with {
            $0.wait = true
            $0.nbCpus = cpus
            $0.cpuOnly = cpuOnly
        }
        _ = try await call(.onlineCPUMem, sandbox) { try await agent.onlineCPUMem(request, options: $0) }
    }

    /// MemHotplugByProbe.
    package func memHotplugByProbe(addresses: [UInt64]) async throws(KataError) {
        let request = Grpc_MemHotplugByProbeRequest.with { $0.memHotplugProbeAddr = addresses }
        _ = try await call(.memHotplugByProbe, sandbox) { try await agent.memHotplugByProbe(request, options: $0) }
    }

    // MARK: ContainerAgent

    /// CreateContainer.
    package func createContainer(_ container: GuestContainer) async throws(KataError) {
        let request = Grpc_CreateContainerRequest(container)
        _ = try await call(.createContainer, "container \(container.id)") {
            try await agent.createContainer(request, options: $0)
        }
    }

    /// StartContainer.
    package func startContainer(_ id: String) async throws(KataError) {
        _ = try await call(.startContainer, "container \(id)") {
            try await agent.startContainer(.with { $0.containerID = id }, options: $0)
        }
    }

    /// RemoveContainer.
    package func removeContainer(_ id: String) async throws(KataError) {
        _ = try await call(.removeContainer, "container \(id)") {
            try await agent.removeContainer(.with { $0.containerID = id }, options: $0)
        }
    }

    /// PauseContainer.
    package func pauseContainer(_ id: String) async throws(KataError) {
        _ = try await call(.pauseContainer, "container \(id)") {
            try await agent.pauseContainer(.with { $0.containerID = id }, options: $0)
        }
    }

    /// ResumeContainer.
    package func resumeContainer(_ id: String) async throws(KataError) {
        _ = try await call(.resumeContainer, "container \(id)") {
            try await agent.resumeContainer(.with { $0.containerID = id }, options: $0)
        }
    }

    /// UpdateContainer.
    package func updateContainer(_ id: String, resources: Linux.Resources) async throws(KataError) {
        let request = Grpc_UpdateContainerRequest.with {
            $0.containerID = id
            $0.resources = Grpc_LinuxResources(resources)
        }
        _ = try await call(.updateContainer, "container \(id)") {
            try await agent.updateContainer(request, options: $0)
        }
    }

    /// StatsContainer.
    package func statsContainer(_ id: String) async throws(KataError) -> CgroupStats {
        let answer = try await call(.statsContainer, "container \(id)") {
            try await agent.statsContainer(.with { $0.containerID = id }, options: $0)
        }
        return CgroupStats(answer.cgroupStats)
    }

    // MARK: ProcessAgent

    /// ExecProcess.
    package func execProcess(_ key: ProcessKey, process: Process) async throws(KataError) {
        let request = Grpc_ExecProcessRequest.with {
            $0.containerID = key.containerID
            $0.execID = key.agentExecID
            $0.process = Grpc_Process(process)
        }
        _ = try await call(.execProcess, key.description) { try await agent.execProcess(request, options: $0) }
    }

    /// SignalProcess; `allProcesses` sends exec id "", the agent's "every process of the container".
    package func signalProcess(_ key: ProcessKey, signal: UInt32, allProcesses: Bool) async throws(KataError) {
        let request = Grpc_SignalProcessRequest.with {
            $0.containerID = key.containerID
            $0.execID = allProcesses ? "" : key.agentExecID
            $0.signal = signal
        }
        _ = try await call(.signalProcess, key.description) { try await agent.signalProcess(request, options: $0) }
    }

    /// WaitProcess.
    package func waitProcess(_ key: ProcessKey) async throws(KataError) -> Int32 {
        let request = Grpc_WaitProcessRequest.with {
            $0.containerID = key.containerID
            $0.execID = key.agentExecID
        }
        return try await call(.waitProcess, key.description) { try await agent.waitProcess(request, options: $0) }
            .status
    }

    /// TtyWinResize.
    package func resizeTerminal(_ key: ProcessKey, width: UInt32, height: UInt32) async throws(KataError) {
        let request = Grpc_TtyWinResizeRequest.with {
            $0.containerID = key.containerID
            $0.execID = key.agentExecID
            $0.row = height
            $0.column = width
        }
        _ = try await call(.ttyWinResize, key.description) { try await agent.ttyWinResize(request, options: $0) }
    }

    // MARK: StreamAgent

    /// ReadStdout.
    package func readStdout(_ key: ProcessKey, maximum: UInt32) async throws(KataError) -> [UInt8] {
        let request = Self.readRequest(key, maximum: maximum)
        return [UInt8](
            try await call(.readStdout, key.description) { try await agent.readStdout(request, options: $0) }.data)
    }

    /// ReadStderr.
    package func readStderr(_ key: ProcessKey, maximum: UInt32) async throws(KataError) -> [UInt8] {
        let request = Self.readRequest(key, maximum: maximum)
        return [UInt8](
            try await call(.readStderr, key.description) { try await agent.readStderr(request, options: $0) }.data)
    }

    /// WriteStdin.
    package func writeStdin(_ key: ProcessKey, _ bytes: [UInt8]) async throws(KataError) -> Int {
        let request = Grpc_WriteStreamRequest.with {
            $0.containerID = key.containerID
            $0.execID = key.agentExecID
            $0.data = Data(bytes)
        }
        return Int(
            try await call(.writeStdin, key.description) { try await agent.writeStdin(request, options: $0) }.len)
    }

    /// CloseStdin.
    package func closeStdin(_ key: ProcessKey) async throws(KataError) {
        let request = Grpc_CloseStdinRequest.with {
            $0.containerID = key.containerID
            $0.execID = key.agentExecID
        }
        _ = try await call(.closeStdin, key.description) { try await agent.closeStdin(request, options: $0) }
    }

    private static func readRequest(_ key: ProcessKey, maximum: UInt32) -> Grpc_ReadStreamRequest {
        .with {
            $0.containerID = key.containerID
            $0.execID = key.agentExecID
            $0.len = maximum
        }
    }

    // MARK: NetworkAgent

    /// UpdateInterface.
    package func updateInterface(_ interface: GuestInterface) async throws(KataError) {
        let request = Grpc_UpdateInterfaceRequest.with { $0.interface = Types_Interface(interface) }
        _ = try await call(.updateInterface, "interface \(interface.name)") {
            try await agent.updateInterface(request, options: $0)
        }
    }

    /// UpdateRoutes.
    package func updateRoutes(_ routes: [GuestRoute]) async throws(KataError) {
        let request = Grpc_UpdateRoutesRequest.with { $0.routes = .with { $0.routes = routes.map(Types_Route.init) } }
        _ = try await call(.updateRoutes, sandbox) { try await agent.updateRoutes(request, options: $0) }
    }

    /// AddARPNeighbors.
    package func addARPNeighbors(_ neighbors: [GuestNeighbor]) async throws(KataError) {
        let request = Grpc_AddARPNeighborsRequest.with {
            $0.neighbors = .with { $0.arpneighbors = neighbors.map(Types_ARPNeighbor.init) }
        }
        _ = try await call(.addARPNeighbors, sandbox) { try await agent.addARPNeighbors(request, options: $0) }
    }
}
