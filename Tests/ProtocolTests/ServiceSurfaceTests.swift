// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import AgentAPI
import Foundation
import ShimAPI
import SwiftProtobuf
import Testing

// `TTRPCMethod.invoke` is internal: calling it is the only way to reach a method through the
// table a server dispatches on, without a socket.
@testable import TTRPC

/// A generated service and what upstream declares for it.
struct ServiceCase: Sendable, CustomTestStringConvertible {
    let provider: any TTRPCServiceProvider
    let name: String
    let methods: Set<String>

    var testDescription: String { name }
}

/// The generated services expose exactly upstream's methods under upstream's service names, and a
/// handler that implements nothing answers UNIMPLEMENTED naming the method.
@Suite("generated ttRPC service surfaces")
struct ServiceSurfaceTests {
    struct EmptyTask: Containerd_Task_V2_TaskHandler {}
    struct EmptyAgent: Grpc_AgentServiceHandler {}
    struct EmptyHealth: Grpc_HealthHandler {}
    struct EmptyEvents: Containerd_Services_Events_Ttrpc_V1_EventsHandler {}

    /// Implements one method, to show the table routes to the override and not to the default.
    struct ServingHealth: Grpc_HealthHandler {
        func check(_ request: Grpc_CheckRequest, context: TTRPCCallContext) async throws -> Grpc_HealthCheckResponse {
            .with { $0.status = .serving }
        }
    }

    static let cases: [ServiceCase] = [
        // shimv2-ttrpc.md C.1
        ServiceCase(
            provider: EmptyTask(),
            name: "containerd.task.v2.Task",
            methods: [
                "State", "Create", "Start", "Delete", "Pids", "Pause", "Resume", "Checkpoint", "Kill", "Exec",
                "ResizePty", "CloseIO", "Update", "Wait", "Stats", "Connect", "Shutdown",
            ]
        ),
        // kata-agent.md section 1
        ServiceCase(
            provider: EmptyAgent(),
            name: "grpc.AgentService",
            methods: [
                "CreateContainer", "StartContainer", "RemoveContainer", "ExecProcess", "SignalProcess",
                "WaitProcess", "UpdateContainer", "UpdateEphemeralMounts", "StatsContainer", "PauseContainer",
                "ResumeContainer", "RemoveStaleVirtiofsShareMounts", "GetDiagnosticData", "WriteStdin", "ReadStdout",
                "ReadStderr", "CloseStdin", "TtyWinResize", "UpdateInterface", "UpdateRoutes", "ListInterfaces",
                "ListRoutes", "AddARPNeighbors", "GetIPTables", "SetIPTables", "GetMetrics", "MemAgentMemcgSet",
                "MemAgentCompactSet", "CreateSandbox", "DestroySandbox", "OnlineCPUMem", "ReseedRandomDev",
                "GetGuestDetails", "MemHotplugByProbe", "SetGuestDateTime", "CopyFile", "GetOOMEvent", "AddSwap",
                "AddSwapPath", "GetVolumeStats", "ResizeVolume", "SetPolicy",
            ]
        ),
        ServiceCase(provider: EmptyHealth(), name: "grpc.Health", methods: ["Check", "Version"]),
        // shimv2-ttrpc.md A.9
        ServiceCase(provider: EmptyEvents(), name: "containerd.services.events.ttrpc.v1.Events", methods: ["Forward"]),
    ]

    @Test(arguments: cases)
    func exposesExactlyUpstreamsMethods(_ service: ServiceCase) {
        let table = service.provider.ttrpcService
        #expect(table.name == service.name)
        #expect(Set(table.methods.keys) == service.methods)
    }

    @Test(arguments: cases)
    func everyDefaultAnswersUnimplementedNamingItsMethod(_ service: ServiceCase) async throws {
        let table = service.provider.ttrpcService
        for name in table.methods.keys.sorted() {
            let method = try #require(table.methods[name])
            let context = TTRPCCallContext(service: table.name, method: name)
            // An empty payload is a valid proto3 encoding of every request message.
            let error = await #expect(throws: TTRPCStatus.self, "\(name)") {
                _ = try await method.invoke(Data(), context)
            }
            #expect(error == TTRPCStatus(.unimplemented, "/\(service.name)/\(name) is not implemented"))
        }
    }

    @Test func typedDefaultThrowsUnimplemented() async throws {
        let context = TTRPCCallContext(service: "containerd.task.v2.Task", method: "Checkpoint")
        let error = await #expect(throws: TTRPCStatus.self) {
            _ = try await EmptyTask().checkpoint(.init(), context: context)
        }
        #expect(error?.code == .unimplemented)
        #expect(error?.message == "/containerd.task.v2.Task/Checkpoint is not implemented")
    }

    @Test func tableRoutesToTheImplementedMethod() async throws {
        let table = ServingHealth().ttrpcService
        let check = try #require(table.methods["Check"])
        let answer = try await check.invoke(Data(), TTRPCCallContext(service: "grpc.Health", method: "Check"))
        #expect(Array(answer) == [0x08, 0x01])  // HealthCheckResponse{1 status SERVING = 1}
        let version = try #require(table.methods["Version"])
        await #expect(throws: TTRPCStatus(.unimplemented, "/grpc.Health/Version is not implemented")) {
            _ = try await version.invoke(Data(), TTRPCCallContext(service: "grpc.Health", method: "Version"))
        }
    }

    @Test func clientsCarryUpstreamsNamesAndTypes() {
        #expect(Containerd_Task_V2_TaskClient.serviceName == "containerd.task.v2.Task")
        #expect(Grpc_AgentServiceClient.serviceName == "grpc.AgentService")
        #expect(Grpc_HealthClient.serviceName == "grpc.Health")
        #expect(
            Containerd_Services_Events_Ttrpc_V1_EventsClient.serviceName == "containerd.services.events.ttrpc.v1.Events"
        )
        // These only compile if the generated methods have the names and types the callers use.
        typealias Call<Client, Request, Response> = (Client) -> (Request, TTRPCCallOptions) async throws -> Response
        typealias Empty = SwiftProtobuf.Google_Protobuf_Empty
        let create: Call<Grpc_AgentServiceClient, Grpc_CreateContainerRequest, Empty> =
            Grpc_AgentServiceClient.createContainer
        let oom: Call<Grpc_AgentServiceClient, Grpc_GetOOMEventRequest, Grpc_OOMEvent> =
            Grpc_AgentServiceClient.getOOMEvent
        let connect:
            Call<Containerd_Task_V2_TaskClient, Containerd_Task_V2_ConnectRequest, Containerd_Task_V2_ConnectResponse> =
                Containerd_Task_V2_TaskClient.connect
        typealias EventsClient = Containerd_Services_Events_Ttrpc_V1_EventsClient
        let forward: Call<EventsClient, Containerd_Services_Events_Ttrpc_V1_ForwardRequest, Empty> =
            EventsClient.forward
        _ = (create, oom, connect, forward)
    }
}
