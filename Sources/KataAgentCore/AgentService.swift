// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import AgentAPI
import Logging
import TTRPC

/// `grpc.AgentService`: the host's view of the sandbox. Methods live in one file per RPC group
/// (`AgentService+Sandbox.swift`, ...); an RPC without an implementation answers UNIMPLEMENTED
/// with its name (the generated default), never a silent OK.
final class AgentService: Grpc_AgentServiceHandler {
    let lifecycle: AgentLifecycle
    let guest: GuestFacts
    let sandbox: Sandbox
    let network: GuestNetwork
    let logger: Logger

    init(
        lifecycle: AgentLifecycle, guest: GuestFacts, sandbox: Sandbox, network: GuestNetwork = GuestNetwork(),
        logger: Logger
    ) {
        self.lifecycle = lifecycle
        self.guest = guest
        self.sandbox = sandbox
        self.network = network
        self.logger = logger
    }
}
