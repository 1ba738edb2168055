// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataLinux
import SystemPackage
import Testing

@Suite("Poll")
struct PollTests {
    @Test("an idle pipe times out empty; written data makes it readable")
    func readable() throws {
        let pipe = try FileDescriptor.pipe()
        defer {
            try? pipe.readEnd.close()
            try? pipe.writeEnd.close()
        }
        #expect(try Poll.poll(pipe.readEnd, for: .readable, timeout: .zero) == [])
        #expect(try Poll.poll(pipe.readEnd, for: .readable, timeout: .milliseconds(1)) == [])
        #expect(try Poll.poll(pipe.writeEnd, for: .writable, timeout: nil) == .writable)
        _ = try pipe.writeEnd.writeAll("x".utf8)
        #expect(try Poll.poll(pipe.readEnd, for: .readable, timeout: .zero) == .readable)
    }

    @Test("a closed writer is reported as hang-up, the condition a disconnected host produces")
    func hangUp() throws {
        let pipe = try FileDescriptor.pipe()
        defer { try? pipe.readEnd.close() }
        try pipe.writeEnd.close()
        #expect(try Poll.poll(pipe.readEnd, for: .readable, timeout: .zero).contains(.hangUp))
    }

    @Test(
        "event names",
        arguments: [(Poll.Events(), "[]"), ([.readable, .hangUp], "[readable, hangUp]")] as [(Poll.Events, String)])
    func names(events: Poll.Events, expected: String) {
        #expect(events.description == expected)
    }
}
