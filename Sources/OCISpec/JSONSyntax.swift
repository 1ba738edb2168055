// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

/// Finds the first RFC 8259 syntax error in a JSON text, with its line and column.
///
/// FoundationEssentials' JSONDecoder says only "not valid JSON"; a user fixing config.json needs
/// to know where. This scanner only validates (it builds nothing), so it costs one pass over the
/// bytes and runs only after the decoder already failed.
enum JSONSyntax {
    /// A syntax error: what was found, and where (1-based line and column, in bytes).
    struct Problem: Error, Equatable, CustomStringConvertible {
        var message: String
        var line: Int
        var column: Int

        var description: String { "\(message) (line \(line), column \(column))" }
    }

    /// The first syntax error in `bytes`, or `nil` when they are one valid JSON value.
    static func firstProblem(in bytes: [UInt8]) -> Problem? {
        var scanner = Scanner(bytes: bytes)
        do throws(Problem) {
            scanner.skipWhitespace()
            try scanner.value(depth: 0)
            scanner.skipWhitespace()
            if scanner.index < bytes.count { throw scanner.problem("unexpected text after the JSON value") }
            return nil
        } catch {
            return error
        }
    }

    private struct Scanner {
        let bytes: [UInt8]
        var index = 0
        /// Deeper nesting than any real config.json; it keeps the recursion off the stack's end.
        static let maximumDepth = 512

        init(bytes: [UInt8]) { self.bytes = bytes }

        func problem(_ message: String) -> Problem {
            var line = 1
            var column = 1
            for byte in bytes[..<min(index, bytes.count)] {
                if byte == UInt8(ascii: "\n") {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
            }
            return Problem(message: message, line: line, column: column)
        }

        private func found() -> String {
            guard index < bytes.count else { return "end of file" }
            let byte = bytes[index]
            return (0x20..<0x7f).contains(byte)
                ? "'\(Character(Unicode.Scalar(byte)))'" : "byte 0x\(String(byte, radix: 16))"
        }

        mutating func skipWhitespace() {
            while index < bytes.count, [0x20, 0x09, 0x0a, 0x0d].contains(bytes[index]) { index += 1 }
        }

        mutating func value(depth: Int) throws(Problem) {
            guard depth < Self.maximumDepth else { throw problem("nested deeper than \(Self.maximumDepth) levels") }
            guard index < bytes.count else { throw problem("unexpected end of file, expected a value") }
            switch bytes[index] {
            case UInt8(ascii: "{"): try container(close: UInt8(ascii: "}"), depth: depth, keyed: true)
            case UInt8(ascii: "["): try container(close: UInt8(ascii: "]"), depth: depth, keyed: false)
            case UInt8(ascii: "\""): try string()
            case UInt8(ascii: "t"): try literal("true")
            case UInt8(ascii: "f"): try literal("false")
            case UInt8(ascii: "n"): try literal("null")
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): try number()
            default: throw problem("unexpected \(found()), expected a value")
            }
        }

        private mutating func container(close: UInt8, depth: Int, keyed: Bool) throws(Problem) {
            index += 1
            skipWhitespace()
            if index < bytes.count, bytes[index] == close {
                index += 1
                return
            }
            while true {
                if keyed {
                    guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else {
                        throw problem("unexpected \(found()), expected a quoted key")
                    }
                    try string()
                    skipWhitespace()
                    guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else {
                        throw problem("unexpected \(found()), expected ':' after the key")
                    }
                    index += 1
                    skipWhitespace()
                }
                try value(depth: depth + 1)
                skipWhitespace()
                guard index < bytes.count else {
                    throw problem("unexpected end of file, expected ',' or '\(Character(Unicode.Scalar(close)))'")
                }
                if bytes[index] == close {
                    index += 1
                    return
                }
                guard bytes[index] == UInt8(ascii: ",") else {
                    throw problem("unexpected \(found()), expected ',' or '\(Character(Unicode.Scalar(close)))'")
                }
                index += 1
                skipWhitespace()
            }
        }

        private mutating func string() throws(Problem) {
            index += 1
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "\""):
                    index += 1
                    return
                case UInt8(ascii: "\\"):
                    index += 1
                    guard index < bytes.count else { break }
                    switch bytes[index] {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
                        UInt8(ascii: "f"),
                        UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                        index += 1
                    case UInt8(ascii: "u"):
                        index += 1
                        for _ in 0..<4 {
                            guard index < bytes.count, Self.isHexDigit(bytes[index]) else {
                                throw problem("unexpected \(found()) in a \\u escape, expected a hex digit")
                            }
                            index += 1
                        }
                    default:
                        throw problem("invalid escape \\\(found()) in a string")
                    }
                case 0..<0x20:
                    throw problem("unescaped control character \(found()) in a string")
                default:
                    index += 1
                }
            }
            throw problem("unexpected end of file inside a string")
        }

        private mutating func literal(_ word: String) throws(Problem) {
            for expected in word.utf8 {
                guard index < bytes.count, bytes[index] == expected else {
                    throw problem("unexpected \(found()), expected \(word)")
                }
                index += 1
            }
        }

        private mutating func number() throws(Problem) {
            if bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, Self.isDigit(bytes[index]) else {
                throw problem("unexpected \(found()) in a number, expected a digit")
            }
            if bytes[index] == UInt8(ascii: "0") {
                index += 1
            } else {
                while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 }
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                try digits()
            }
            if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
                index += 1
                if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                    index += 1
                }
                try digits()
            }
        }

        private mutating func digits() throws(Problem) {
            guard index < bytes.count, Self.isDigit(bytes[index]) else {
                throw problem("unexpected \(found()) in a number, expected a digit")
            }
            while index < bytes.count, Self.isDigit(bytes[index]) { index += 1 }
        }

        private static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }

        private static func isHexDigit(_ byte: UInt8) -> Bool {
            isDigit(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
                || (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte)
        }
    }
}
