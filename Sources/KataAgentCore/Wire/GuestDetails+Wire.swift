// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import AgentAPI

extension Grpc_GuestDetailsResponse {
    /// The wire form of the guest's details; a fact not asked for is left at its zero value.
    init(_ details: GuestDetails) {
        self.init()
        memBlockSizeBytes = details.memoryBlockSize ?? 0
        supportMemHotplugProbe = details.supportsMemoryHotplugProbe ?? false
        agentDetails = .with {
            $0.version = details.agentVersion
            $0.initDaemon = details.isInit
            $0.storageHandlers = details.storageHandlers
            $0.deviceHandlers = details.deviceHandlers
            $0.supportsSeccomp = details.supportsSeccomp
        }
    }
}
