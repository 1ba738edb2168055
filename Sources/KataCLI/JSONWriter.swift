// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

/// Writes an ``EnvValue`` as Go's `json.Encoder` does with `SetIndent("", "  ")`: fields in
/// declaration order, `<`, `>` and `&` escaped as `\u003c`…, a newline at the end.
package enum JSONWriter {
    /// The document for a root table.
    /// - Parameter fields: the root struct's fields.
    /// - Returns: the indented JSON text ending with a newline.
    package static func document(_ fields: [EnvField]) -> String {
        var out = ""
        write(.table(fields), indent: 0, into: &out)
        return out + "\n"
    }

    private static func write(_ value: EnvValue, indent: Int, into out: inout String) {
        let inner = String(repeating: "  ", count: indent + 1)
        let closing = String(repeating: "  ", count: indent)
        switch value {
        case .string(let text):
            out += quoted(text)
        case .bool(let flag):
            out += flag ? "true" : "false"
        case .integer(let number):
            out += String(number)
        case .strings(nil), .tables(nil):
            out += "null"
        case .strings(let items?):
            writeArray(items.map { EnvValue.string($0) }, inner: inner, closing: closing, indent: indent, into: &out)
        case .tables(let items?):
            writeArray(items.map { EnvValue.table($0) }, inner: inner, closing: closing, indent: indent, into: &out)
        case .table(let fields):
            guard !fields.isEmpty else {
                out += "{}"
                return
            }
            out += "{\n"
            for (index, field) in fields.enumerated() {
                out += inner + quoted(field.name) + ": "
                write(field.value, indent: indent + 1, into: &out)
                out += index == fields.count - 1 ? "\n" : ",\n"
            }
            out += closing + "}"
        }
    }

    private static func writeArray(
        _ items: [EnvValue], inner: String, closing: String, indent: Int, into out: inout String
    ) {
        guard !items.isEmpty else {
            out += "[]"
            return
        }
        out += "[\n"
        for (index, item) in items.enumerated() {
            out += inner
            write(item, indent: indent + 1, into: &out)
            out += index == items.count - 1 ? "\n" : ",\n"
        }
        out += closing + "]"
    }

    /// A JSON string literal with Go's escaping (HTML-safe).
    /// - Parameter text: the text.
    /// - Returns: the quoted literal.
    package static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "<", ">", "&", "\u{2028}", "\u{2029}":
                out += "\\u" + String(scalar.value, radix: 16).leftPadded(to: 4)
            case _ where scalar.value < 0x20:
                out += "\\u" + String(scalar.value, radix: 16).leftPadded(to: 4)
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
