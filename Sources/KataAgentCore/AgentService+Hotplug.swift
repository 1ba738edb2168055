// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import AgentAPI
import SwiftProtobuf
import TTRPC

extension AgentService {
    func onlineCPUMem(
        _ request: Grpc_OnlineCPUMemRequest, context: TTRPCCallContext
    ) async throws -> SwiftProtobuf.Google_Protobuf_Empty {
        // `wait` is ignored, as upstream: onlining is always synchronous.
        let onlined = try await GuestHotplug(sysfs: guest.sysfs, cpusetRoot: BootSequence.cgroupRoot + "/cpuset")
            .online(
                cpus: request.nbCpus, cpuOnly: request.cpuOnly)
        logger.info(
            "onlined hot-plugged resources",
            metadata: ["cpus": "\(onlined.cpus)", "memory-blocks": "\(onlined.memoryBlocks)"])
        return .init()
    }

    func memHotplugByProbe(
        _ request: Grpc_MemHotplugByProbeRequest, context: TTRPCCallContext
    ) async throws -> SwiftProtobuf.Google_Protobuf_Empty {
        try GuestHotplug(sysfs: guest.sysfs).probe(addresses: request.memHotplugProbeAddr)
        return .init()
    }
}
