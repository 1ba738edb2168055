// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

/// A process of the sandbox: a container's init (`execID` nil) or one of its execs.
package struct ProcessKey: Sendable, Hashable, CustomStringConvertible {
    /// The container.
    package var containerID: String
    /// The exec, or nil for the container's init process.
    package var execID: String?

    /// A key.
    /// - Parameters:
    ///   - containerID: the container.
    ///   - execID: the exec, nil for init.
    package init(containerID: String, execID: String? = nil) {
        self.containerID = containerID
        self.execID = execID
    }

    /// The exec id the agent gets: the container id for init (Go's choice).
    package var agentExecID: String { execID ?? containerID }

    /// `container c1` or `exec e1 of container c1`.
    package var description: String {
        guard let execID else { return "container \(containerID)" }
        return "exec \(execID) of container \(containerID)"
    }
}
