// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import AgentAPI

extension Grpc_CreateSandboxRequest {
    /// CreateSandbox as the Go runtime fills it (kata-agent spec §3.2, §9.1 step 5); the hostname
    /// is cut to 64 bytes, as Go does.
    /// - Parameter sandbox: the domain request.
    init(_ sandbox: GuestSandbox) {
        self.init()
        sandboxID = sandbox.id
        hostname = String(decoding: sandbox.hostname.utf8.prefix(64), as: UTF8.self)
        storages = sandbox.storages.map(Grpc_Storage.init)
        sandboxPidns = sandbox.sandboxPidns
        guestHookPath = sandbox.guestHookPath ?? ""
        kernelModules = sandbox.kernelModules.map { module in
            .with {
                $0.name = module.name
                $0.parameters = module.parameters
            }
        }
    }
}
