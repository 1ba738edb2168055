// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Foundation
import KataLinux
import SwiftProtobuf
import Synchronization

@testable import KataShim

/// A SandboxRuntime that records calls and lets the test decide when processes exit.
final class FakeRuntime: SandboxRuntime, OOMNotifying {
    struct State {
        var calls: [String] = []
        var exits: [ProcessKey: Latch<ExitStatus>] = [:]
        var streams: [ProcessKey: FakeStreams] = [:]
        var nextPid: UInt32 = 100
        var started: [ProcessKey] = []
        var oomHandler: (@Sendable (String) async -> Void)?
        /// Containers whose init's exit is an OOM kill, reported before its wait returns.
        var oomOnExit: Set<String> = []
    }

    let state = Mutex(State())
    let withStreams: Bool

    init(withStreams: Bool = false) {
        self.withStreams = withStreams
    }

    func watchOOM(_ handler: @escaping @Sendable (String) async -> Void) async {
        state.withLock { $0.oomHandler = handler }
    }

    /// Reports an OOM kill in container `id` now, as the runtime's OOM loop would.
    func oom(_ id: String) async {
        let handler = state.withLock { $0.oomHandler }
        await handler?(id)
    }

    var calls: [String] { state.withLock { $0.calls } }

    func record(_ call: String) {
        state.withLock { $0.calls.append(call) }
    }

    func exitLatch(_ key: ProcessKey) -> Latch<ExitStatus> {
        state.withLock { state in
            if let latch = state.exits[key] { return latch }
            let latch = Latch<ExitStatus>()
            state.exits[key] = latch
            return latch
        }
    }

    /// Makes the process exit with `code`.
    func finish(_ key: ProcessKey, code: UInt32, oomKilled: Bool = false) {
        if oomKilled { state.withLock { _ = $0.oomOnExit.insert(key.containerID) } }
        exitLatch(key).resolve(ExitStatus(code: code, exitedAt: Date(timeIntervalSince1970: 1_700_000_000)))
    }

    func streams(_ key: ProcessKey) -> FakeStreams? {
        state.withLock { $0.streams[key] }
    }

    func createContainer(_ creation: ContainerCreation) async throws -> UInt32 {
        record("create \(creation.id)")
        return 42
    }

    func exec(_ key: ProcessKey, processSpec: Data, stdio: ProcessStdio) async throws {
        record("exec \(key) \(String(decoding: processSpec, as: UTF8.self))")
    }

    func start(_ key: ProcessKey) async throws -> StartedProcess {
        record("start \(key)")
        let streams = withStreams ? FakeStreams() : nil
        let pid = state.withLock { state in
            state.nextPid += 1
            state.streams[key] = streams
            state.started.append(key)
            return state.nextPid
        }
        return StartedProcess(pid: pid, streams: streams)
    }

    func wait(_ key: ProcessKey) async throws -> ExitStatus {
        let status = try await exitLatch(key).wait()
        if key.execID == nil, state.withLock({ $0.oomOnExit.remove(key.containerID) }) != nil {
            await oom(key.containerID)
        }
        streams(key)?.finishOutput()
        return status
    }

    func delete(_ key: ProcessKey) async throws { record("delete \(key)") }

    func kill(_ key: ProcessKey, signal: UInt32, all: Bool) async throws {
        record("kill \(key) \(signal)\(all ? " all" : "")")
        if signal == 9 {
            finish(key, code: 137)
            if all {
                for exec in state.withLock({ $0.started }) where exec.containerID == key.containerID {
                    finish(exec, code: 137)
                }
            }
        }
    }

    func resizePty(_ key: ProcessKey, width: UInt32, height: UInt32) async throws {
        record("resize \(key) \(width)x\(height)")
    }

    func pause(_ containerID: String) async throws { record("pause \(containerID)") }
    func resume(_ containerID: String) async throws { record("resume \(containerID)") }
    func update(_ containerID: String, resources: Data) async throws { record("update \(containerID)") }
    func pids(_ containerID: String) async throws -> [UInt32] { [42, 43] }

    func stats(_ containerID: String) async throws -> Google_Protobuf_Any {
        var any = Google_Protobuf_Any()
        any.typeURL = "io.containerd.cgroups.v2.Metrics"
        return any
    }

    func cleanup(containerID: String, bundle: String, role: PodRole) async throws {
        record("cleanup \(containerID)")
    }
}

/// Streams whose stdout the test feeds and whose stdin the test reads back.
final class FakeStreams: ProcessStreams {
    private let output: AsyncStream<[UInt8]>
    private let feed: AsyncStream<[UInt8]>.Continuation
    let stdin = Mutex<[UInt8]>([])
    let stdinClosed = Latch<Bool>()

    init() {
        (output, feed) = AsyncStream.makeStream(of: [UInt8].self)
    }

    func send(_ text: String) { feed.yield(Array(text.utf8)) }
    func finishOutput() { feed.finish() }

    func readStdout() async throws -> [UInt8]? {
        var iterator = output.makeAsyncIterator()
        return await iterator.next()
    }

    func readStderr() async throws -> [UInt8]? { nil }

    func writeStdin(_ bytes: [UInt8]) async throws {
        stdin.withLock { $0 += bytes }
    }

    func closeStdin() async throws { stdinClosed.resolve(true) }
}
