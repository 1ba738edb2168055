// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import KataCLI

@Suite struct CommandRunnerTests {
    private let runner = ProcessCommandRunner(searchPath: "/usr/bin:/bin")

    @Test func successCapturesOutput() {
        let result = runner.run(["sh", "-c", "echo out; echo err >&2"])
        #expect(result.status == 0)
        #expect(result.failure == nil)
        #expect(result.output.contains("out\n"))
        #expect(result.output.contains("err\n"))
    }

    @Test func failureIsGoExitStatus() {
        let result = runner.run(["sh", "-c", "exit 3"])
        #expect(result.status == 3)
        #expect(result.failure == "exit status 3")
    }

    @Test func missingProgramIsGoLookupError() {
        let result = runner.run(["no-such-program-kata"])
        #expect(result.status == nil)
        #expect(result.failure == "exec: \"no-such-program-kata\": executable file not found in $PATH")
    }
}
