// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import TOML

@Suite struct TOMLParserTests {
    static let golden: [(String, String, TOMLValue)] = [
        ("a = \"x\\ty\\u00e9\\U0001F600\\\"\"", "a", .string("x\tyé😀\"")),
        ("a = 'C:\\path'", "a", .string("C:\\path")),
        ("a = \"\"\"\nline1\nline2\"\"\"", "a", .string("line1\nline2")),
        ("a = \"\"\"one \\\n    two\"\"\"", "a", .string("one two")),
        ("a = \"\"\"q\"\"\"\"\"", "a", .string("q\"\"")),
        ("a = '''\nraw \\n ''text'''''", "a", .string("raw \\n ''text''")),
        ("a = 1_000", "a", .integer(1000)),
        ("a = -17", "a", .integer(-17)),
        ("a = +0", "a", .integer(0)),
        ("a = 0xDEAD_beef", "a", .integer(0xDEAD_BEEF)),
        ("a = 0o755", "a", .integer(0o755)),
        ("a = 0b1101", "a", .integer(13)),
        ("a = 3.5e2", "a", .float(350)),
        ("a = -0.01", "a", .float(-0.01)),
        ("a = 1E-2", "a", .float(0.01)),
        ("a = -inf", "a", .float(-.infinity)),
        ("a = true", "a", .boolean(true)),
        ("a = 1979-05-27T07:32:00Z", "a", .datetime("1979-05-27T07:32:00Z")),
        ("a = 1979-05-27 07:32:00.999-07:00", "a", .datetime("1979-05-27 07:32:00.999-07:00")),
        ("a = 1979-05-27", "a", .datetime("1979-05-27")),
        ("a = 07:32:00", "a", .datetime("07:32:00")),
        ("\"quoted key\" = 1", "quoted key", .integer(1)),
        ("a = 1\r\nb = 2", "b", .integer(2)),
        ("a = [ ] # empty", "a", .array([], isTableArray: false)),
        ("a = 0.0", "a", .float(0)),
        ("a = \"\"", "a", .string("")),
    ]

    @Test(arguments: golden)
    func scalars(source: String, key: String, expected: TOMLValue) throws {
        let document = try TOMLParser.parse(source, file: "t.toml")
        #expect(document[key]?.value == expected)
    }

    @Test func structure() throws {
        let source = """
            # comment
            title = "x" # trailing
            [server.a]
            ports = [ 1, 2,
              3, ] # multi-line array
            point = { x = 1, y.z = 2 }
            b.c = true
            [[products]]
            name = "one"
            [[products]]
            name = "two"
            [products.details]
            size = 1
            """
        let doc = try TOMLParser.parse(source, file: "t.toml")
        guard case .table(let server)? = doc["server"]?.value, case .table(let a)? = server["a"]?.value else {
            Issue.record("no [server.a]")
            return
        }
        #expect(a["ports"]?.value.literal == "[1, 2, 3]")
        #expect(a["point"]?.value.literal == "{x = 1, y = {z = 2}}")
        #expect(a["b"]?.value.literal == "{c = true}")
        #expect(a["ports"]?.location == TOMLLocation(file: "t.toml", line: 4, column: 1))
        guard case .array(let products, true)? = doc["products"]?.value else {
            Issue.record("no [[products]]")
            return
        }
        #expect(products.count == 2)
        #expect(products[1].value.literal == "{name = \"two\", details = {size = 1}}")
    }

    static let errors: [(String, Int, Int, String)] = [
        ("a = 1\na = 2", 2, 1, "duplicate key a: already defined at t.toml:1:1"),
        ("[x]\n[x]", 2, 1, "cannot define table [x]: already defined at t.toml:1:1"),
        ("a.b = 1\n[a]", 2, 1, "cannot define table [a]"),
        ("a = {b = 1}\n[a.c]", 2, 1, "cannot use a as a table: it is a table"),
        ("a = [1]\n[[a]]", 2, 1, "cannot define array of tables [[a]]"),
        ("a = [1]\n[a.b]", 2, 1, "cannot use a as a table: it is an array defined at t.toml:1:1"),
        ("[x]\ny = 1\n[x.y]", 3, 1, "cannot define table [x.y]: already defined at t.toml:2:1"),
        ("a = \"open", 1, 5, "unterminated string"),
        ("a = \"\\q\"", 1, 6, "invalid escape sequence"),
        ("a = 01", 1, 5, "invalid value 01 for key a"),
        ("a = 1__0", 1, 5, "invalid value 1__0"),
        ("a = 0x", 1, 5, "invalid value 0x"),
        ("a = 9223372036854775808", 1, 5, "invalid value"),
        ("a = 1.", 1, 5, "invalid value 1."),
        ("a = ", 1, 5, "expected a value for key a"),
        ("a = 1 b = 2", 1, 7, "expected a newline or a comment after the value"),
        ("= 1", 1, 1, "expected a key"),
        ("a 1", 1, 3, "expected '=' after key a"),
        ("[a", 1, 3, "expected ']' to close the table header [a]"),
        ("a = [1 2]", 1, 8, "expected ',' or ']' in the array for key a"),
        ("a = {x = 1,\n y = 2}", 1, 12, "expected a key"),
        ("a = 1979-13-27", 1, 5, "invalid value 1979-13-27"),
        ("a = tru", 1, 5, "invalid value tru"),
        ("a = {b = 1}\na.c = 2", 2, 1, "cannot add keys to a with a dotted key"),
        ("[[a]]\n[a]", 2, 1, "cannot define table [a]"),
        ("a = 1 # bell \u{07}", 1, 14, "control character"),
        ("a = 1\rb = 2", 1, 6, "expected a newline or a comment"),
        ("a = \"\"\"open", 1, 5, "unterminated multi-line string"),
        ("a = \"x\u{01}\"", 1, 7, "control character"),
    ]

    @Test(arguments: errors)
    func errorLocations(source: String, line: Int, column: Int, message: String) {
        #expect {
            try TOMLParser.parse(source, file: "t.toml")
        } throws: { error in
            guard let error = error as? TOMLParser.Error else { return false }
            return error.location == TOMLLocation(file: "t.toml", line: line, column: column)
                && error.message.contains(message)
        }
    }

    @Test func errorDescriptionNamesFileLineColumn() {
        #expect(throws: TOMLParser.Error.self) { try TOMLParser.parse("a = 1\na = 2", file: "/etc/k.toml") }
        do {
            _ = try TOMLParser.parse("x = [1,\n 2,\n 3 4]", file: "/etc/k.toml")
        } catch {
            #expect(error.description.hasPrefix("/etc/k.toml:3:4: expected ',' or ']'"))
        }
    }
}
