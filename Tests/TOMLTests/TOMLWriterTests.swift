// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import TOML

@Suite struct TOMLWriterTests {
    typealias Field = TOMLWriter.Field

    @Test(arguments: [
        ("plain", "\"plain\""), ("a\"b\\c", #""a\"b\\c""#), ("line\nnext\ttab", #""line\nnext\ttab""#),
        ("\u{01}", #""\u0001""#), ("\u{7F}\u{1F}", #""\u007f\u001f""#), ("é😀", "\"é😀\""),
    ])
    func quotedStrings(text: String, expected: String) {
        #expect(TOMLWriter.quoted(text) == expected)
    }

    @Test(arguments: [
        ("Major", "Major"), ("a-b_9", "a-b_9"), ("", "\"\""), ("a.b", "\"a.b\""), ("64Bit CPU", "\"64Bit CPU\""),
        ("é", "\"é\""),
    ])
    func keys(name: String, expected: String) {
        #expect(TOMLWriter.key(name) == expected)
    }

    @Test func layout() {
        let fields = [
            Field("Name", .string("x")),
            Field(
                "Host",
                .table([
                    Field("Kernel", .table([Field("Version", .string("6.1"))])),
                    Field("CPUs", .integer(4)),
                    Field("Disks", .array([.table([Field("Path", .string("/a"))]), .table([])])),
                ])),
            Field("Flags", .array([.boolean(true), .float(0.5)])),
            Field("my key", .table([Field("Empty", .array([]))])),
        ]
        #expect(
            TOMLWriter.document(fields) == """
                Name = "x"
                Flags = [true, 0.5]

                [Host]
                  CPUs = 4
                  [Host.Kernel]
                    Version = "6.1"

                  [[Host.Disks]]
                    Path = "/a"

                  [[Host.Disks]]

                ["my key"]
                  Empty = []

                """)
    }

    @Test func inlineValues() {
        let value = TOMLWriter.Value.array([
            .table([Field("a b", .integer(-1)), Field("c", .array([]))]), .datetime("1979-05-27"), .float(-.infinity),
        ])
        #expect(TOMLWriter.inline(value) == #"[{"a b" = -1, c = []}, 1979-05-27, -inf]"#)
    }

    /// Documents whose keys come in the order the writer writes them (plain keys before tables), so that
    /// reading one back gives the same fields in the same order.
    static let roundTrips: [(String, [Field])] = [
        (
            "strings needing escapes",
            [
                Field("quote", .string("say \"hi\" \\ back")),
                Field("controls", .string("tab\tnewline\ncr\rbackspace\u{08}formfeed\u{0C}bell\u{07}del\u{7F}")),
                Field("unicode", .string("é 😀 \u{2028}")), Field("empty", .string("")),
                Field("hash", .string("# not a comment")), Field("quotes", .string("'''\"\"\"")),
            ]
        ),
        (
            "integers",
            [
                Field("zero", .integer(0)), Field("negative", .integer(-17)), Field("max", .integer(.max)),
                Field("min", .integer(.min)),
            ]
        ),
        (
            "floats",
            [
                Field("half", .float(0.5)), Field("whole", .float(1)), Field("tenth", .float(0.1)),
                Field("huge", .float(1e300)), Field("tiny", .float(5e-324)), Field("small", .float(-1e-5)),
                Field("inf", .float(.infinity)), Field("negativeInf", .float(-.infinity)),
            ]
        ),
        ("booleans", [Field("yes", .boolean(true)), Field("no", .boolean(false))]),
        ("datetimes", [Field("at", .datetime("1979-05-27T07:32:00Z")), Field("day", .datetime("1979-05-27"))]),
        (
            "arrays",
            [
                Field("empty", .array([])), Field("strings", .array([.string("a"), .string("b,\"c\"")])),
                Field("nested", .array([.array([.integer(1), .integer(2)]), .array([.string("x")])])),
                Field("mixed", .array([.table([Field("k", .integer(1))]), .integer(2)])),
            ]
        ),
        (
            "nested tables",
            [
                Field("top", .string("t")),
                Field(
                    "a",
                    .table([
                        Field("x", .integer(1)),
                        Field("b", .table([Field("c", .table([Field("deep", .boolean(true))]))])),
                    ])),
                Field("empty", .table([])),
                Field("quoted keys", .table([Field("a.b", .integer(1)), Field("", .string("empty key"))])),
            ]
        ),
        (
            "arrays of tables",
            [
                Field(
                    "servers",
                    .array([
                        .table([Field("name", .string("one")), Field("tls", .table([Field("on", .boolean(true))]))]),
                        .table([
                            Field("name", .string("two")),
                            Field(
                                "ports",
                                .array([.table([Field("n", .integer(80))]), .table([Field("n", .integer(443))])])),
                        ]),
                    ])),
                Field("outer", .table([Field("inner", .array([.table([Field("k", .string("v"))])]))])),
            ]
        ),
    ]

    @Test(arguments: roundTrips)
    func roundTrip(name: String, fields: [Field]) throws {
        let text = TOMLWriter.document(fields)
        let parsed = try TOMLParser.parse(text, file: "written.toml")
        #expect(TOMLWriter.Value(.table(parsed)) == .table(fields), "\(name):\n\(text)")
    }

    // NaN is not equal to itself, so it gets its own check.
    @Test func nanRoundTrips() throws {
        let parsed = try TOMLParser.parse(TOMLWriter.document([Field("n", .float(.nan))]), file: "written.toml")
        guard case .float(let value)? = parsed["n"]?.value else {
            Issue.record("n is not a float")
            return
        }
        #expect(value.isNaN)
    }

    @Test func literalIsTheInlineSpelling() throws {
        let parsed = try TOMLParser.parse(#"a = { "b c" = "q\"\n", d = [1.5, 1979-05-27] }"#, file: "t.toml")
        #expect(parsed["a"]?.value.literal == #"{"b c" = "q\"\n", d = [1.5, 1979-05-27]}"#)
    }
}
