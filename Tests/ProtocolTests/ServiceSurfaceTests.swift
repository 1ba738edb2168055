// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import AgentAPI
import ShimAPI
import SwiftProtobuf
import TTRPC
import Testing

/// The generated services expose exactly upstream's methods, under upstream's service names, and
/// a handler that implements nothing answers UNIMPLEMENTED naming the method.
@Suite("generated ttRPC service surfaces")
struct ServiceSurfaceTests {
    struct EmptyTask: Containerd_Task_V2_TaskHandler {}
    struct EmptyAgent: Grpc_AgentServiceHandler {}
    struct EmptyHealth: Grpc_HealthHandler {}
    struct EmptyEvents: Containerd_Services_Events_Ttrpc_V1_EventsHandler {}

    @Test func taskServiceHasTheSeventeenMethodsOfContainerd() {
        let service = EmptyTask().ttrpcService
        #expect(service.name == "containerd.task.v2.Task")
        let expected: Set = [
            "State", "Create", "Start", "Delete", "Pids", "Pause", "Resume", "Checkpoint", "Kill", "Exec",
            "ResizePty", "CloseIO", "Update", "Wait", "Stats", "Connect", "Shutdown",
        ]
        #expect(Set(service.methods.keys) == expected)
    }

    @Test func agentServiceHasEveryKataMethod() {
        let service = EmptyAgent().ttrpcService
        #expect(service.name == "grpc.AgentService")
        let expected: Set = [
            "CreateContainer", "StartContainer", "RemoveContainer", "ExecProcess", "SignalProcess", "WaitProcess",
            "UpdateContainer", "UpdateEphemeralMounts", "StatsContainer", "PauseContainer", "ResumeContainer",
            "RemoveStaleVirtiofsShareMounts", "GetDiagnosticData", "WriteStdin", "ReadStdout", "ReadStderr",
            "CloseStdin", "TtyWinResize", "UpdateInterface", "UpdateRoutes", "ListInterfaces", "ListRoutes",
            "AddARPNeighbors", "GetIPTables", "SetIPTables", "GetMetrics", "MemAgentMemcgSet", "MemAgentCompactSet",
            "CreateSandbox", "DestroySandbox", "OnlineCPUMem", "ReseedRandomDev", "GetGuestDetails",
            "MemHotplugByProbe", "SetGuestDateTime", "CopyFile", "GetOOMEvent", "AddSwap", "AddSwapPath",
            "GetVolumeStats", "ResizeVolume", "SetPolicy",
        ]
        #expect(Set(service.methods.keys) == expected)
    }

    @Test func healthAndEventsServices() {
        #expect(EmptyHealth().ttrpcService.name == "grpc.Health")
        #expect(Set(EmptyHealth().ttrpcService.methods.keys) == ["Check", "Version"])
        #expect(EmptyEvents().ttrpcService.name == "containerd.services.events.ttrpc.v1.Events")
        #expect(Set(EmptyEvents().ttrpcService.methods.keys) == ["Forward"])
    }

    @Test func unimplementedMethodsNameThemselves() async throws {
        let context = TTRPCCallContext(service: "containerd.task.v2.Task", method: "Checkpoint")
        let error = await #expect(throws: TTRPCStatus.self) {
            _ = try await EmptyTask().checkpoint(.init(), context: context)
        }
        #expect(error?.code == .unimplemented)
        #expect(error?.message == "/containerd.task.v2.Task/Checkpoint is not implemented")
    }
}
