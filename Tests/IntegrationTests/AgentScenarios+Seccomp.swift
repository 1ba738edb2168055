// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import AgentAPI
import KataTestSupport
import TTRPC
import Testing

// Seccomp profiles as the kernel enforces them in the container: the agent's compiled filter,
// installed by the init helper at runc's two points (before the uid change without no_new_privs,
// just before exec with it).

extension AgentScenarios {
    static func rule(_ names: [String], _ action: String, errno: UInt32? = nil) -> Grpc_LinuxSyscall {
        .with {
            $0.names = names
            $0.action = action
            if let errno { $0.errnoret = errno }
        }
    }

    /// containerd's RuntimeDefault shape (without the personality and socket rules): `first` rules,
    /// the allow-list less `denied`, clone without namespace flags, ENOSYS for clone3, EPERM for the rest.
    static func runtimeDefault(first: [Grpc_LinuxSyscall], denied: Set<String>) -> Grpc_LinuxSeccomp {
        .with {
            $0.defaultAction = "SCMP_ACT_ERRNO"
            $0.architectures = ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"]
            $0.syscalls =
                first + [
                    rule(RuntimeDefaultSeccomp.allowedNames.filter { !denied.contains($0) }, "SCMP_ACT_ALLOW"),
                    rule(["arch_prctl", "modify_ldt"], "SCMP_ACT_ALLOW"),
                    .with {
                        $0.names = ["clone"]
                        $0.action = "SCMP_ACT_ALLOW"
                        $0.args = [
                            .with {
                                $0.index = 0
                                $0.value = RuntimeDefaultSeccomp.namespaceFlags
                                $0.op = "SCMP_CMP_MASKED_EQ"
                            }
                        ]
                    },
                    rule(["clone3"], "SCMP_ACT_ERRNO", errno: 38),
                ]
        }
    }

    func runSeccomp() async throws {
        // no_new_privs: a deny-list installed just before exec; an argument rule refuses SIGUSR1
        // only (to PID 1 of its namespace, which ignores it, kill would succeed).
        var deny = spec([
            "sh", "-c", "mkdir /seccomp-dir; echo mkdir=$?; kill -USR1 $$; echo usr1=$?; kill -0 $$; echo zero=$?",
        ])
        deny.linux.seccomp = .with {
            $0.defaultAction = "SCMP_ACT_ALLOW"
            $0.syscalls = [
                Self.rule(["mkdir", "mkdirat"], "SCMP_ACT_ERRNO", errno: 38),
                .with {
                    $0.names = ["kill"]
                    $0.action = "SCMP_ACT_ERRNO"
                    $0.args = [
                        .with {
                            $0.index = 1
                            $0.value = 10
                            $0.op = "SCMP_CMP_EQ"
                        }
                    ]
                },
            ]
        }
        let denied = try await runToEnd("seccomp-deny", deny)
        #expect(denied.out == "mkdir=1\nusr1=1\nzero=0\n", "stderr: \(denied.err)")
        #expect(denied.err.contains("Function not implemented"), "\(denied.err)")
        #expect(denied.err.contains("Operation not permitted"), "\(denied.err)")

        // Without no_new_privs, as uid 1000: an allow-list installed while the helper still has
        // CAP_SYS_ADMIN, so the helper's own setresuid, capset and execve must pass it too.
        var allow = spec(
            ["sh", "-c", "echo hello; rmdir /nonexistent; echo rmdir=$?; mkdir /tmp/seccomp-dir; echo mkdir=$?"],
            uid: 1000)
        allow.process.noNewPrivileges = false
        allow.linux.seccomp = Self.runtimeDefault(
            first: [Self.rule(["mkdir", "mkdirat"], "SCMP_ACT_ERRNO", errno: 38)], denied: ["rmdir"])
        let allowed = try await runToEnd("seccomp-allow", allow)
        #expect(allowed.out == "hello\nrmdir=1\nmkdir=1\n", "stderr: \(allowed.err)")
        // Not "No such file or directory": the default action answers before the kernel looks.
        #expect(allowed.err.contains("'/nonexistent': Operation not permitted"), "\(allowed.err)")
        #expect(allowed.err.contains("Function not implemented"), "\(allowed.err)")

        // SCMP_ACT_KILL_PROCESS: the process dies of SIGSYS (128 + 31).
        var kill = spec(["sh", "-c", "echo before; exec rmdir /nonexistent"])
        kill.linux.seccomp = .with {
            $0.defaultAction = "SCMP_ACT_ALLOW"
            $0.syscalls = [Self.rule(["rmdir"], "SCMP_ACT_KILL_PROCESS")]
        }
        let killed = try await runToEnd("seccomp-kill", kill)
        #expect(killed.out == "before\n")
        #expect(killed.status == 159, "stderr: \(killed.err)")

        // A profile the agent cannot compile fails the create, naming the field.
        var notify = spec(["true"])
        notify.linux.seccomp = .with {
            $0.defaultAction = "SCMP_ACT_ALLOW"
            $0.syscalls = [Self.rule(["read"], "SCMP_ACT_ERRNO"), Self.rule(["ioctl"], "SCMP_ACT_NOTIFY")]
        }
        let refused = await #expect(throws: TTRPCStatus.self) { try await self.create("seccomp-notify", notify) }
        #expect(refused?.code == .invalidArgument)
        #expect(refused?.message.contains("linux.seccomp.syscalls[1].action") == true, "\(refused?.message ?? "")")
        try? await remove("seccomp-notify")
    }
}
