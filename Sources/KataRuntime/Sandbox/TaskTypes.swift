// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import FoundationEssentials

/// The stdio a client asked for: FIFO paths (nil = none) and whether the process has a terminal.
package struct ProcessStdio: Sendable, Equatable {
    /// The stdin FIFO.
    package var stdin: String?
    /// The stdout FIFO (the pty stream with a terminal).
    package var stdout: String?
    /// The stderr FIFO; always nil with a terminal.
    package var stderr: String?
    /// Whether the process gets a pty.
    package var terminal: Bool

    /// Creates stdio; empty strings from the wire mean "none".
    package init(stdin: String, stdout: String, stderr: String, terminal: Bool) {
        self.stdin = stdin.isEmpty ? nil : stdin
        self.stdout = stdout.isEmpty ? nil : stdout
        self.stderr = stderr.isEmpty ? nil : stderr
        self.terminal = terminal
    }
}

/// What Create asks for.
package struct ContainerCreation: Sendable {
    /// The container id.
    package var id: String
    /// The absolute bundle directory (`config.json` holds the OCI spec).
    package var bundle: String
    /// Rootfs mounts; empty when `root.path` already names the rootfs.
    package var rootfs: [RootfsMount]
    /// The init process's stdio.
    package var stdio: ProcessStdio
    /// The configuration.toml the client named (Kata's runtime options `ConfigPath`), if any.
    package var configPath: String?

    /// Creates a request.
    package init(id: String, bundle: String, rootfs: [RootfsMount], stdio: ProcessStdio, configPath: String?) {
        self.id = id
        self.bundle = bundle
        self.rootfs = rootfs
        self.stdio = stdio
        self.configPath = configPath
    }
}

/// How a process ended: exit code or 128+signal (255 when unknown), and when.
package struct ExitStatus: Sendable, Equatable {
    /// containerd's value for a lost process.
    package static let unknownCode: UInt32 = 255

    /// The exit status.
    package var code: UInt32
    /// When the process exited.
    package var exitedAt: Date

    /// Creates a status.
    package init(code: UInt32, exitedAt: Date = Date()) {
        self.code = code
        self.exitedAt = exitedAt
    }
}

/// The containerd-visible lifecycle of one process (init or exec).
package enum ProcessState: Sendable {
    /// Create/Exec is in progress.
    case creating
    /// Set up, not started; exec pids are 0.
    case created(pid: UInt32)
    /// Start is in progress.
    case starting(pid: UInt32)
    /// Running.
    case running(pid: UInt32)
    /// Frozen by Pause (init only).
    case paused(pid: UInt32)
    /// Exited.
    case stopped(pid: UInt32, exit: ExitStatus)
    /// Exited, and Delete is releasing its resources.
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

/// A process's state as State reports it.
package struct ProcessSnapshot: Sendable {
    /// The bundle of its container.
    package var bundle: String
    /// Its state.
    package var state: ProcessState
    /// Its stdio paths, echoed as given.
    package var stdio: ProcessStdio
}

/// A lifecycle event, published in the order containerd expects (TaskOOM before the container's
/// TaskExit, TaskExit after TaskStart).
package enum TaskEvent: Sendable, Equatable {
    /// A container was created (TaskCreate).
    case created(containerID: String, bundle: String, rootfs: [RootfsMount], stdio: ProcessStdio, pid: UInt32)
    /// A container's init started (TaskStart).
    case started(containerID: String, pid: UInt32)
    /// An exec was registered (TaskExecAdded).
    case execAdded(containerID: String, execID: String)
    /// An exec started (TaskExecStarted).
    case execStarted(containerID: String, execID: String, pid: UInt32)
    /// A process exited (TaskExit).
    case exited(ProcessKey, pid: UInt32, status: ExitStatus)
    /// A container was deleted (TaskDelete).
    case deleted(containerID: String, pid: UInt32, status: ExitStatus)
    /// A container was frozen (TaskPaused).
    case paused(containerID: String)
    /// A container was thawed (TaskResumed).
    case resumed(containerID: String)
    /// A container's process was killed for memory (TaskOOM).
    case oom(containerID: String)
}

/// Where lifecycle events go (the shim forwards them to containerd).
package protocol TaskEventSink: Sendable {
    /// Queues an event; never blocks.
    func publish(_ event: TaskEvent)
}
