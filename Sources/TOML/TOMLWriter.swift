// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

/// Writes TOML documents the way Go's BurntSushi encoder does, which `kata-runtime env` must match byte for byte:
/// in each table the plain keys first, then the sub-tables, both in the order given; two spaces of indentation per
/// nesting level; a blank line before each top-level table and each `[[array of tables]]` entry.
package enum TOMLWriter {
    /// The document for a root table.
    /// - Parameter fields: the root table's keys and values.
    /// - Returns: the TOML text; every line ends with a newline.
    package static func document(_ fields: [Field]) -> String {
        var out = ""
        writeTable(fields, path: [], into: &out)
        return out
    }

    /// A value as it is written after `key = `: strings quoted, arrays and tables inline on one line.
    /// - Parameter value: the value.
    /// - Returns: its TOML spelling.
    package static func inline(_ value: Value) -> String {
        switch value {
        case .string(let text): quoted(text)
        case .integer(let number): String(number)
        // Swift's shortest round-trip spelling is TOML's too: `1.0`, `1e-05`, `inf`, `-inf`, `nan`.
        case .float(let number): String(number)
        case .boolean(let flag): flag ? "true" : "false"
        case .datetime(let text): text
        case .array(let items): "[" + items.map(inline).joined(separator: ", ") + "]"
        case .table(let fields):
            "{" + fields.map { key($0.key) + " = " + inline($0.value) }.joined(separator: ", ") + "}"
        }
    }

    /// A TOML basic string: short escapes where TOML has one, `\uXXXX` for the other control characters.
    /// - Parameter text: the text.
    /// - Returns: the quoted string.
    package static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            guard scalar.isASCII else {
                out.unicodeScalars.append(scalar)
                continue
            }
            let byte = UInt8(scalar.value)
            if let escape = TOMLSyntax.shortEscapes.first(where: { $0.character == byte }) {
                out += "\\" + String(Unicode.Scalar(escape.letter))
            } else if TOMLSyntax.isForbiddenControl(byte) {
                let hex = String(byte, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// A key as written: bare when TOML allows it, quoted otherwise.
    /// - Parameter name: the key.
    /// - Returns: its TOML spelling.
    package static func key(_ name: String) -> String {
        !name.isEmpty && name.utf8.allSatisfy(TOMLSyntax.isBareKeyByte) ? name : quoted(name)
    }

    private static func indentation(_ depth: Int) -> String {
        String(repeating: "  ", count: max(depth, 0))
    }

    private static func writeTable(_ fields: [Field], path: [String], into out: inout String) {
        for field in fields where !field.value.isWrittenUnderHeaders {
            out += indentation(path.count) + key(field.key) + " = " + inline(field.value) + "\n"
        }
        for field in fields {
            let path = path + [key(field.key)]
            switch field.value {
            case .table(let nested):
                if path.count == 1 && !out.isEmpty { out += "\n" }
                out += indentation(path.count - 1) + "[" + path.joined(separator: ".") + "]\n"
                writeTable(nested, path: path, into: &out)
            case .array(let items) where field.value.isWrittenUnderHeaders:
                for case .table(let entry) in items {
                    if !out.isEmpty { out += "\n" }
                    out += indentation(path.count - 1) + "[[" + path.joined(separator: ".") + "]]\n"
                    writeTable(entry, path: path, into: &out)
                }
            default:
                continue
            }
        }
    }
}

extension TOMLWriter.Value {
    /// Whether a document writes this value under `[header]`s rather than after `key =`: a table, or a non-empty
    /// array that holds only tables (an array of tables, as BurntSushi decides).
    fileprivate var isWrittenUnderHeaders: Bool {
        switch self {
        case .table: true
        case .array(let items):
            !items.isEmpty
                && items.allSatisfy {
                    guard case .table = $0 else { return false }
                    return true
                }
        default: false
        }
    }
}
