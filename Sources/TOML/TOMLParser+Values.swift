// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

extension TOMLParser {
    mutating func parseValue(for keys: [Key]) throws(Error) -> TOMLValue {
        guard let byte = peek(), byte != UInt8(ascii: "\n"), byte != UInt8(ascii: "#") else {
            throw error("expected a value for key \(dotted(keys))")
        }
        switch byte {
        case UInt8(ascii: "\""):
            return .string(lookingAt("\"\"\"") ? try parseMultilineBasicString() : try parseBasicString())
        case UInt8(ascii: "'"):
            return .string(lookingAt("'''") ? try parseMultilineLiteralString() : try parseLiteralString())
        case UInt8(ascii: "["):
            return try parseArray(for: keys)
        case UInt8(ascii: "{"):
            return try parseInlineTable()
        case UInt8(ascii: "t") where consume("true"):
            return .boolean(true)
        case UInt8(ascii: "f") where consume("false"):
            return .boolean(false)
        default:
            return try parseNumberOrDatetime(for: keys)
        }
    }

    mutating func parseArray(for keys: [Key]) throws(Error) -> TOMLValue {
        position += 1
        var items: [TOMLNode] = []
        while true {
            try skipBlankLines()
            if consume("]") { break }
            let start = location()
            items.append(TOMLNode(try parseValue(for: keys), at: start))
            try skipBlankLines()
            if consume(",") { continue }
            if consume("]") { break }
            let found = peek().map(describe) ?? "the end of the file"
            throw error("expected ',' or ']' in the array for key \(dotted(keys)), found \(found)")
        }
        return .array(items, isTableArray: false)
    }

    mutating func parseInlineTable() throws(Error) -> TOMLValue {
        position += 1
        var table = TOMLTable(origin: .inline)
        skipSpaces()
        if consume("}") { return .table(table) }
        while true {
            let keys = try parseKey()
            try expect("=", after: "key \(dotted(keys))")
            skipSpaces()
            let value = try parseValue(for: keys)
            try Self.insert(value, at: keys[...], into: &table, under: [])
            skipSpaces()
            if consume(",") { continue }
            if consume("}") { return .table(table) }
            let found = peek().map(describe) ?? "the end of the file"
            throw error("expected ',' or '}' in the inline table (which must fit on one line), found \(found)")
        }
    }

    // MARK: Strings

    mutating func parseBasicString() throws(Error) -> String {
        let start = position
        position += 1
        var out: [UInt8] = []
        while true {
            guard let byte = peek(), byte != UInt8(ascii: "\n") else {
                throw error("unterminated string: expected '\"' before the end of the line", at: start)
            }
            position += 1
            if byte == UInt8(ascii: "\"") { break }
            if byte == UInt8(ascii: "\\") {
                out += try parseEscape()
            } else if TOMLSyntax.isForbiddenControl(byte) {
                throw error("control character \(describe(byte)) in a string; use an escape", at: position - 1)
            } else {
                out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    mutating func parseMultilineBasicString() throws(Error) -> String {
        let start = position
        position += 3
        _ = consumeNewline()
        var out: [UInt8] = []
        while true {
            guard let byte = peek() else {
                throw error("unterminated multi-line string: expected '\"\"\"'", at: start)
            }
            if byte == UInt8(ascii: "\"") {
                if try consumeQuoteRun(byte, into: &out, kind: "multi-line string") { break }
                continue
            }
            if byte == UInt8(ascii: "\\") {
                position += 1
                if skipLineEndingBackslash() { continue }
                out += try parseEscape()
                continue
            }
            if consumeNewline() {
                out.append(UInt8(ascii: "\n"))
                continue
            }
            if TOMLSyntax.isForbiddenControl(byte) { throw error("control character \(describe(byte)) in a string") }
            out.append(byte)
            position += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// After a backslash: if only whitespace follows up to the newline, swallows it and all following whitespace.
    mutating func skipLineEndingBackslash() -> Bool {
        let saved = position
        skipSpaces()
        guard consumeNewline() else {
            position = saved
            return false
        }
        while true {
            skipSpaces()
            if !consumeNewline() { return true }
        }
    }

    mutating func parseEscape() throws(Error) -> [UInt8] {
        guard let byte = peek() else { throw error("unterminated escape sequence") }
        position += 1
        if let escape = TOMLSyntax.shortEscapes.first(where: { $0.letter == byte }) { return [escape.character] }
        switch byte {
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            let count = byte == UInt8(ascii: "u") ? 4 : 8
            let begin = position
            guard begin + count <= bytes.count,
                let code = UInt32(String(decoding: bytes[begin..<begin + count], as: UTF8.self), radix: 16),
                let scalar = Unicode.Scalar(code)
            else {
                throw error(
                    "invalid \\\(Character(Unicode.Scalar(byte))) escape: expected \(count) hex digits of a Unicode scalar value",
                    at: begin - 2)
            }
            position += count
            return Array(String(Character(scalar)).utf8)
        default:
            throw error("invalid escape sequence \\\(describe(byte)) in a string", at: position - 2)
        }
    }

    mutating func parseLiteralString() throws(Error) -> String {
        let start = position
        position += 1
        let begin = position
        while true {
            guard let byte = peek(), byte != UInt8(ascii: "\n") else {
                throw error("unterminated literal string: expected \"'\" before the end of the line", at: start)
            }
            if byte == UInt8(ascii: "'") { break }
            if TOMLSyntax.isForbiddenControl(byte) {
                throw error("control character \(describe(byte)) in a literal string")
            }
            position += 1
        }
        let text = String(decoding: bytes[begin..<position], as: UTF8.self)
        position += 1
        return text
    }

    /// Consumes a run of `quote` bytes inside a multi-line string. Three close the string, and up
    /// to two more before them belong to the content (TOML allows `""""` and `"""""` at the end).
    /// - Returns: true when the run closed the string.
    mutating func consumeQuoteRun(_ quote: UInt8, into out: inout [UInt8], kind: String) throws(Error) -> Bool {
        var quotes = 0
        while peek(quotes) == quote { quotes += 1 }
        guard quotes <= 5 else { throw error("too many quotes at the end of a \(kind)") }
        let closes = quotes >= 3
        out += Array(repeating: quote, count: closes ? quotes - 3 : quotes)
        position += quotes
        return closes
    }

    mutating func parseMultilineLiteralString() throws(Error) -> String {
        let start = position
        position += 3
        _ = consumeNewline()
        var out: [UInt8] = []
        while true {
            guard let byte = peek() else {
                throw error("unterminated multi-line literal string: expected \"'''\"", at: start)
            }
            if byte == UInt8(ascii: "'") {
                if try consumeQuoteRun(byte, into: &out, kind: "multi-line literal string") { break }
                continue
            }
            if consumeNewline() {
                out.append(UInt8(ascii: "\n"))
                continue
            }
            if TOMLSyntax.isForbiddenControl(byte) {
                throw error("control character \(describe(byte)) in a literal string")
            }
            out.append(byte)
            position += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: Numbers and datetimes

    mutating func parseNumberOrDatetime(for keys: [Key]) throws(Error) -> TOMLValue {
        let begin = position
        while let byte = peek(), Self.isTokenByte(byte) { position += 1 }
        // A date and a time may be separated by one space instead of 'T'.
        if position - begin == 10, peek() == UInt8(ascii: " "), let next = peek(1),
            next >= UInt8(ascii: "0"), next <= UInt8(ascii: "9")
        {
            position += 1
            while let byte = peek(), Self.isTokenByte(byte) { position += 1 }
        }
        let token = String(decoding: bytes[begin..<position], as: UTF8.self)
        guard !token.isEmpty else {
            throw error("expected a value for key \(dotted(keys)), found \(describe(peek() ?? 0))", at: begin)
        }
        if let value = TOMLScalars.number(token) { return value }
        if TOMLScalars.isDatetime(token) { return .datetime(token) }
        throw error(
            "invalid value \(token) for key \(dotted(keys)): expected a string, number, boolean, datetime, array or table",
            at: begin)
    }

    static func isTokenByte(_ byte: UInt8) -> Bool {
        TOMLSyntax.isBareKeyByte(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".")
            || byte == UInt8(ascii: ":")
    }
}
