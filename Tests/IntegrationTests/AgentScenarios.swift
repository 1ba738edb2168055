// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import AgentAPI
import Foundation
import TTRPC
import Testing

/// Container scenarios driven over the agent protocol, shared by the host-agent tests and the
/// guest tests: the same calls a shim makes, checked against what a user of runc would see.
struct AgentScenarios {
    let agent: Grpc_AgentServiceClient
    /// Where the container rootfs is, as the agent sees it.
    let rootfs: String

    /// The default capabilities Docker and containerd give a container.
    static let defaultCapabilities = [
        "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW", "CAP_SETGID",
        "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL",
        "CAP_AUDIT_WRITE",
    ]

    /// A spec like the one containerd generates for busybox, with `args`.
    func spec(_ args: [String], terminal: Bool = false, readonly: Bool = false, uid: UInt32 = 0) -> Grpc_Spec {
        .with {
            $0.version = "1.1.0"
            $0.hostname = "scenario"
            $0.root = .with {
                $0.path = rootfs
                $0.readonly = readonly
            }
            $0.process = .with {
                $0.args = args
                $0.env = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "SCENARIO=1"]
                $0.cwd = "/"
                $0.terminal = terminal
                $0.user = .with {
                    $0.uid = uid
                    $0.gid = uid
                }
                $0.noNewPrivileges = true
                $0.capabilities = .with {
                    $0.bounding = Self.defaultCapabilities
                    $0.effective = Self.defaultCapabilities
                    $0.permitted = Self.defaultCapabilities
                }
                $0.rlimits = [
                    .with {
                        $0.type = "RLIMIT_NOFILE"
                        $0.hard = 1024
                        $0.soft = 1024
                    }
                ]
            }
            $0.mounts = [
                .with {
                    $0.destination = "/proc"
                    $0.type = "proc"
                    $0.source = "proc"
                    $0.options = ["nosuid", "noexec", "nodev"]
                },
                .with {
                    $0.destination = "/dev"
                    $0.type = "tmpfs"
                    $0.source = "tmpfs"
                    $0.options = ["nosuid", "strictatime", "mode=755", "size=65536k"]
                },
                .with {
                    $0.destination = "/dev/pts"
                    $0.type = "devpts"
                    $0.source = "devpts"
                    $0.options = ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620"]
                },
                .with {
                    $0.destination = "/dev/shm"
                    $0.type = "tmpfs"
                    $0.source = "shm"
                    $0.options = ["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"]
                },
                .with {
                    $0.destination = "/sys"
                    $0.type = "sysfs"
                    $0.source = "sysfs"
                    $0.options = ["nosuid", "noexec", "nodev", "ro"]
                },
            ]
            $0.linux = .with {
                $0.maskedPaths = ["/proc/kcore", "/proc/keys", "/sys/firmware"]
                $0.readonlyPaths = ["/proc/sys", "/proc/sysrq-trigger"]
            }
        }
    }

    /// Creates and starts a container.
    func run(_ id: String, _ spec: Grpc_Spec, sharePID: Bool = false) async throws {
        try await create(id, spec, sharePID: sharePID)
        _ = try await agent.startContainer(.with { $0.containerID = id })
    }

    func create(_ id: String, _ spec: Grpc_Spec, sharePID: Bool = false) async throws {
        _ = try await agent.createContainer(
            .with {
                $0.containerID = id
                $0.execID = id
                $0.oci = spec
                $0.sandboxPidns = sharePID
            })
    }

    /// Reads a stream to end of file.
    func drain(_ id: String, exec: String = "", stderr: Bool = false) async throws -> String {
        var output = Data()
        while true {
            let request = Grpc_ReadStreamRequest.with {
                $0.containerID = id
                $0.execID = exec
                $0.len = 32 * 1024
            }
            let chunk = try await stderr ? agent.readStderr(request) : agent.readStdout(request)
            if chunk.data.isEmpty { break }
            output += chunk.data
        }
        return String(decoding: output, as: UTF8.self)
    }

    func wait(_ id: String, exec: String = "") async throws -> Int32 {
        try await agent.waitProcess(
            .with {
                $0.containerID = id
                $0.execID = exec
            }
        ).status
    }

    func remove(_ id: String) async throws {
        _ = try await agent.removeContainer(.with { $0.containerID = id })
    }

    /// A container's whole life: output, error output and exit status.
    func runToEnd(_ id: String, _ spec: Grpc_Spec) async throws -> (out: String, err: String, status: Int32) {
        try await run(id, spec)
        async let out = drain(id)
        async let err = drain(id, stderr: true)
        let (stdout, stderr) = try await (out, err)
        let status = try await wait(id)
        try await remove(id)
        return (stdout, stderr, status)
    }

    /// Every scenario, in one sandbox; each container is removed before the next one.
    func runAll() async throws {
        // Output, error output and the exit code; the process is PID 1 of its own namespace, with
        // the spec's hostname and environment.
        let basic = try await runToEnd(
            "basic", spec(["sh", "-c", "echo out $$ $(hostname) $SCENARIO; echo err >&2; exit 3"]))
        #expect(basic.out == "out 1 scenario 1\n")
        #expect(basic.err == "err\n")
        #expect(basic.status == 3)

        // stdin reaches the process; closing it ends its input.
        try await run("stdin", spec(["cat"]))
        _ = try await agent.writeStdin(
            .with {
                $0.containerID = "stdin"
                $0.data = Data("through stdin\n".utf8)
            })
        _ = try await agent.closeStdin(.with { $0.containerID = "stdin" })
        #expect(try await drain("stdin") == "through stdin\n")
        #expect(try await wait("stdin") == 0)
        try await remove("stdin")

        // A read-only root refuses writes; the user's uid applies; masked paths read empty.
        let readonly = try await runToEnd(
            "readonly",
            spec(["sh", "-c", "touch /x || echo refused; id -u; ls /sys/firmware | wc -l"], readonly: true, uid: 1000))
        #expect(readonly.out == "refused\n1000\n0\n", "stderr: \(readonly.err)")

        // A signal kills by name; the status is 128+signal. SIGTERM to an init that does not
        // handle it becomes SIGKILL.
        try await run("signal", spec(["sleep", "600"]))
        _ = try await agent.signalProcess(
            .with {
                $0.containerID = "signal"
                $0.signal = 15
            })
        #expect(try await wait("signal") == 137)
        try await remove("signal")

        // exec runs in the container's namespaces; its exit code is its own.
        try await run("long", spec(["sleep", "600"]))
        _ = try await agent.execProcess(
            .with {
                $0.containerID = "long"
                $0.execID = "probe"
                $0.process =
                    spec(["sh", "-c", "echo exec $(hostname) $(cat /proc/1/cmdline | tr '\\0' ' '); exit 5"]).process
            })
        let probe = try await drain("long", exec: "probe")
        #expect(probe == "exec scenario sleep 600\n")
        #expect(try await wait("long", exec: "probe") == 5)

        // A second container sharing the pod's PID namespace sees the first one's processes.
        try await run("peer", spec(["sh", "-c", "cat /proc/1/cmdline | tr '\\0' ' '"]), sharePID: true)
        let peer = try await drain("peer")
        #expect(peer == "sleep 600 ")
        #expect(try await wait("peer") == 0)
        try await remove("peer")

        // A terminal: the process has a tty whose size the host sets, and output arrives on stdout.
        try await run("tty", spec(["sh", "-c", "tty; read go; stty size"], terminal: true))
        _ = try await agent.ttyWinResize(
            .with {
                $0.containerID = "tty"
                $0.row = 30
                $0.column = 100
            })
        _ = try await agent.writeStdin(
            .with {
                $0.containerID = "tty"
                $0.data = Data("go\n".utf8)
            })
        let tty = try await drain("tty")
        // The container's own devpts instance, as under runc.
        #expect(tty.contains("/dev/pts/0") && tty.contains("30 100"), "tty output: \(tty)")
        #expect(try await wait("tty") == 0)
        try await remove("tty")

        // Bad input gets a precise status, and the agent keeps serving.
        let missing = await #expect(throws: TTRPCStatus.self) {
            try await self.run("missing", self.spec(["no-such-program"]))
        }
        #expect(missing?.code == .invalidArgument)
        #expect(missing?.message.contains("no-such-program") == true, "\(missing?.message ?? "")")
        try? await remove("missing")
        let unknown = await #expect(throws: TTRPCStatus.self) {
            _ = try await self.wait("no-such-container")
        }
        #expect(unknown?.code == .notFound)
        let escaping = await #expect(throws: TTRPCStatus.self) {
            try await self.create("../escape", self.spec(["true"]))
        }
        #expect(escaping?.code == .invalidArgument)
        // A closed-set value outside the runtime spec is refused before anything is set up, naming
        // the value; the id stays free.
        let oddSpec: Grpc_Spec = {
            var odd = spec(["true"])
            odd.linux.namespaces = [.with { $0.type = "mnt" }]
            return odd
        }()
        let odd = await #expect(throws: TTRPCStatus.self) { try await self.create("odd", oddSpec) }
        #expect(odd?.code == .invalidArgument)
        #expect(odd?.message.contains("unknown namespace type \"mnt\"") == true, "\(odd?.message ?? "")")
        #expect(try await runToEnd("odd", spec(["true"])).status == 0)

        try await runSeccomp()

        // Metrics of the agent and the guest, in Prometheus text.
        let metrics = try await agent.getMetrics(Grpc_GetMetricsRequest()).metrics
        #expect(metrics.contains("\nkata_agent_process_resident_memory_bytes "), "\(metrics.prefix(500))")
        #expect(metrics.contains("kata_guest_meminfo{item=\"MemTotal\"}"))

        _ = try await agent.signalProcess(
            .with {
                $0.containerID = "long"
                $0.signal = 9
            })
        #expect(try await wait("long") == 137)
        try await remove("long")

        try await resources()
        try await hooks()
        try await pod()
    }

    /// The pod's IPC and UTS namespaces are the sandbox's, so they outlive any container; a
    /// `cgroup` mount shows the container its own cgroup, whose limits are the top files, read-only,
    /// as runc shows them.
    func pod() async throws {
        let first = try await runToEnd("pod-first", spec(["sh", "-c", "readlink /proc/self/ns/ipc; hostname"]))
        let second = try await runToEnd("pod-second", spec(["sh", "-c", "readlink /proc/self/ns/ipc; hostname"]))
        #expect(first.out.hasPrefix("ipc:["), "\(first)")
        #expect(second.out == first.out, "the IPC namespace and hostname must outlive the first container")
        #expect(first.out.hasSuffix("\nscenario\n"), "\(first)")

        var limited = spec([
            "sh", "-c",
            "if [ -f /sys/fs/cgroup/memory.max ]; then cat /sys/fs/cgroup/memory.max /sys/fs/cgroup/cpu.max; "
                + "else cat /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/cpu/cpu.cfs_quota_us "
                + "/sys/fs/cgroup/cpu/cpu.cfs_period_us; fi; mkdir /sys/fs/cgroup/x 2>/dev/null || echo read-only",
        ])
        limited.linux.cgroupsPath = "kata-scenario:pod-cgroup"
        limited.linux.resources = .with {
            $0.memory = .with { $0.limit = 64 << 20 }
            $0.cpu = .with {
                $0.quota = 50_000
                $0.period = 100_000
            }
        }
        limited.mounts.append(
            .with {
                $0.destination = "/sys/fs/cgroup"
                $0.type = "cgroup"
                $0.source = "cgroup"
                $0.options = ["nosuid", "noexec", "nodev", "relatime", "ro"]
            })
        let limits = try await runToEnd("pod-cgroup", limited)
        #expect(
            limits.out == "67108864\n50000 100000\nread-only\n" || limits.out == "67108864\n50000\n100000\nread-only\n",
            "the container must see its own limits: \(limits)")
    }

    /// OCI hooks from the host's spec run in the agent's namespace with the container's state on
    /// stdin; a failing prestart hook fails the container and leaves nothing behind.
    func hooks() async throws {
        // The rootfs's own shell: the agent's root (an initramfs in the guest) may have none.
        let shell = "\(rootfs)/bin/sh"
        let log = "\(rootfs)/hooks.log"
        func hook(_ name: String) -> Grpc_Hook {
            .with {
                $0.path = shell
                $0.args = ["sh", "-c", "read -r state; echo \(name) \"$state\" >> \(log)"]
            }
        }
        var hooked = spec(["sleep", "600"])
        hooked.hooks = .with {
            $0.prestart = [hook("prestart")]
            $0.poststart = [hook("poststart")]
            $0.poststop = [hook("poststop")]
        }
        try await run("hooked", hooked)
        _ = try await agent.signalProcess(
            .with {
                $0.containerID = "hooked"
                $0.signal = 9
            })
        _ = try await wait("hooked")
        try await remove("hooked")
        let lines = try await runToEnd("hook-log", spec(["sh", "-c", "cat /hooks.log; rm /hooks.log"])).out
            .split(separator: "\n")
        #expect(lines.count == 3, "\(lines)")
        #expect(
            lines.first?.hasPrefix("prestart {\"ociVersion\":\"1.0.2\",\"id\":\"hooked\",\"status\":\"created\"")
                == true)
        #expect(lines.dropFirst().first?.contains("\"status\":\"running\"") == true)
        #expect(lines.last?.hasPrefix("poststop") == true && lines.last?.contains("\"status\":\"stopped\"") == true)

        var broken = spec(["true"])
        broken.hooks = .with {
            $0.prestart = [
                .with {
                    $0.path = shell
                    $0.args = ["sh", "-c", "echo no network for you >&2; exit 3"]
                }
            ]
        }
        let failure = await #expect(throws: TTRPCStatus.self) { try await self.run("broken", broken) }
        #expect(failure?.code == .failedPrecondition)
        #expect(failure?.message.contains("exit code 3: no network for you") == true, "\(failure?.message ?? "")")
        // Nothing of the failed container remains: its id is free again.
        #expect(try await runToEnd("broken", spec(["true"])).status == 0)

        // A hook past its timeout is killed and fails the container with DEADLINE_EXCEEDED.
        var slow = spec(["true"])
        slow.hooks = .with {
            $0.prestart = [
                .with {
                    $0.path = shell
                    $0.args = ["sh", "-c", "while :; do :; done"]
                    $0.timeout = 1
                }
            ]
        }
        let late = await #expect(throws: TTRPCStatus.self) { try await self.run("slow", slow) }
        #expect(late?.code == .deadlineExceeded, "\(late?.message ?? "")")
        #expect(try await runToEnd("slow", spec(["true"])).status == 0)
    }

    /// Exec's output and status, for probes inside a running container.
    func exec(
        _ id: String, _ execID: String, _ args: [String]
    ) async throws -> (out: String, err: String, status: Int32) {
        _ = try await agent.execProcess(
            .with {
                $0.containerID = id
                $0.execID = execID
                $0.process = spec(args).process
            })
        async let out = drain(id, exec: execID)
        async let err = drain(id, exec: execID, stderr: true)
        let (stdout, stderr) = try await (out, err)
        return (stdout, stderr, try await wait(id, exec: execID))
    }

    /// Cgroups: the spec's limits apply and show in StatsContainer, UpdateContainer changes them,
    /// a pids limit stops forks, pause freezes, killing "all" reaches forgotten children, and the
    /// OOM killer's work reaches GetOOMEvent.
    func resources() async throws {
        let mebibyte: Int64 = 1 << 20
        var limited = spec(["sleep", "600"])
        limited.linux.cgroupsPath = "kata-scenario:limited"
        limited.linux.resources = .with {
            $0.memory = .with { $0.limit = 64 * mebibyte }
            $0.pids = .with { $0.limit = 20 }
            $0.cpu = .with {
                $0.shares = 512
                $0.quota = 50_000
                $0.period = 100_000
            }
        }
        try await run("limited", limited)
        var stats = try await agent.statsContainer(.with { $0.containerID = "limited" }).cgroupStats
        #expect(stats.memoryStats.usage.limit == UInt64(64 * mebibyte))
        #expect(stats.pidsStats.limit == 20)
        #expect(stats.pidsStats.current >= 1)
        let cgroup = try await exec("limited", "cgroup", ["cat", "/proc/self/cgroup"])
        // On cgroup v2 the exec joins the container's cgroup namespace, rooted at its cgroup.
        #expect(cgroup.out.contains(":/kata-scenario/limited") || cgroup.out == "0::/\n", "\(cgroup.out)")

        _ = try await agent.updateContainer(
            .with {
                $0.containerID = "limited"
                $0.resources = .with {
                    $0.memory = .with { $0.limit = 32 * mebibyte }
                    $0.pids = .with { $0.limit = 3 }
                }
            })
        stats = try await agent.statsContainer(.with { $0.containerID = "limited" }).cgroupStats
        #expect(stats.memoryStats.usage.limit == UInt64(32 * mebibyte))
        #expect(stats.pidsStats.limit == 3)
        // sleep, sh and one child fill the limit: the second child cannot fork.
        let forks = try await exec("limited", "forks", ["sh", "-c", "sleep 30 & sleep 30 & echo started"])
        #expect(forks.status != 0 || !forks.err.isEmpty, "forks: \(forks)")
        #expect(forks.err.contains("fork"), "stderr: \(forks.err)")

        _ = try await agent.pauseContainer(.with { $0.containerID = "limited" })
        let paused = await #expect(throws: TTRPCStatus.self) {
            _ = try await self.exec("limited", "while-paused", ["true"])
        }
        #expect(paused?.code == .failedPrecondition)
        _ = try await agent.resumeContainer(.with { $0.containerID = "limited" })
        #expect(try await exec("limited", "resumed", ["true"]).status == 0)

        // Killing "all" (exec id "" and SIGKILL) reaches the sleep the exec left behind.
        _ = try await agent.signalProcess(
            .with {
                $0.containerID = "limited"
                $0.signal = 9
            })
        #expect(try await wait("limited") == 137)
        stats = try await agent.statsContainer(.with { $0.containerID = "limited" }).cgroupStats
        #expect(stats.pidsStats.current == 0)
        try await remove("limited")

        // A process over its memory limit is killed by the kernel, and the host hears of it.
        var hungry = spec(["tail", "/dev/zero"])
        hungry.linux.resources = .with {
            $0.memory = .with {
                $0.limit = 16 * mebibyte
                $0.swap = 16 * mebibyte
            }
        }
        async let event = agent.getOOMEvent(Grpc_GetOOMEventRequest(), options: .init(timeout: .seconds(60)))
        try await run("hungry", hungry)
        #expect(try await wait("hungry") == 137)
        #expect(try await event.containerID == "hungry")
        try await remove("hungry")

        let unknown = await #expect(throws: TTRPCStatus.self) {
            _ = try await agent.statsContainer(.with { $0.containerID = "no-such-container" })
        }
        #expect(unknown?.code == .notFound)
    }
}
