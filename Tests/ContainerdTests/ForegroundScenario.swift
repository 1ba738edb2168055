// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Testing

/// One `ctr run --rm` in the foreground and exactly what it must print and return.
struct ForegroundScenario: Sendable, CustomTestStringConvertible {
    var name: String
    /// `ctr run` options; `{HOST}` stands for a host directory holding `greeting`.
    var options: [String] = []
    /// The process; empty runs the image's Cmd.
    var command: [String]
    var stdin: String?
    var tty = false
    var status: Int32 = 0
    /// All of stdout; carriage returns are dropped for tty runs (two terminals each add one).
    var stdout: String
    /// A line stderr must contain.
    var stderrContains: String?

    var testDescription: String { name }

    static let hostGreeting = "hello from the host\n"

    static let all: [ForegroundScenario] = [
        ForegroundScenario(name: "echo", command: ["echo", "hello", "from", "ctr"], stdout: "hello from ctr\n"),
        ForegroundScenario(name: "exit code", command: ["sh", "-c", "exit 3"], status: 3, stdout: ""),
        ForegroundScenario(
            name: "stdin piped in", command: ["cat"], stdin: "line one\nline two\n", stdout: "line one\nline two\n"),
        ForegroundScenario(
            name: "image Cmd reads stdin", command: [], stdin: "echo from the default command\n",
            stdout: "from the default command\n"),
        ForegroundScenario(
            name: "tty", options: ["-t"],
            command: ["sh", "-c", "test -t 0 && test -t 1 && echo terminal; tty; echo hi; exit 5"], tty: true,
            status: 5, stdout: "terminal\n/dev/pts/0\nhi\n"),
        ForegroundScenario(
            name: "env and image PATH", options: ["--env", "FOO=bar"], command: ["sh", "-c", "echo \"$FOO $PATH\""],
            stdout: "bar /usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n"),
        ForegroundScenario(name: "cwd", options: ["--cwd", "/tmp"], command: ["pwd"], stdout: "/tmp\n"),
        ForegroundScenario(name: "default user", command: ["id"], stdout: "uid=0(root) gid=0(root) groups=0(root)\n"),
        ForegroundScenario(
            name: "read-only rootfs", options: ["--read-only"],
            command: ["sh", "-c", "touch /x || { echo refused; exit 4; }"], status: 4, stdout: "refused\n",
            stderrContains: "touch: /x: Read-only file system"),
        // runc's words (Go's exec.LookPath), at create under both runtimes.
        ForegroundScenario(
            name: "entrypoint not executable", command: ["/etc/passwd"], status: 1, stdout: "",
            stderrContains: "exec: \"/etc/passwd\": permission denied"),
        ForegroundScenario(
            name: "writable rootfs", command: ["sh", "-c", "touch /x && echo wrote"], stdout: "wrote\n"),
        ForegroundScenario(
            name: "read-only bind mount", options: ["--mount", "type=bind,src={HOST},dst=/data,options=rbind:ro"],
            command: ["sh", "-c", "cat /data/greeting; touch /data/new 2>/dev/null || echo read-only"],
            stdout: hostGreeting + "read-only\n"),
    ]
}
