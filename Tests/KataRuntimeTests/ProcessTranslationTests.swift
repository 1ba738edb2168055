// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import AgentAPI
import OCISpec
import Testing

@testable import KataRuntime

@Suite struct ProcessTranslationTests {
    @Test func everyProcessFieldIsCarried() {
        let process = Process(
            terminal: true, consoleSize: .init(height: 40, width: 120),
            user: .init(uid: 1000, gid: 100, umask: 0o77, additionalGids: [5, 10], username: "app"),
            args: ["/bin/sh", "-c", "exec app"], env: ["PATH=/bin", "TERM=xterm"], cwd: "/srv",
            capabilities: .init(
                bounding: ["CAP_KILL", "CAP_CHOWN"], effective: ["CAP_KILL"], inheritable: ["CAP_KILL"],
                permitted: ["CAP_KILL", "CAP_CHOWN"], ambient: ["CAP_NET_BIND_SERVICE"]),
            rlimits: [
                .init(type: .nofile, hard: 65536, soft: 1024), .init(type: .core, hard: 0, soft: 0),
            ],
            noNewPrivileges: true, apparmorProfile: "cri-containerd.apparmor.d", oomScoreAdj: -997,
            selinuxLabel: "system_u:system_r:container_t:s0")

        var expected = Grpc_Process()
        expected.terminal = true
        var box = Grpc_Box()
        box.height = 40
        box.width = 120
        expected.consoleSize = box
        var user = Grpc_User()
        user.uid = 1000
        user.gid = 100
        user.additionalGids = [5, 10]
        user.username = "app"
        expected.user = user
        expected.args = ["/bin/sh", "-c", "exec app"]
        expected.env = ["PATH=/bin", "TERM=xterm"]
        expected.cwd = "/srv"
        var caps = Grpc_LinuxCapabilities()
        caps.bounding = ["CAP_KILL", "CAP_CHOWN"]
        caps.effective = ["CAP_KILL"]
        caps.inheritable = ["CAP_KILL"]
        caps.permitted = ["CAP_KILL", "CAP_CHOWN"]
        caps.ambient = ["CAP_NET_BIND_SERVICE"]
        expected.capabilities = caps
        var nofile = Grpc_POSIXRlimit()
        nofile.type = "RLIMIT_NOFILE"
        nofile.hard = 65536
        nofile.soft = 1024
        var core = Grpc_POSIXRlimit()
        core.type = "RLIMIT_CORE"
        expected.rlimits = [nofile, core]
        expected.noNewPrivileges = true
        expected.apparmorProfile = "cri-containerd.apparmor.d"
        expected.oomscoreAdj = -997
        #expect(OCITranslation.process(process) == expected)
    }

    @Test func minimalProcessLeavesOptionalMessagesUnset() {
        let out = OCITranslation.process(Process(args: ["sh"]))
        #expect(!out.hasConsoleSize)
        #expect(!out.hasCapabilities)
        #expect(out.hasUser)
        #expect(out.cwd == "/")
        #expect(out.terminal == false)
        #expect(out.oomscoreAdj == 0)
    }
}
