// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Logging
import Testing

@testable import KataAgentCore

@Suite("JSONLogHandler and ConsoleLogSink")
struct LoggingTests {
    static func logger(_ lines: CapturedLines, level: Logger.Level = .info) -> Logger {
        let sink = lines.sink(buffering: false)
        return Logger(label: "test") { _ in
            JSONLogHandler(sink: sink, logLevel: level, processID: 1, clock: { (1_767_323_045, 6) })
        }
    }

    @Test("a line has Kata's fields first, then the metadata sorted by key")
    func golden() {
        let lines = CapturedLines()
        var logger = Self.logger(lines)
        logger[metadataKey: "subsystem"] = "boot"
        logger.info("mounted", metadata: ["target": "/proc", "type": "proc"])
        logger.debug("dropped")
        #expect(
            lines.all == [
                #"{"msg":"mounted","level":"INFO","ts":"2026-01-02T03:04:05.000000006Z","pid":"1","name":"kata-agent","source":"agent","subsystem":"boot","target":"/proc","type":"proc"}"#
                    + "\n"
            ])
    }

    @Test(
        "levels use slog's names",
        arguments: [
            (Logger.Level.trace, "TRCE"), (.debug, "DEBG"), (.info, "INFO"), (.notice, "INFO"), (.warning, "WARN"),
            (.error, "ERRO"), (.critical, "CRIT"),
        ])
    func levels(level: Logger.Level, name: String) {
        #expect(JSONLogHandler.levelName(level) == name)
    }

    @Test(
        "strings are JSON-escaped",
        arguments: [
            ("plain", #""plain""#), ("a\"b", #""a\"b""#), ("back\\slash", #""back\\slash""#),
            ("two\nlines\t", #""two\nlines\t""#),
            ("\u{1}bell\u{7}", #""\u0001bell\u0007""#), ("héllo ✓", "\"héllo ✓\""),
        ])
    func quoting(text: String, json: String) {
        #expect(JSONLogHandler.quote(text) == json)
    }

    @Test(
        "timestamps are RFC 3339 UTC with nanoseconds",
        arguments: [
            (Int64(0), Int64(0), "1970-01-01T00:00:00.000000000Z"),
            (951_782_400, 123_456_789, "2000-02-29T00:00:00.123456789Z"),
            (1_767_225_599, 999_999_999, "2025-12-31T23:59:59.999999999Z"),
            (-1, 0, "1969-12-31T23:59:59.000000000Z"),
            (4_102_444_800, 0, "2100-01-01T00:00:00.000000000Z"),
        ])
    func timestamps(seconds: Int64, nanoseconds: Int64, expected: String) {
        #expect(JSONLogHandler.timestamp((seconds, nanoseconds)) == expected)
    }

    @Test("a buffering sink holds lines until flushed, then writes those at the level and passes the rest")
    func buffering() {
        let lines = CapturedLines()
        let sink = lines.sink(buffering: true)
        sink.emit("debug", level: .debug)
        sink.emit("info", level: .info)
        sink.emit("error", level: .error)
        #expect(lines.all.isEmpty)
        sink.flush(minimumLevel: .info)
        sink.emit("later", level: .trace)
        sink.flush(minimumLevel: .critical)
        #expect(lines.all == ["info\n", "error\n", "later\n"])
    }
}
