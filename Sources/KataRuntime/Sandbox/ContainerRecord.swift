// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import AgentAPI

/// A container of the pod and what the host did for it, undone in reverse by delete.
struct ContainerRecord: Sendable {
    /// The container's lifecycle.
    enum State: Sendable, Equatable {
        /// CreateContainer succeeded; the init process waits for StartContainer.
        case created
        /// StartContainer succeeded.
        case running
        /// RemoveContainer succeeded (or the container is being deleted).
        case removed
    }

    let id: String
    let bundle: String
    let terminal: Bool
    var state: State
    /// Mount points made for this container, in order.
    var mounts: [String]
    /// Directories and files made for its shares, in order.
    var createdPaths: [String]
}

/// A process of the pod: defined (an exec before its start), started, or exited.
struct ProcessRecord: Sendable {
    /// The process's lifecycle.
    enum State: Sendable {
        /// An exec waiting for start, with its translated process.
        case defined(Grpc_Process)
        /// The container's init, created but not started.
        case created
        /// Started; output flows through the streams.
        case started(ProcessStreams)
        /// Ended.
        case exited(ExitStatus)
    }

    var state: State
    let terminal: Bool
    /// The single WaitProcess call for this process, shared by every `wait`.
    var waiter: Task<ExitStatus, Never>?
}
