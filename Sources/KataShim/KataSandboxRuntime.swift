// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import FoundationEssentials
import KataConfig
import KataError
import KataLinux
import KataRuntime
package import Logging
import NIOPosix
import QEMU
import ShimAPI
package import SwiftProtobuf
import Synchronization

/// The shim's VM runtime: one ``KataRuntime/Pod`` per shim process, booted by the pod's first
/// container with the configuration containerd's options (or `KATA_CONF_FILE`, or the default
/// paths) name. Converts between the shim's vocabulary and the runtime's.
package actor KataSandboxRuntime: SandboxRuntime, OOMNotifying {
    private let logger: Logger
    private let logLevel: ShimLogLevel?
    private let environment: [String: String]
    private let spawner = ChildSpawner()
    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    private var pod: Pod?
    /// The containers created and not yet deleted; the VM goes with the last one.
    private var containers: Set<String> = []
    /// Where the pod's OOM kills go; outside the actor, so the pod's report never queues behind
    /// a call that awaits the pod.
    private let oomRelay = OOMRelay()

    /// Creates the runtime; nothing is read or started until the first container.
    /// - Parameters:
    ///   - logger: the shim's logger.
    ///   - logLevel: the shim's log level, raised to debug by `[runtime] enable_debug`.
    ///   - environment: the shim's environment (`KATA_CONF_FILE`).
    package init(
        logger: Logger, logLevel: ShimLogLevel? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.logger = logger
        self.logLevel = logLevel
        self.environment = environment
    }

    // MARK: OOMNotifying

    /// Installs the handler that receives the agent's OOM kills (before the container's wait answers).
    package func watchOOM(_ handler: @escaping @Sendable (String) async -> Void) {
        oomRelay.install(handler)
    }

    // MARK: ContainerLifecycle

    /// Creates a container; the first one loads the configuration and boots the VM.
    package func createContainer(_ creation: ContainerCreation) async throws -> UInt32 {
        let pod = try currentPod(for: creation)
        let mounts = creation.rootfs.map {
            KataRuntime.RootfsMount(type: $0.type, source: $0.source, options: $0.options)
        }
        let pid = try await pod.createContainer(
            id: creation.id, bundle: creation.bundle, rootfsMounts: mounts, terminal: creation.stdio.terminal)
        containers.insert(creation.id)
        let timings = await pod.timings
        logger.info("container created", metadata: ["cid": "\(creation.id)", "timings": "\(timings)"])
        return UInt32(bitPattern: pid)
    }

    /// Registers an exec with its OCI process JSON.
    package func exec(_ key: ProcessKey, processSpec: Data, stdio: ProcessStdio) async throws {
        let pod = try running(key.containerID)
        try await pod.exec(Self.runtimeKey(key), processJSON: Array(processSpec))
    }

    /// Starts a container's init or an exec.
    package func start(_ key: ProcessKey) async throws -> StartedProcess {
        let pod = try running(key.containerID)
        let started = try await pod.start(Self.runtimeKey(key))
        if key.execID == nil {
            let timings = await pod.timings
            logger.info("container started", metadata: ["cid": "\(key.containerID)", "timings": "\(timings)"])
        }
        return StartedProcess(pid: UInt32(bitPattern: started.pid), streams: AgentStreams(streams: started.streams))
    }

    /// Waits for a process's exit (255 when the VM died first).
    package func wait(_ key: ProcessKey) async throws -> ExitStatus {
        let pod = try running(key.containerID)
        let status = try await pod.wait(Self.runtimeKey(key))
        return ExitStatus(code: status.code, exitedAt: Date(timeIntervalSince1970: status.wallTime))
    }

    /// Deletes an exec, or a container; the VM is shut down with the sandbox's last container.
    package func delete(_ key: ProcessKey) async throws {
        let pod = try running(key.containerID)
        try await pod.delete(Self.runtimeKey(key))
        guard key.execID == nil else { return }
        containers.remove(key.containerID)
        if containers.isEmpty {
            await pod.shutdown()
            self.pod = nil
            let timings = await pod.timings
            logger.info("sandbox stopped", metadata: ["cid": "\(key.containerID)", "timings": "\(timings)"])
        }
    }

    // MARK: ProcessSignalling

    /// Signals a process, or with `all` every process of the container.
    package func kill(_ key: ProcessKey, signal: UInt32, all: Bool) async throws {
        let pod = try running(key.containerID)
        try await pod.kill(Self.runtimeKey(key), signal: signal, all: all)
    }

    /// Resizes a process's terminal.
    package func resizePty(_ key: ProcessKey, width: UInt32, height: UInt32) async throws {
        let pod = try running(key.containerID)
        try await pod.resizePty(Self.runtimeKey(key), width: width, height: height)
    }

    // MARK: ContainerControl

    /// Freezes a container.
    package func pause(_ containerID: String) async throws {
        let pod = try running(containerID)
        try await pod.pause(containerID: containerID)
    }

    /// Thaws a container.
    package func resume(_ containerID: String) async throws {
        let pod = try running(containerID)
        try await pod.resume(containerID: containerID)
    }

    /// Applies OCI `linux.resources` JSON.
    package func update(_ containerID: String, resources: Data) async throws {
        let pod = try running(containerID)
        try await pod.update(containerID: containerID, resourcesJSON: Array(resources))
    }

    /// The hypervisor's pid, as Kata answers: the processes inside the VM have no host pids.
    package func pids(_ containerID: String) async throws -> [UInt32] {
        let pod = try running(containerID)
        guard let pid = await pod.hypervisorPID else {
            throw KataError(.failedPrecondition, "container \(containerID): the sandbox VM is not running")
        }
        return [UInt32(bitPattern: pid)]
    }

    /// The container's cgroup metrics from the agent, as containerd's cgroup v1 metrics.
    package func stats(_ containerID: String) async throws -> Google_Protobuf_Any {
        let pod = try running(containerID)
        let answer = try await pod.stats(containerID: containerID)
        // containerd's typeurl names protobuf messages by their bare full name, without the
        // type.googleapis.com/ prefix swift-protobuf would add.
        var metrics = Google_Protobuf_Any()
        metrics.typeURL = "io.containerd.cgroups.v1.Metrics"
        metrics.value = Data(try ContainerMetrics.v1(answer.cgroupStats).serializedBytes() as [UInt8])
        return metrics
    }

    // MARK: CrashCleanup

    /// Undoes a crashed sandbox's host changes from its persisted state; a pod member's are the
    /// sandbox's to undo.
    package func cleanup(containerID: String, bundle: String, role: PodRole) async throws {
        guard case .member = role else {
            try await Pod.cleanup(sandboxID: containerID)
            return
        }
    }

    // MARK: Helpers

    private func currentPod(for creation: ContainerCreation) throws -> Pod {
        if let pod { return pod }
        let loaded = try loadConfiguration(options: creation.options)
        let pod = Pod(
            sandboxID: creation.id, configuration: loaded, spawner: spawner, group: group, logger: logger,
            oomHandler: { [oomRelay] id in await oomRelay.report(id) })
        self.pod = pod
        return pod
    }

    private func running(_ containerID: String) throws -> Pod {
        guard let pod, containers.contains(containerID) else {
            throw KataError(.notFound, "container \(containerID): not found")
        }
        return pod
    }

    private func loadConfiguration(options: Google_Protobuf_Any?) throws -> LoadedConfiguration {
        // Options of another runtime (runc's) are not ours and name no Kata file.
        let configPath = options.flatMap { try? Runtimeoptions_V1_Options(unpackingAny: $0) }
            .flatMap { $0.configPath.isEmpty ? nil : $0.configPath }
        do {
            let loaded = try ConfigLoader(host: HostResources.current()).load(
                configPath: configPath, environment: environment)
            if loaded.configuration.runtime.enableDebug {
                logLevel?.enable(.debug)
                let file = loaded.file(settingKey: "runtime.enable_debug")
                logger.debug("debug logging on", metadata: ["setting": "enable_debug in [runtime] of \(file)"])
            }
            for warning in loaded.warnings {
                logger.warning("configuration: \(warning)")
            }
            return loaded
        } catch {
            throw KataError(.invalidArgument, "configuration: \(error)")
        }
    }

    private static func runtimeKey(_ key: ProcessKey) -> KataRuntime.ProcessKey {
        KataRuntime.ProcessKey(containerID: key.containerID, execID: key.execID)
    }
}

/// The OOM handler the shim installs, read by the pod's OOM loop.
private final class OOMRelay: Sendable {
    private let handler = Mutex<(@Sendable (String) async -> Void)?>(nil)

    func install(_ handler: @escaping @Sendable (String) async -> Void) {
        self.handler.withLock { $0 = handler }
    }

    func report(_ containerID: String) async {
        let handler = handler.withLock { $0 }
        await handler?(containerID)
    }
}

/// A process's agent streams in the shim's shape.
private struct AgentStreams: ProcessStreams {
    let streams: KataRuntime.ProcessStreams

    func readStdout() async throws -> [UInt8]? { await streams.readStdout() }

    func readStderr() async throws -> [UInt8]? { await streams.readStderr() }

    func writeStdin(_ bytes: [UInt8]) async throws {
        var rest = bytes[...]
        while !rest.isEmpty {
            let written = try await streams.writeStdin(Array(rest))
            guard written > 0 else {
                throw KataError(.unknown, "stdin: the agent took no bytes")
            }
            rest = rest.dropFirst(written)
        }
    }

    func closeStdin() async throws { try await streams.closeStdin() }
}
