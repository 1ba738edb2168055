// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import TOML
import Testing

@testable import KataCLI

@Suite struct WriterTests {
    @Test(arguments: [
        ("<<unknown>>", #""\u003c\u003cunknown\u003e\u003e""#), ("a&b", #""a\u0026b""#), ("q\"\n", #""q\"\n""#),
        ("\u{1f}", #""\u001f""#),
    ])
    func jsonStrings(text: String, expected: String) {
        #expect(JSONWriter.quoted(text) == expected)
    }

    @Test(arguments: [
        ("vmx", "vmx"), ("64Bit CPU", "\"64Bit CPU\""), ("SSE4.1", "SSE4.1"), ("", ""), ("a=b", "\"a=b\""),
        ("x\"y", #""x\"y""#),
    ])
    func logrusValues(value: String, expected: String) {
        #expect(CLILogger.textValue(value) == expected)
    }

    @Test func nilSlicesAndArraysOfTables() {
        let fields = [
            EnvField(
                "A",
                .table([
                    EnvField("Gone", .strings(nil)), EnvField("Empty", .strings([])),
                    EnvField("T", .tables([[EnvField("N", .string("x"))]])), EnvField("B", .bool(true)),
                ]))
        ]
        #expect(
            TOMLWriter.document(fields.compactMap(\.toml))
                == "[A]\n  Empty = []\n  B = true\n\n  [[A.T]]\n    N = \"x\"\n")
        #expect(
            JSONWriter.document(fields)
                == "{\n  \"A\": {\n    \"Gone\": null,\n    \"Empty\": [],\n    \"T\": [\n      {\n        \"N\": \"x\"\n      }\n    ],\n    \"B\": true\n  }\n}\n"
        )
    }

    @Test func jsonLogLines() {
        let logger = CLILogger(
            threshold: .info, format: .json, baseFields: ["pid": "1"], clock: { "T" }, sink: DiscardingSink())
        #expect(logger.line(.warning, "m", ["pid": "1"]) == #"{"level":"warning","msg":"m","pid":1,"time":"T"}"#)
    }
}
