// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import FoundationEssentials
import KataError
package import SwiftProtobuf

/// Everything the shim needs from the VM side (KataRuntime): the containerd-visible state lives in
/// the shim; the runtime does the work in the sandbox. Composed of small capability protocols so a
/// runtime (or a test fake) states what it does; an unsupported operation throws
/// `KataError(.unimplemented, …)`, never a silent no-op.
package typealias SandboxRuntime =
    ContainerLifecycle & ProcessSignalling & ContainerControl & CrashCleanup

/// A process of a container: its init (`execID == nil`) or an exec.
package struct ProcessKey: Hashable, Sendable, CustomStringConvertible {
    /// The container (task) id.
    package var containerID: String
    /// The exec id; nil for the container's init process.
    package var execID: String?

    /// Creates a key.
    package init(containerID: String, execID: String? = nil) {
        self.containerID = containerID
        self.execID = execID
    }

    /// `cid` or `cid/exec`.
    package var description: String { execID.map { "\(containerID)/\($0)" } ?? containerID }
}

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

/// A rootfs mount from `CreateTaskRequest.rootfs` (target is always `<bundle>/rootfs`).
package struct RootfsMount: Sendable, Equatable {
    /// The file system type (`overlay`, `bind`).
    package var type: String
    /// The source.
    package var source: String
    /// The mount options.
    package var options: [String]

    /// Creates a mount.
    package init(type: String, source: String, options: [String]) {
        self.type = type
        self.source = source
        self.options = options
    }
}

/// What Create hands the runtime.
package struct ContainerCreation: Sendable {
    /// The container id.
    package var id: String
    /// The absolute bundle directory (`config.json` holds the OCI spec).
    package var bundle: String
    /// Rootfs mounts; empty when `root.path` already names the rootfs.
    package var rootfs: [RootfsMount]
    /// The init process's stdio.
    package var stdio: ProcessStdio
    /// Runtime options (`runtimeoptions.v1.Options` for Kata), if containerd sent any.
    package var options: Google_Protobuf_Any?

    /// Creates a request.
    package init(id: String, bundle: String, rootfs: [RootfsMount], stdio: ProcessStdio, options: Google_Protobuf_Any?)
    {
        self.id = id
        self.bundle = bundle
        self.rootfs = rootfs
        self.stdio = stdio
        self.options = options
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
    package init(code: UInt32, exitedAt: Date) {
        self.code = code
        self.exitedAt = exitedAt
    }
}

/// A started process: the pid to report and its byte streams (nil when it has no stdio).
package struct StartedProcess: Sendable {
    /// The pid containerd reports for the process.
    package var pid: UInt32
    /// The process's stdio in the sandbox.
    package var streams: (any ProcessStreams)?

    /// Creates a started process.
    package init(pid: UInt32, streams: (any ProcessStreams)?) {
        self.pid = pid
        self.streams = streams
    }
}

/// A process's stdio inside the sandbox (the agent's ReadStdout/ReadStderr/WriteStdin/CloseStdin).
package protocol ProcessStreams: Sendable {
    /// The next stdout bytes, or nil at end of stream.
    func readStdout() async throws -> [UInt8]?
    /// The next stderr bytes, or nil at end of stream (or when there is a terminal).
    func readStderr() async throws -> [UInt8]?
    /// Writes bytes to the process's stdin.
    func writeStdin(_ bytes: [UInt8]) async throws
    /// Closes the process's stdin (EOF).
    func closeStdin() async throws
}

/// Creating, starting, waiting for and deleting containers and execs.
package protocol ContainerLifecycle: Sendable {
    /// Creates a container (for the sandbox's first: boots the VM); its init is not running yet.
    /// - Returns: the pid to report for the task.
    func createContainer(_ creation: ContainerCreation) async throws -> UInt32
    /// Registers an exec in a running container, not started.
    /// - Parameters:
    ///   - key: the container and the new exec id.
    ///   - processSpec: the OCI `process` JSON from the Exec request.
    ///   - stdio: its stdio.
    /// - Throws: the runtime's error (e.g. the agent's) when the exec cannot be registered.
    func exec(_ key: ProcessKey, processSpec: Data, stdio: ProcessStdio) async throws
    /// Starts init or a registered exec.
    func start(_ key: ProcessKey) async throws -> StartedProcess
    /// Waits until the process exits; called once per started process. After the VM died it
    /// must return (`ExitStatus.unknownCode`) rather than hang.
    func wait(_ key: ProcessKey) async throws -> ExitStatus
    /// Removes a stopped container's resources (rootfs, mounts; the VM with the last one) or an
    /// exec's record.
    func delete(_ key: ProcessKey) async throws
}

/// Signals and terminal control of single processes.
package protocol ProcessSignalling: Sendable {
    /// Sends `signal` to the process; with `all`, to every process of the container.
    func kill(_ key: ProcessKey, signal: UInt32, all: Bool) async throws
    /// Resizes the process's pty.
    func resizePty(_ key: ProcessKey, width: UInt32, height: UInt32) async throws
}

/// Whole-container operations.
package protocol ContainerControl: Sendable {
    /// Freezes the container.
    func pause(_ containerID: String) async throws
    /// Thaws the container.
    func resume(_ containerID: String) async throws
    /// Applies OCI `linux.resources` JSON.
    func update(_ containerID: String, resources: Data) async throws
    /// The container's pids.
    func pids(_ containerID: String) async throws -> [UInt32]
    /// The container's metrics (`io.containerd.cgroups.v2.Metrics` or v1).
    func stats(_ containerID: String) async throws -> Google_Protobuf_Any
}

/// Tear-down after a crashed or finished shim (the `delete` action).
package protocol CrashCleanup: Sendable {
    /// Removes whatever persisted state and host resources belong to `containerID` (idempotent,
    /// fast: containerd allows 5 s); for a pod member it must leave the sandbox alone.
    func cleanup(containerID: String, bundle: String, role: PodRole) async throws
}

/// Optional: a runtime that watches for OOM kills reports the ids of the containers hit to a
/// handler, and awaits it before that container's init `wait` returns, so that `/tasks/oom`
/// precedes `/tasks/exit` (Kubernetes reports OOMKilled only in that order). A handler rather
/// than a stream: a stream's consumer and the exit watcher would race to the controller.
package protocol OOMNotifying: Sendable {
    /// Installs the handler, called once per OOM kill with the container id.
    func watchOOM(_ handler: @escaping @Sendable (String) async -> Void) async
}
