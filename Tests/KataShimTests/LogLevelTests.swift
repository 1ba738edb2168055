// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Foundation
import KataError
import KataLinux
import KataRuntime
import KataTestSupport
import Logging
import NIOPosix
import ShimAPI
import SwiftProtobuf
import Testing

@testable import KataShim

/// The daemon's log level follows `-debug` and `[runtime] enable_debug`.
@Suite(.timeLimit(.minutes(1)))
struct LogLevelTests {
    @Test func everyLoggerFollowsTheSharedLevel() {
        let level = ShimLogLevel(.info)
        let sink = FIFOLogHandler.Sink(nil)
        var logger = Logger(label: "shim") { FIFOLogHandler(label: $0, sink: sink, level: level) }
        logger[metadataKey: "sid"] = "s1"
        let copy = logger
        #expect(logger.logLevel == .info)
        level.enable(.debug)
        #expect(logger.logLevel == .debug)
        #expect(copy.logLevel == .debug, "loggers made before the change follow it too")
        level.enable(.info)
        #expect(logger.logLevel == .debug, "enable never takes `-debug` back")
        var own = logger
        own.logLevel = .error
        #expect(own.logLevel == .error && logger.logLevel == .debug, "a logger's own level stays its own")
    }

    /// The level changes when Create reads the configuration, even when the container then fails
    /// (here: its bundle does not exist, so no VM boots).
    @Test(arguments: [true, false])
    func enableDebugRaisesTheLevel(enabled: Bool) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("shim-level-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = URL(fileURLWithPath: try Self.configuration(enableDebug: enabled, in: directory.path))

        let level = ShimLogLevel(.info)
        let sink = FIFOLogHandler.Sink(nil)
        let logger = Logger(label: "shim") { FIFOLogHandler(label: $0, sink: sink, level: level) }
        let id = "level-\(UUID().uuidString.prefix(8))"
        let group = MultiThreadedEventLoopGroup.singleton
        // The daemon's own sandbox, with the configuration loader ShimServe gives it.
        let sandbox = Sandbox(
            sandboxID: id,
            environment: .production(sandboxID: id, spawner: ChildSpawner(), group: group, logger: logger),
            configure: { [logger] path throws(KataError) in
                try ShimServe.loadConfiguration(path, environment: [:], level: level, logger: logger)
            },
            stdio: MemoryStdio(), events: RecordingEvents(), logger: logger)
        // As `ctr run --runtime-config-path` and CRI's ConfigPath send it.
        let creation = ContainerCreation(
            id: id, bundle: directory.appendingPathComponent("no-bundle").path, rootfs: [],
            stdio: ProcessStdio(stdin: "", stdout: "", stderr: "", terminal: false), configPath: config.path)
        let error = await #expect(throws: KataError.self) { _ = try await sandbox.create(creation) }
        #expect(
            error?.description.contains("no-bundle") == true,
            "the bundle, not the configuration, must fail: \(String(describing: error))")
        #expect(level.current == (enabled ? .debug : .info))
    }

    /// The shipped configuration.toml with `[runtime] enable_debug` set, written into `directory`.
    /// - Returns: its path.
    static func configuration(enableDebug: Bool, in directory: String) throws -> String {
        let shipped = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("config/configuration.toml")
        let text = try String(contentsOf: shipped, encoding: .utf8)
        let section = "[runtime]\n# Runtime debug logging.\nenable_debug = "
        let current = try #require(text.range(of: section + "false"))
        var edited = text.replacingCharacters(in: current, with: section + "\(enableDebug)")
        // The loader checks that the guest assets exist; no VM boots, so empty files do, and the
        // test does not depend on `make install` having put the real ones in /usr/share.
        for key in ["kernel", "initrd"] {
            let asset = directory + "/\(key).img"
            _ = FileManager.default.createFile(atPath: asset, contents: Data())
            let line = try #require(edited.range(of: #"(?m)^\#(key) = ".*"$"#, options: .regularExpression))
            edited.replaceSubrange(line, with: "\(key) = \"\(asset)\"")
        }
        let path = directory + "/configuration.toml"
        try edited.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
