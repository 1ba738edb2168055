// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataLinux
import SystemPackage
import Testing

@Suite("ReadinessMonitor", .timeLimit(.minutes(1)))
struct ReadinessMonitorTests {
    @Test("a wait ends when data arrives, and several descriptors are waited on at once")
    func readableAfterWrite() async throws {
        let monitor = try ReadinessMonitor()
        let first = try FileDescriptor.pipe()
        let second = try FileDescriptor.pipe()
        defer {
            for fd in [first.readEnd, first.writeEnd, second.readEnd, second.writeEnd] { try? fd.close() }
        }
        async let a = monitor.wait(first.readEnd, for: .readable)
        async let b = monitor.wait(second.readEnd, for: .readable)
        _ = try second.writeEnd.writeAll("y".utf8)
        #expect(await b == .readable)
        _ = try first.writeEnd.writeAll("x".utf8)
        #expect(await a == .readable)
    }

    @Test("a closed writer ends a read wait with hang-up; an empty pipe is writable at once")
    func hangUpAndWritable() async throws {
        let monitor = try ReadinessMonitor()
        let pipe = try FileDescriptor.pipe()
        defer { try? pipe.readEnd.close() }
        #expect(await monitor.wait(pipe.writeEnd, for: .writable) == .writable)
        async let ended = monitor.wait(pipe.readEnd, for: .readable)
        try pipe.writeEnd.close()
        #expect(await ended.contains(.hangUp))
    }

    @Test("cancelling a waiting task ends its wait empty, before or after it registered")
    func cancellation() async throws {
        let monitor = try ReadinessMonitor()
        let pipe = try FileDescriptor.pipe()
        defer {
            try? pipe.readEnd.close()
            try? pipe.writeEnd.close()
        }
        let waiting = Task { await monitor.wait(pipe.readEnd, for: .readable) }
        try await Task.sleep(for: .milliseconds(20))
        waiting.cancel()
        #expect(await waiting.value == [])
        let early = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return await monitor.wait(pipe.readEnd, for: .readable)
        }
        #expect(await early.value == [])
        // The monitor still serves waits after cancellations.
        _ = try pipe.writeEnd.writeAll("z".utf8)
        #expect(await monitor.wait(pipe.readEnd, for: .readable) == .readable)
    }
}
