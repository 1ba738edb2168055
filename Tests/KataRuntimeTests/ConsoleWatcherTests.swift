// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import FoundationEssentials
import KataLinux
import Logging
import SystemPackage
import Testing

@testable import KataRuntime

/// The console reader against a stand-in for QEMU's console chardev (a listening unix socket).
@Suite(.timeLimit(.minutes(1))) struct ConsoleWatcherTests {
    let logger = Logger(label: "console-test") { _ in SwiftLogNoOpLogHandler() }

    /// Starts a watcher on a fresh socket, writes `text` as the guest would, ends the stream, and
    /// returns the watcher once its reader saw the end.
    func watch(_ text: [UInt8]) async throws -> ConsoleWatcher {
        let path = "/tmp/console-test-\(UUID().uuidString.prefix(8)).sock"
        let listener = try UnixSocket.listen(path: path)
        defer {
            try? listener.close()
            try? FileSystem.remove(path)
        }
        let watcher = try ConsoleWatcher(socketPath: path, logger: logger, forward: true)
        let guest = try UnixSocket.accept(listener)
        _ = try guest.writeAll(text)
        try guest.close()
        let ending = text.split(separator: UInt8(ascii: "\n")).last.map { String(decoding: $0, as: UTF8.self) } ?? ""
        while watcher.tail.last != ending.trimmingWhitespace {
            try await Task.sleep(for: .milliseconds(5))
        }
        return watcher
    }

    @Test func linesAreKeptAndAPanicLeadsTheMessage() async throws {
        let text =
            "[ 0.1] booting\r\n\n[ 1.6] Kernel panic - not syncing: No working init found.\n"
            + (1...20).map { "[ 1.7] trace \($0)" }.joined(separator: "\n")
        let watcher = try await watch(Array(text.utf8))
        #expect(watcher.tail.count == 22)
        #expect(watcher.tail.first == "[ 0.1] booting")
        #expect(
            watcher.tailForMessage
                == "; the guest kernel panicked: [ 1.6] Kernel panic - not syncing: No working init found. "
                + "(console's last lines: [ 1.7] trace 17 | [ 1.7] trace 18 | [ 1.7] trace 19 | [ 1.7] trace 20)")
    }

    @Test func onlyTheLastLinesAreKeptAndLongLinesAreCut() async throws {
        let long = String(repeating: "x", count: 10_000)
        let text = (1...100).map { "line \($0)" }.joined(separator: "\n") + "\n" + long + "\nlast"
        let watcher = try await watch(Array(text.utf8))
        #expect(watcher.tail.count == ConsoleWatcher.keptLines)
        #expect(watcher.tail.contains(String(repeating: "x", count: ConsoleWatcher.maximumLineBytes)))
        #expect(watcher.tailForMessage.hasPrefix("; the guest console's last lines: line 91 | line 92"))
    }

    @Test func aSilentGuestAddsNothing() async throws {
        let path = "/tmp/console-test-\(UUID().uuidString.prefix(8)).sock"
        let listener = try UnixSocket.listen(path: path)
        defer {
            try? listener.close()
            try? FileSystem.remove(path)
        }
        let watcher = try ConsoleWatcher(socketPath: path, logger: logger, forward: false)
        #expect(watcher.tailForMessage == "")
        watcher.stop()
    }

    @Test func noConsoleSocketIsAnError() {
        #expect(throws: (any Error).self) {
            _ = try ConsoleWatcher(socketPath: "/nonexistent/console.sock", logger: logger, forward: false)
        }
    }
}
