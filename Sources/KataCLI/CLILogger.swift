// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

/// logrus's levels, the ones `kata-runtime` uses; a logger prints an entry when its level is at or
/// above the logger's threshold in this order.
package enum LogLevel: Int, Sendable, Comparable {
    /// `level=error`.
    case error = 2
    /// `level=warning` (logrus spells the warn level out).
    case warning = 3
    /// `level=info`.
    case info = 4
    /// `level=debug`.
    case debug = 5

    /// The name logrus prints.
    package var name: String {
        switch self {
        case .error: "error"
        case .warning: "warning"
        case .info: "info"
        case .debug: "debug"
        }
    }

    /// Orders by severity: error < warning < info < debug, as logrus's numbers do.
    /// - Parameters:
    ///   - lhs: a level.
    ///   - rhs: another level.
    /// - Returns: whether `lhs` is more severe.
    package static func < (lhs: LogLevel, rhs: LogLevel) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}

/// The two logrus formatters `--log-format` selects.
package enum LogFormat: String, Sendable {
    /// `time="…" level=error msg="…" key=value…`, keys sorted.
    case text
    /// One JSON object per line, keys sorted.
    case json
}

/// A logger that writes logrus-formatted lines, the format upstream's `kata-runtime` writes to
/// stderr for `check` and to the `--log` file for the other commands.
package struct CLILogger: Sendable {
    /// Entries less severe than this are dropped.
    package var threshold: LogLevel
    /// The line format.
    package var format: LogFormat
    /// Fields every entry carries (`arch`, `name`, `pid`, `source`); an entry's own fields win.
    package var baseFields: [String: String]
    /// The `time` value, RFC 3339.
    package var clock: @Sendable () -> String
    /// Where lines go.
    package var sink: any TextSink

    /// A logger.
    /// - Parameters:
    ///   - threshold: the least severe level printed.
    ///   - format: text or JSON lines.
    ///   - baseFields: fields added to every entry.
    ///   - clock: the timestamp source.
    ///   - sink: where lines go.
    package init(
        threshold: LogLevel, format: LogFormat = .text, baseFields: [String: String],
        clock: @escaping @Sendable () -> String, sink: any TextSink
    ) {
        self.threshold = threshold
        self.format = format
        self.baseFields = baseFields
        self.clock = clock
        self.sink = sink
    }

    /// Writes one entry if `level` passes the threshold.
    /// - Parameters:
    ///   - level: the entry's level.
    ///   - message: the `msg` field.
    ///   - fields: the entry's own fields.
    package func log(_ level: LogLevel, _ message: String, _ fields: [String: String] = [:]) {
        guard level <= threshold else { return }
        let merged = baseFields.merging(fields) { _, entry in entry }
        sink.write(line(level, message, merged) + "\n")
    }

    /// The formatted line without its newline.
    /// - Parameters:
    ///   - level: the level.
    ///   - message: the message.
    ///   - fields: all fields.
    /// - Returns: the text or JSON line.
    package func line(_ level: LogLevel, _ message: String, _ fields: [String: String]) -> String {
        switch format {
        case .text:
            var parts = ["time=\(Self.textValue(clock()))", "level=\(level.name)", "msg=\(Self.textValue(message))"]
            for key in fields.keys.sorted() {
                parts.append("\(key)=\(Self.textValue(fields[key] ?? ""))")
            }
            return parts.joined(separator: " ")
        case .json:
            var all = fields
            all["time"] = clock()
            all["level"] = level.name
            all["msg"] = message
            let members = all.keys.sorted().map { key in
                let value = all[key] ?? ""
                // logrus keeps the Go type of a field; the only numeric one here is the pid.
                let literal = key == "pid" && Int(value) != nil ? value : JSONWriter.quoted(value)
                return "\(JSONWriter.quoted(key)):\(literal)"
            }
            return "{" + members.joined(separator: ",") + "}"
        }
    }

    /// logrus's text quoting: a value made only of letters, digits and `-._/@^+` stays bare,
    /// anything else is written as a Go-quoted string.
    /// - Parameter value: the value.
    /// - Returns: the value as it appears after `key=`.
    package static func textValue(_ value: String) -> String {
        let bare = value.unicodeScalars.allSatisfy { scalar in
            switch scalar {
            case "a"..."z", "A"..."Z", "0"..."9", "-", ".", "_", "/", "@", "^", "+": true
            default: false
            }
        }
        return bare ? value : goQuoted(value)
    }

    /// Go's `%q` for printable text: double quotes, with `"`, `\` and control characters escaped.
    /// - Parameter value: the text.
    /// - Returns: the quoted text.
    package static func goQuoted(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7f:
                out += "\\x" + String(scalar.value, radix: 16).leftPadded(to: 2)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

extension String {
    /// The string with leading zeros up to `width` characters.
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
