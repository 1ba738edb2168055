// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import OCISpec

/// The syntax locator behind config.json's "not valid JSON" messages.
@Suite struct JSONSyntaxTests {
    @Test(arguments: [
        #"{}"#, #"[]"#, #" {"a": [1, -2.5e+3, 0, true, false, null, "x\"\\\/\b\f\n\r\t\u00e9"]} "#, #""only""#,
        "{\n\t\"nested\": {\"deep\": [[[]]]}\r\n}", #"-0.0E-7"#,
    ])
    func validTextHasNoProblem(_ text: String) {
        #expect(JSONSyntax.firstProblem(in: Array(text.utf8)) == nil)
    }

    @Test(arguments: [
        ("", "unexpected end of file, expected a value", 1, 1),
        (#"{"a" 1}"#, "unexpected '1', expected ':' after the key", 1, 6),
        (#"{"a": 1,}"#, "unexpected '}', expected a quoted key", 1, 9),
        (#"[1 2]"#, "unexpected '2', expected ',' or ']'", 1, 4),
        ("{\n  \"a\": tru\n}", "unexpected byte 0xa, expected true", 2, 11),
        (#"{"a": 01}"#, "unexpected '1', expected ',' or '}'", 1, 8),
        (#"{"a": 1.}"#, "unexpected '}' in a number, expected a digit", 1, 9),
        (#"{"a": "\q"}"#, "invalid escape \\'q' in a string", 1, 9),
        (#"{"a": "\u12g4"}"#, "unexpected 'g' in a \\u escape, expected a hex digit", 1, 12),
        ("{\"a\": \"line\nbreak\"}", "unescaped control character byte 0xa in a string", 1, 12),
        (#"{"a": "open"#, "unexpected end of file inside a string", 1, 12),
        (#"{} {}"#, "unexpected text after the JSON value", 1, 4),
    ])
    func problemsAreNamedWithLineAndColumn(_ text: String, message: String, line: Int, column: Int) {
        #expect(
            JSONSyntax.firstProblem(in: Array(text.utf8))
                == JSONSyntax.Problem(message: message, line: line, column: column))
    }

    @Test func deepNestingIsRefusedNotACrash() {
        let text = String(repeating: "[", count: 100_000)
        #expect(JSONSyntax.firstProblem(in: Array(text.utf8))?.message == "nested deeper than 512 levels")
    }
}
