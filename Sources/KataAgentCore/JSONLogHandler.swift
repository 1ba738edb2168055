// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataLinux
package import Logging

/// A swift-log handler writing the Kata agent's JSON lines,
/// `{"msg":"…","level":"INFO","ts":"…","pid":"1","name":"kata-agent","source":"agent",…}`, which Kata
/// hosts parse (they re-log each line at its `level`).
package struct JSONLogHandler: LogHandler {
    /// Handler-level metadata, added to every line.
    package var metadata: Logger.Metadata = [:]
    /// The lowest level this handler writes.
    package var logLevel: Logger.Level
    /// Supplies contextual metadata at each log call.
    package var metadataProvider: Logger.MetadataProvider?

    private let sink: ConsoleLogSink
    private let processID: Int32
    private let clock: @Sendable () -> (seconds: Int64, nanoseconds: Int64)

    /// Creates a handler.
    /// - Parameters:
    ///   - sink: where lines go.
    ///   - logLevel: the lowest level written.
    ///   - processID: the `pid` field; the agent's own by default.
    ///   - clock: the time for the `ts` field as seconds and nanoseconds since 1970, UTC.
    package init(
        sink: ConsoleLogSink, logLevel: Logger.Level, processID: Int32 = CurrentProcess.id,
        clock: @escaping @Sendable () -> (seconds: Int64, nanoseconds: Int64) = System.wallClock
    ) {
        self.sink = sink
        self.logLevel = logLevel
        self.processID = processID
        self.clock = clock
    }

    /// Reads or writes one metadata value.
    /// - Parameter key: the metadata key.
    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    /// Formats the event as one JSON line and hands it to the sink.
    /// - Parameter event: the event.
    package func log(event: LogEvent) {
        var fields = metadata
        if let provided = metadataProvider?.get() {
            fields.merge(provided) { $1 }
        }
        if let extra = event.metadata {
            fields.merge(extra) { $1 }
        }
        if let error = event.error {
            fields["error"] = "\(error)"
        }
        var line = "{\"msg\":" + Self.quote(event.message.description)
        line += ",\"level\":" + Self.quote(Self.levelName(event.level))
        line += ",\"ts\":" + Self.quote(Self.timestamp(clock()))
        line += ",\"pid\":" + Self.quote(String(processID))
        line += ",\"name\":\"kata-agent\",\"source\":\"agent\""
        for (key, value) in fields.sorted(by: { $0.key < $1.key }) {
            line += "," + Self.quote(key) + ":" + Self.quote(Self.flatten(value))
        }
        line += "}"
        sink.emit(line, level: event.level)
    }

    /// slog's four-letter level names, which Kata hosts parse.
    static func levelName(_ level: Logger.Level) -> String {
        switch level {
        case .trace: "TRCE"
        case .debug: "DEBG"
        case .info, .notice: "INFO"
        case .warning: "WARN"
        case .error: "ERRO"
        case .critical: "CRIT"
        }
    }

    /// RFC 3339 in UTC with nanoseconds, e.g. `2026-01-02T03:04:05.000000006Z`.
    static func timestamp(_ time: (seconds: Int64, nanoseconds: Int64)) -> String {
        let days = time.seconds >= 0 ? time.seconds / 86_400 : (time.seconds - 86_399) / 86_400
        let secondOfDay = time.seconds - days * 86_400
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        func pad(_ value: Int64, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(secondOfDay / 3600, 2)):"
            + "\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2)).\(pad(time.nanoseconds, 9))Z"
    }

    /// Howard Hinnant's `civil_from_days`: the proleptic Gregorian date of a day count since 1970-01-01.
    private static func civilDate(daysSinceEpoch: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let shifted = daysSinceEpoch + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func flatten(_ value: Logger.Metadata.Value) -> String {
        switch value {
        case .string(let string): string
        case .stringConvertible(let convertible): convertible.description
        case .array, .dictionary: value.description
        }
    }

    /// A JSON string literal.
    static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
