// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import KataAgentCore

@Suite("agent.debug_console")
struct DebugConsoleTests {
    @Test(
        "the shell is bash when the image has it, else sh, else none",
        arguments: [
            (["/bin/bash", "/bin/sh"], "/bin/bash"),
            (["/bin/sh"], "/bin/sh"),
            ([], nil),
        ] as [([String], String?)])
    func shellChoice(present: [String], expected: String?) {
        #expect(DebugConsole.shell(isExecutable: present.contains) == expected)
    }
}
