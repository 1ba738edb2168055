// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

/// Writes an ``EnvValue`` as BurntSushi's TOML encoder does: in each table the plain keys first,
/// then the sub-tables, both in declaration order; two spaces of indentation per nesting level;
/// a blank line before each top-level table and each `[[array of tables]]` entry; nil slices omitted.
package enum TOMLWriter {
    /// The document for a root table.
    /// - Parameter fields: the root struct's fields.
    /// - Returns: the TOML text; every line ends with a newline.
    package static func document(_ fields: [EnvField]) -> String {
        var out = ""
        writeTable(fields, path: [], into: &out)
        return out
    }

    private static func indentation(_ depth: Int) -> String {
        String(repeating: "  ", count: max(depth, 0))
    }

    private static func writeTable(_ fields: [EnvField], path: [String], into out: inout String) {
        for field in fields where !field.value.isTableLike {
            guard let literal = literal(field.value) else { continue }
            out += indentation(path.count) + field.name + " = " + literal + "\n"
        }
        for field in fields {
            let key = path + [field.name]
            switch field.value {
            case .table(let nested):
                if key.count == 1 && !out.isEmpty { out += "\n" }
                out += indentation(key.count - 1) + "[" + key.joined(separator: ".") + "]\n"
                writeTable(nested, path: key, into: &out)
            case .tables(let entries?):
                for entry in entries {
                    if !out.isEmpty { out += "\n" }
                    out += indentation(key.count - 1) + "[[" + key.joined(separator: ".") + "]]\n"
                    writeTable(entry, path: key, into: &out)
                }
            default:
                continue
            }
        }
    }

    private static func literal(_ value: EnvValue) -> String? {
        switch value {
        case .string(let text): quoted(text)
        case .bool(let flag): flag ? "true" : "false"
        case .integer(let number): String(number)
        case .strings(let items?): "[" + items.map(quoted).joined(separator: ", ") + "]"
        case .strings(nil), .table, .tables: nil
        }
    }

    /// A TOML basic string with BurntSushi's escapes.
    /// - Parameter text: the text.
    /// - Returns: the quoted string.
    package static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\u{08}": out += "\\b"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\u{0C}": out += "\\f"
            case "\r": out += "\\r"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                out += "\\u" + String(scalar.value, radix: 16).leftPadded(to: 4)
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
