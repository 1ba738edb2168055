// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataAgentCore
import Testing

@Suite("KernelCommandLine")
struct KernelCommandLineTests {
    typealias Parameter = KernelCommandLine.Parameter

    @Test(
        "splitting follows the kernel's next_arg",
        arguments: [
            ("", []),
            ("  quiet \n", [Parameter(key: "quiet", value: nil)]),
            (
                "a=1 b= c",
                [Parameter(key: "a", value: "1"), Parameter(key: "b", value: ""), Parameter(key: "c", value: nil)]
            ),
            ("k=v=w", [Parameter(key: "k", value: "v=w")]),
            (
                #"dm-mod.create="dm-verity,,,ro,0 8 verity" root=/dev/dm-0"#,
                [
                    Parameter(key: "dm-mod.create", value: "dm-verity,,,ro,0 8 verity"),
                    Parameter(key: "root", value: "/dev/dm-0"),
                ]
            ),
            (#""quoted flag" x"#, [Parameter(key: "quoted flag", value: nil), Parameter(key: "x", value: nil)]),
            ("a=1\tb=2", [Parameter(key: "a", value: "1"), Parameter(key: "b", value: "2")]),
            ("a -- agent.log=debug", [Parameter(key: "a", value: nil)]),
        ] as [(String, [Parameter])]
    )
    func split(text: String, expected: [Parameter]) {
        #expect(KernelCommandLine(text).parameters == expected)
    }
}
