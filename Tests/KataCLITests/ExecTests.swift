// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Testing

@testable import KataCLI

@Suite struct ExecTests {
    @Test(arguments: [
        ("", "ID cannot be blank"),
        ("a", "invalid container/sandbox ID (should match \"^[a-zA-Z0-9][a-zA-Z0-9_.-]+$\")"),
        ("-ab", "invalid container/sandbox ID (should match \"^[a-zA-Z0-9][a-zA-Z0-9_.-]+$\")"),
        ("ab/c", "invalid container/sandbox ID (should match \"^[a-zA-Z0-9][a-zA-Z0-9_.-]+$\")"),
    ])
    func invalidIDs(id: String, message: String) {
        #expect(throws: CLIError(message)) { try SandboxID.validate(id) }
    }

    @Test(arguments: ["ab", "sandbox-1", "A.b_c-9", "0123456789abcdef"])
    func validIDs(id: String) throws {
        try SandboxID.validate(id)
    }

    @Test(arguments: [
        ("vsock://3:1024", AgentURL.vsock(contextID: 3, port: 1024)),
        ("vsock://4294967295:1024\n", AgentURL.vsock(contextID: 4_294_967_295, port: 1024)),
        (
            "hvsock:///run/vc/firecracker/abc/root/kata.hvsock:1024",
            AgentURL.hybridVsock(path: "/run/vc/firecracker/abc/root/kata.hvsock", port: 1024)
        ),
    ])
    func agentURLs(text: String, expected: AgentURL) throws {
        #expect(try AgentURL.parse(text) == expected)
    }

    @Test(arguments: [
        ("unix:///run/agent.sock", "schema unix not found"),
        ("/run/agent.sock", "schema  not found"),
        ("vsock://x:1024", "invalid agent URL \"vsock://x:1024\": the vsock CID is not a number"),
        ("vsock://3", "invalid agent URL \"vsock://3\": want vsock://ADDRESS:PORT"),
    ])
    func badAgentURLs(text: String, message: String) {
        #expect(throws: CLIError(message)) { try AgentURL.parse(text) }
    }

    @Test func missingSocketNamesThePath() throws {
        let tree = try Fixtures.intel()
        let stdout = TextBuffer()
        let stderr = TextBuffer()
        let dependencies = CLIDependencies(
            host: tree.host(uid: 0), runner: ScriptedRunner(), kvm: FakeKVM(), shimMonitor: UnixShimMonitorClient(),
            debugConsole: RecordingConsole(),
            loadConfiguration: { _, _ in LoadedSettings(configuration: .init(), mainFile: "/x.toml") },
            defaultConfigPaths: [], environment: [:], clock: { "t" }, processID: 1, executablePath: "/k",
            sandboxStateRoot: tree.root + "/run/vc/sbs", standardOutput: stdout, standardError: stderr)
        let status = KataRuntimeCLI(dependencies: dependencies).run(["exec", "sandbox1"])
        #expect(status == 1)
        #expect(stdout.text == "")
        #expect(
            stderr.text
                == "sandbox sandbox1 has no shim-monitor socket at \(tree.root)/run/vc/sbs/sandbox1/shim-monitor.sock: is the sandbox running?\n"
        )
    }

    @Test(arguments: [
        (["exec", "--kata-debug-port", "0", "sandbox1"], "vsock://3:1024\n", AgentURL.vsock(contextID: 3, port: 1026)),
        (
            ["exec", "--kata-debug-port", "2000", "sandbox1"], "vsock://3:1024",
            AgentURL.vsock(contextID: 3, port: 2000)
        ),
        (["exec", "sandbox1"], "hvsock:///run/x.hvsock:1024", AgentURL.hybridVsock(path: "/run/x.hvsock", port: 1026)),
    ])
    func consoleGetsTheDebugPort(arguments: [String], body: String, target: AgentURL) throws {
        let tree = try Fixtures.intel()
        let monitor = FakeShimMonitor(answer: .success(ShimMonitorResponse(status: 200, body: body)))
        let console = RecordingConsole()
        let result = runCLI(arguments, host: tree.host(uid: 0), shimMonitor: monitor, console: console)
        #expect(result.status == 0)
        #expect(console.targets.targets == [target])
    }

    @Test func consoleFailureIsFatal() throws {
        let tree = try Fixtures.intel()
        let monitor = FakeShimMonitor(answer: .success(ShimMonitorResponse(status: 200, body: "vsock://3:1024")))
        let console = RecordingConsole(failure: CLIError("dial vsock://3:1026: connection reset by peer"))
        let result = runCLI(["exec", "sandbox1"], host: tree.host(uid: 0), shimMonitor: monitor, console: console)
        #expect(result.status == 1)
        #expect(result.stderr == "dial vsock://3:1026: connection reset by peer\n")
    }

    @Test func shimMonitorErrorStatus() throws {
        let tree = try Fixtures.intel()
        let monitor = FakeShimMonitor(answer: .success(ShimMonitorResponse(status: 500, body: "boom")))
        let result = runCLI(["exec", "sandbox1"], host: tree.host(uid: 0), shimMonitor: monitor)
        #expect(result.status == 1)
        #expect(result.stderr == "Failure from sandbox1 shim-monitor: 500\n")
    }

    @Test(arguments: [
        ("HTTP/1.1 200 OK\r\nContent-Length: 14\r\n\r\nvsock://3:1024", 200, "vsock://3:1024"),
        (
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nvsock\r\n9\r\n://3:1024\r\n0\r\n\r\n", 200,
            "vsock://3:1024"
        ),
        ("HTTP/1.1 501 Not Implemented\r\n\r\n", 501, ""),
    ])
    func httpParsing(raw: String, status: Int, body: String) throws {
        #expect(try UnixShimMonitorClient.parse(Array(raw.utf8)) == ShimMonitorResponse(status: status, body: body))
    }
}
