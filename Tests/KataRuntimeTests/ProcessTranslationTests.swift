// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import OCISpec
import Testing

@testable import KataRuntime

@Suite struct ProcessTranslationTests {
    @Test func everyProcessFieldButTheSELinuxLabelIsKept() {
        let expected = Process(
            terminal: true, consoleSize: .init(height: 40, width: 120),
            user: .init(uid: 1000, gid: 100, umask: 0o77, additionalGids: [5, 10], username: "app"),
            args: ["/bin/sh", "-c", "exec app"], commandLine: "app.exe", env: ["PATH=/bin", "TERM=xterm"], cwd: "/srv",
            capabilities: .init(
                bounding: ["CAP_KILL", "CAP_CHOWN"], effective: ["CAP_KILL"], inheritable: ["CAP_KILL"],
                permitted: ["CAP_KILL", "CAP_CHOWN"], ambient: ["CAP_NET_BIND_SERVICE"]),
            rlimits: [.init(type: .nofile, hard: 65536, soft: 1024), .init(type: .core, hard: 0, soft: 0)],
            noNewPrivileges: true, apparmorProfile: "cri-containerd.apparmor.d", oomScoreAdj: -997)
        #expect(fullProcess.selinuxLabel != nil)
        #expect(OCITranslation.process(fullProcess) == expected)
    }

    @Test func minimalProcessStaysMinimal() {
        #expect(OCITranslation.process(Process(args: ["sh"])) == Process(args: ["sh"]))
    }

    @Test func theContainerInitIsTranslatedLikeAnExec() throws {
        var spec = try busyboxSpec()
        spec.process = fullProcess
        let translated = try OCITranslation.translate(spec, context: context())
        #expect(translated.container.spec.process == OCITranslation.process(fullProcess))
    }
}
