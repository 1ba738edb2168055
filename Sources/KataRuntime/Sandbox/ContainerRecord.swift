// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataLinux
import OCISpec

/// A container of the sandbox: its processes and what the host did for it, undone in reverse by
/// delete.
struct ContainerRecord: Sendable {
    let id: String
    let bundle: String
    var initProcess: ProcessRecord
    var execs: [String: ProcessRecord] = [:]
    /// Mount points made for this container, in order.
    var mounts: [String] = []
    /// Directories and files made for its shares, in order.
    var createdPaths: [String] = []
}

/// A process of the sandbox (a container's init or an exec) as the registry keeps it.
struct ProcessRecord: Sendable {
    /// The stdio the client gave, echoed by State.
    var stdio: ProcessStdio
    var state: ProcessState = .creating
    /// Whether the process has a terminal: the client asked for one or its spec says so.
    var terminal: Bool
    /// Resolved once with the exit, for every Wait.
    let exit = Latch<ExitStatus>()
    /// An exec's translated process until it starts.
    var definition: Process?
    /// The client's end of its stdio, from Start on.
    var io: (any ProcessIO)?
    /// Its streams in the guest, from Start on.
    var streams: AgentProcessStreams?
    var pendingResize: (width: UInt32, height: UInt32)?

    init(stdio: ProcessStdio, terminal: Bool, state: ProcessState = .creating, definition: Process? = nil) {
        self.stdio = stdio
        self.terminal = terminal
        self.state = state
        self.definition = definition
    }
}
