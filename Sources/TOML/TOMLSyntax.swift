// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

/// The lexical rules that both the parser and the writer follow: whatever the writer writes, the parser reads back
/// as the same value.
enum TOMLSyntax {
    /// The characters a basic string may spell with a short escape (`\b \t \n \f \r \" \\`), each with its letter.
    static let shortEscapes: [(letter: UInt8, character: UInt8)] = [
        (UInt8(ascii: "\""), 0x22), (UInt8(ascii: "\\"), 0x5C), (UInt8(ascii: "b"), 0x08),
        (UInt8(ascii: "t"), 0x09), (UInt8(ascii: "n"), 0x0A), (UInt8(ascii: "f"), 0x0C), (UInt8(ascii: "r"), 0x0D),
    ]

    /// Whether a byte may appear in a bare (unquoted) key: ASCII letters, digits, `_` and `-`.
    static func isBareKeyByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
            true
        default: false
        }
    }

    /// Whether a byte is a control character that strings and comments may not hold literally (tab is allowed).
    static func isForbiddenControl(_ byte: UInt8) -> Bool {
        (byte < 0x20 && byte != UInt8(ascii: "\t")) || byte == 0x7F
    }
}
