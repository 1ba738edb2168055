// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import FoundationEssentials
package import KataLinux

/// The containerd-visible lifecycle of one process (init or exec).
package enum ProcessState: Sendable {
    /// Create/Exec is in progress in the runtime.
    case creating
    /// Set up, not started; exec pids are 0.
    case created(pid: UInt32)
    /// Start is in progress in the runtime.
    case starting(pid: UInt32)
    /// Running.
    case running(pid: UInt32)
    /// Frozen by Pause (init only).
    case paused(pid: UInt32)
    /// Exited.
    case stopped(pid: UInt32, exit: ExitStatus)
    /// Exited, and Delete is releasing its resources in the runtime.
    case deleting(pid: UInt32, exit: ExitStatus)

    /// The pid containerd reports.
    package var pid: UInt32 {
        switch self {
        case .creating: 0
        case .created(let pid), .starting(let pid), .running(let pid), .paused(let pid), .stopped(let pid, _),
            .deleting(let pid, _):
            pid
        }
    }

    /// The name used in error messages.
    package var name: String {
        switch self {
        case .creating: "creating"
        case .created: "created"
        case .starting: "starting"
        case .running: "running"
        case .paused: "paused"
        case .stopped: "stopped"
        case .deleting: "deleting"
        }
    }
}

/// What the shim remembers about one process.
struct ProcessRecord: Sendable {
    var stdio: ProcessStdio
    var state: ProcessState = .creating
    let exit = ExitLatch()
    var copier: StdioCopier?
    var pendingResize: (width: UInt32, height: UInt32)?

    init(stdio: ProcessStdio) {
        self.stdio = stdio
    }
}

/// What the shim remembers about one container.
struct ContainerRecord: Sendable {
    var bundle: String
    var initProcess: ProcessRecord
    var execs: [String: ProcessRecord] = [:]
}

/// A process's state as State reports it.
package struct ProcessSnapshot: Sendable {
    /// The bundle of its container.
    package var bundle: String
    /// Its state.
    package var state: ProcessState
    /// Its stdio paths, echoed as given.
    package var stdio: ProcessStdio
}

/// A process's exit, awaited by any number of `Wait` calls.
package typealias ExitLatch = Latch<ExitStatus>
