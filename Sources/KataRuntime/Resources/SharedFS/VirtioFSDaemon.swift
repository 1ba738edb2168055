// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import FoundationEssentials
package import KataConfig
package import KataError
package import KataLinux
package import Logging

/// A virtiofsd child serving a sandbox's `shared/` directory on a vhost-user socket.
///
/// Started through the process's `ChildSpawner` (parent-death SIGKILL) and tracked by a
/// `SupervisedChild`, which captures its stderr and reaps only its own pid.
package final class VirtioFSDaemon: Sendable {
    /// The running daemon.
    package let process: SupervisedChild
    /// Its vhost-user socket.
    package let socketPath: String

    private init(process: SupervisedChild, socketPath: String) {
        self.process = process
        self.socketPath = socketPath
    }

    /// The daemon's argv for the C virtiofsd.
    /// - Parameters:
    ///   - settings: `virtio_fs_daemon`, `virtio_fs_cache`, `virtio_fs_extra_args`.
    ///   - socketPath: the vhost-user socket.
    ///   - sharedDirectory: the directory to export.
    /// - Returns: argv, daemon first.
    package static func argv(_ settings: QEMUSettings, socketPath: String, sharedDirectory: String) -> [String] {
        [
            settings.virtioFSDaemon, "--socket-path=\(socketPath)", "-o", "source=\(sharedDirectory)", "-o",
            "cache=\(cacheMode(settings.virtioFSCache))",
        ] + settings.virtioFSExtraArgs
    }

    /// Kata's \`virtio_fs_cache\` in the C virtiofsd's words (none, auto, always); it has no
    /// metadata-only mode, so \`metadata\` becomes \`auto\`.
    /// - Parameter cache: the configured mode.
    /// - Returns: the daemon's mode.
    package static func cacheMode(_ cache: VirtioFSCache) -> String {
        switch cache {
        case .never: "none"
        case .metadata, .auto: "auto"
        case .always: "always"
        }
    }

    /// Starts the daemon and waits (at most `timeout`) until its socket exists: an inotify watch of
    /// the directory racing the daemon's exit, not a poll.
    /// - Parameters:
    ///   - settings: the hypervisor settings.
    ///   - socketPath: the socket to create.
    ///   - sharedDirectory: the directory to export.
    ///   - configFile: the configuration file, for messages.
    ///   - spawner: the process's spawner.
    ///   - logger: receives the daemon's output.
    ///   - timeout: how long the socket may take.
    /// - Returns: the running daemon.
    /// - Throws: `KataError` naming `virtio_fs_daemon`, with the daemon's stderr; nothing is left running.
    package static func start(
        _ settings: QEMUSettings, socketPath: String, sharedDirectory: String, configFile: String,
        spawner: ChildSpawner, logger: Logger, timeout: Duration = .seconds(5)
    ) async throws(KataError) -> VirtioFSDaemon {
        guard FileSystem.isExecutable(settings.virtioFSDaemon) else {
            throw KataError(
                .invalidArgument,
                "virtiofsd \(settings.virtioFSDaemon) is not an executable file: set virtio_fs_daemon in "
                    + "[hypervisor.qemu] of \(configFile)")
        }
        var daemonLogger = logger
        daemonLogger[metadataKey: "daemon"] = "virtiofsd"
        let process: SupervisedChild
        do {
            process = try await SupervisedChild.spawn(
                argv: argv(settings, socketPath: socketPath, sharedDirectory: sharedDirectory), spawner: spawner,
                onLine: { [daemonLogger] line in
                    // virtiofsd narrates every virtqueue event; only warnings and errors matter outside -debug.
                    let level: Logger.Level =
                        switch SupervisedChild.LineSeverity(line) {
                        case .warning: .warning
                        case .error: .error
                        case .detail: .debug
                        }
                    daemonLogger.log(level: level, "virtiofsd output", metadata: ["line": "\(line)"])
                })
        } catch {
            throw KataError(.internal, "cannot start virtiofsd (virtio_fs_daemon in \(configFile))", underlying: error)
        }
        switch await KernelWait.fileAppears(socketPath, unlessExits: process.pid, timeout: timeout) {
        case .appeared:
            break
        case .processExited:
            let termination = await process.wait()
            throw KataError(
                .internal,
                "virtiofsd exited (\(termination)) before creating \(socketPath): "
                    + "\(process.capturedOutput.trimmingWhitespace); check "
                    + "virtio_fs_daemon, virtio_fs_cache and virtio_fs_extra_args in \(configFile)")
        case .timedOut:
            process.kill()
            _ = await process.wait()
            throw KataError(
                .deadlineExceeded,
                "virtiofsd did not create \(socketPath) within \(timeout): \(process.capturedOutput)")
        }
        return VirtioFSDaemon(process: process, socketPath: socketPath)
    }

    /// Stops the daemon (SIGKILL unless it already left with QEMU) and waits for it.
    package func stop() async {
        if await process.wait(timeout: .milliseconds(500)) == nil {
            process.kill()
        }
        _ = await process.wait()
    }
}
