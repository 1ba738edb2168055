// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Foundation
import KataError
import KataLinux
import Logging
import NIOPosix
import ShimAPI
import SwiftProtobuf
import Synchronization
import SystemPackage
import TTRPC
import Testing

@testable import KataShim

enum ShimBinary {
    /// The built shim next to the test bundle (swift test builds every product).
    static var path: String {
        let tests = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        var directory = tests
        while directory.path != "/", !directory.lastPathComponent.hasSuffix("debug") {
            directory.deleteLastPathComponent()
        }
        return directory.appendingPathComponent("containerd-shim-kata-v2").path
    }

    static var isRoot: Bool { ProcessInfo.processInfo.userName == "root" }
    static var available: Bool { isRoot && FileManager.default.isExecutableFile(atPath: path) }

    static func run(
        _ arguments: [String], in directory: String, environment: [String: String] = [:]
    ) throws
        -> (status: Int32, stdout: Data, stderr: Data)
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Reading to EOF also proves the daemon did not keep start's pipes open.
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, stdout, stderr)
    }
}

@Suite struct ShimDeleteTests {
    @Test func deleteOutputIsADeleteResponse() async throws {
        let bundle = try FIFOTestSupport.directory()
        defer { try? FileManager.default.removeItem(atPath: bundle) }
        let arguments = try ShimArguments(
            ["-namespace", "n", "-id", "c1", "-bundle", bundle, "delete"], environment: [:])
        let cleaned = Mutex<[String]>([])
        let warnings = await ShimDelete.run(
            arguments, bundle: bundle, cleanup: { id in cleaned.withLock { $0.append(id) } }, socketDirectory: bundle)
        #expect(warnings.isEmpty)
        #expect(cleaned.withLock { $0 } == ["c1"])
        let response = ShimDelete.response(exitedAt: Date(timeIntervalSince1970: 1_800_000_000))
        let decoded = try Containerd_Task_V2_DeleteResponse(serializedBytes: try response.serializedBytes() as Data)
        #expect(decoded.exitStatus == 137)
        #expect(decoded.pid == 0)
        #expect(decoded.exitedAt.seconds == 1_800_000_000)
    }

    @Test func deleteOfAPodMemberLeavesTheSandboxAlone() async throws {
        let bundle = try FIFOTestSupport.directory()
        defer { try? FileManager.default.removeItem(atPath: bundle) }
        try
            #"{"ociVersion":"1.0.2","annotations":{"io.kubernetes.cri.container-type":"container","io.kubernetes.cri.sandbox-id":"pod1"}}"#
            .write(toFile: bundle + "/config.json", atomically: true, encoding: .utf8)
        let arguments = try ShimArguments(
            ["-namespace", "n", "-id", "c1", "-bundle", bundle, "delete"], environment: [:])
        let cleaned = Mutex<[String]>([])
        _ = await ShimDelete.run(
            arguments, bundle: bundle, cleanup: { id in cleaned.withLock { $0.append(id) } }, socketDirectory: bundle)
        #expect(cleaned.withLock { $0 }.isEmpty)
    }

    @Test func aFailedCleanupBecomesAWarning() async throws {
        let bundle = try FIFOTestSupport.directory()
        defer { try? FileManager.default.removeItem(atPath: bundle) }
        let arguments = try ShimArguments(
            ["-namespace", "n", "-id", "c1", "-bundle", bundle, "delete"], environment: [:])
        let warnings = await ShimDelete.run(
            arguments, bundle: bundle, cleanup: { _ in throw KataError(.internal, "umount busy") },
            socketDirectory: bundle)
        #expect(warnings == ["runtime cleanup of c1: umount busy"])
    }

    @Test(.enabled(if: ShimBinary.available, "needs root (/run/containerd/s) and the built containerd-shim-kata-v2"))
    func binaryDeletePrintsADeleteResponse() throws {
        let bundle = try FIFOTestSupport.directory()
        defer { try? FileManager.default.removeItem(atPath: bundle) }
        let result = try ShimBinary.run(
            [
                "-namespace", "t", "-address", bundle + "/none.sock", "-publish-binary", "/bin/true", "-id", "x",
                "-bundle", bundle, "delete",
            ], in: bundle)
        #expect(result.status == 0)
        let response = try Containerd_Task_V2_DeleteResponse(serializedBytes: result.stdout)
        #expect(response.exitStatus == 137)
        #expect(response.exitedAt.seconds > 0)
    }
}

@Suite(.serialized) struct ShimBinaryTests {
    @Test(.enabled(if: ShimBinary.available, "needs root (/run/containerd/s) and the built containerd-shim-kata-v2"))
    func startServesConnectAndShutdownEndsIt() async throws {
        let bundle = try FIFOTestSupport.directory()
        defer { try? FileManager.default.removeItem(atPath: bundle) }
        try #"{"ociVersion":"1.0.2"}"#.write(toFile: bundle + "/config.json", atomically: true, encoding: .utf8)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        let events = StubEventsServer()
        let eventsServer = TTRPCServer(services: [events.ttrpcService], group: group, logger: logger)
        _ = try await eventsServer.listen(unixSocketPath: bundle + "/events.sock")
        let flags = [
            "-namespace", "t", "-debug", "-address", bundle + "/containerd.sock", "-publish-binary", "/bin/true",
            "-id", "x",
        ]
        // containerd creates the log FIFO and holds it open read-write, non-blocking.
        try FIFO.make(at: bundle + "/log")
        let log = try FileDescriptor.open(bundle + "/log", .readWrite, options: [.nonBlocking])
        defer { try? log.close() }
        let started = try ShimBinary.run(
            flags + ["start"], in: bundle, environment: ["TTRPC_ADDRESS": bundle + "/events.sock"])
        let printed = String(decoding: started.stdout, as: UTF8.self)
        #expect(started.status == 0, "stderr: \(String(decoding: started.stderr, as: UTF8.self))")
        #expect(started.stderr.isEmpty)
        let expected = ShimAddress(containerdAddress: bundle + "/containerd.sock", namespace: "t", groupID: "x")
        #expect(printed == expected.description)
        #expect(try String(contentsOfFile: bundle + "/address", encoding: .utf8) == expected.description)
        let pid = try #require(Int32(try String(contentsOfFile: bundle + "/shim.pid", encoding: .utf8)))

        // A second start for the same id reuses the running daemon.
        let again = try ShimBinary.run(flags + ["start"], in: bundle)
        #expect(String(decoding: again.stdout, as: UTF8.self) == expected.description)
        #expect(try String(contentsOfFile: bundle + "/shim.pid", encoding: .utf8) == "\(pid)")

        let client = try await TTRPCClient.connect(unixSocketPath: expected.path, group: group, logger: logger)
        let task = Containerd_Task_V2_TaskClient(client: client)
        var connect = Containerd_Task_V2_ConnectRequest()
        connect.id = "x"
        let connected = try await task.connect(connect, options: .init(timeout: .seconds(5)))
        #expect(connected.shimPid == UInt32(pid))
        var shutdown = Containerd_Task_V2_ShutdownRequest()
        shutdown.id = "x"
        _ = try? await task.shutdown(shutdown, options: .init(timeout: .seconds(3)))
        await client.close()

        let deadline = ContinuousClock.now + .seconds(5)
        while FileManager.default.fileExists(atPath: "/proc/\(pid)"), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(!FileManager.default.fileExists(atPath: "/proc/\(pid)"), "daemon \(pid) still running")
        #expect(!FileManager.default.fileExists(atPath: expected.path))
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var logged = ""
        while case .bytes(let count) = try FIFO.read(log, into: &buffer) {
            logged += String(decoding: buffer[..<count], as: UTF8.self)
        }
        #expect(logged.contains("msg=\"shim serving\""), "log: \(logged)")
        #expect(
            logged.contains("level=debug msg=rpc") && logged.contains("rpc=Connect"), "-debug logs every rpc: \(logged)"
        )
        await eventsServer.shutdown()
        try await group.shutdownGracefully()
    }

    /// Without `-debug`, the daemon logs at info until a Create names a configuration with
    /// `[runtime] enable_debug = true`; from then on every RPC is logged at debug, as
    /// containerd's log shows. The Create itself fails (its bundle does not exist): no VM boots.
    @Test(
        .enabled(if: ShimBinary.available, "needs root (/run/containerd/s) and the built containerd-shim-kata-v2"),
        arguments: [true, false])
    func enableDebugRaisesTheDaemonsLogLevel(enabled: Bool) async throws {
        let bundle = try FIFOTestSupport.directory()
        defer { try? FileManager.default.removeItem(atPath: bundle) }
        let config = try LogLevelTests.configuration(enableDebug: enabled, in: bundle)
        try #"{"ociVersion":"1.0.2"}"#.write(toFile: bundle + "/config.json", atomically: true, encoding: .utf8)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        let id = "d\(UUID().uuidString.prefix(8))"
        let flags = ["-namespace", "t", "-address", bundle + "/containerd.sock", "-id", id]
        try FIFO.make(at: bundle + "/log")
        let log = try FileDescriptor.open(bundle + "/log", .readWrite, options: [.nonBlocking])
        defer { try? log.close() }
        let started = try ShimBinary.run(flags + ["start"], in: bundle)
        #expect(started.status == 0, "stderr: \(String(decoding: started.stderr, as: UTF8.self))")
        let pid = try #require(Int32(try String(contentsOfFile: bundle + "/shim.pid", encoding: .utf8)))
        let address = ShimAddress(containerdAddress: bundle + "/containerd.sock", namespace: "t", groupID: id)
        let client = try await TTRPCClient.connect(unixSocketPath: address.path, group: group, logger: logger)
        let task = Containerd_Task_V2_TaskClient(client: client)
        var create = Containerd_Task_V2_CreateTaskRequest()
        create.id = id
        create.bundle = bundle + "/no-bundle"
        create.options = try Google_Protobuf_Any(message: Runtimeoptions_V1_Options.with { $0.configPath = config })
        await #expect(throws: TTRPCStatus.self) {
            _ = try await task.create(create, options: .init(timeout: .seconds(10)))
        }
        var connect = Containerd_Task_V2_ConnectRequest()
        connect.id = id
        _ = try await task.connect(connect, options: .init(timeout: .seconds(5)))
        var shutdown = Containerd_Task_V2_ShutdownRequest()
        shutdown.id = id
        _ = try? await task.shutdown(shutdown, options: .init(timeout: .seconds(3)))
        await client.close()
        let deadline = ContinuousClock.now + .seconds(5)
        while FileManager.default.fileExists(atPath: "/proc/\(pid)"), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(!FileManager.default.fileExists(atPath: "/proc/\(pid)"), "daemon \(pid) still running")

        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var logged = ""
        while case .bytes(let count) = try FIFO.read(log, into: &buffer) {
            logged += String(decoding: buffer[..<count], as: UTF8.self)
        }
        let lines = logged.split(separator: "\n")
        #expect(!lines.contains { $0.contains("level=debug") && $0.contains("rpc=Create") }, "log: \(logged)")
        #expect(
            lines.contains { $0.contains("level=debug msg=rpc") && $0.contains("rpc=Connect") } == enabled,
            "log: \(logged)")
        #expect(logged.contains("msg=\"debug logging on\"") == enabled, "log: \(logged)")
        try await group.shutdownGracefully()
    }
}
