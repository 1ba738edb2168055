// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import OCISpec

/// What ExecProcess asks for: a new process in a running container.
struct ExecDefinition: Sendable {
    /// The container.
    var containerID: String
    /// The new process's id in the container.
    var execID: String
    /// The process; nil when the request had none (refused by the sandbox). Absent capabilities
    /// mean those of the container's init.
    var process: Process?
}
