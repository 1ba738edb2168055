// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataAgentCore
import KataLinux
import Logging
import Synchronization
import Testing

@Suite("AgentLauncher")
struct AgentLauncherTests {
    /// Records the configuration the server was started with.
    final class ServerProbe: Sendable {
        let configurations = Mutex<[AgentConfiguration]>([])
        let failure: (any Error & Sendable)?

        init(failure: (any Error & Sendable)? = nil) {
            self.failure = failure
        }

        var server: AgentLauncher.Server {
            { [self] configuration, logger in
                configurations.withLock { $0.append(configuration) }
                logger.info("serving")
                if let failure { throw failure }
            }
        }
    }

    struct ServerFailure: Error, CustomStringConvertible {
        var description: String { "bind failed" }
    }

    static func initrd(commandLine: String) -> [String: String] {
        [
            "/proc/cmdline": commandLine, "/proc/cgroups": "", "/etc/hostname": "sandbox\n",
        ]
    }

    @Test("as init: boot, serve with the command line's configuration, then power off")
    func initHappyPath() async throws {
        let system = RecordingSystem(files: Self.initrd(commandLine: "quiet cgroup_no_v1=all agent.log=debug"))
        let lines = CapturedLines()
        let probe = ServerProbe()
        let status = await AgentLauncher(
            system: system, mode: .initProcess, environment: [:], logSink: lines.sink(buffering: true),
            server: probe.server
        ).run()
        #expect(status == 0)
        #expect(probe.configurations.withLock { $0.map(\.logLevel) } == [.debug])
        let calls = system.callDescriptions
        #expect(calls.first == "mkdir /proc")
        #expect(calls.contains("mount cgroup2 /sys/fs/cgroup nsdelegate"))
        #expect(calls.suffix(2) == ["subreaper", "poweroff"])
        // The debug lines of the base mounts, logged before the level was known, are kept at debug.
        #expect(lines.messages.prefix(2) == ["mounted", "mounted"])
        #expect(lines.messages.contains("serving"))
        #expect(lines.messages.last == "powering off")
    }

    @Test("at the default level the buffered boot lines are dropped")
    func bufferedLinesFiltered() async {
        let system = RecordingSystem(files: Self.initrd(commandLine: "quiet"))
        let lines = CapturedLines()
        _ = await AgentLauncher(
            system: system, mode: .initProcess, environment: [:], logSink: lines.sink(buffering: true),
            server: ServerProbe().server
        ).run()
        #expect(lines.messages.first == "starting kata-agent")
        #expect(!lines.messages.contains("mounted"))
    }

    @Test("as init, a boot failure is logged with every earlier line and powers off; the server never runs")
    func initBootFailure() async {
        let system = RecordingSystem(files: Self.initrd(commandLine: "quiet"))
        system.fail("mount tmpfs /run", with: .noSpace)
        let lines = CapturedLines()
        let probe = ServerProbe()
        let status = await AgentLauncher(
            system: system, mode: .initProcess, environment: [:], logSink: lines.sink(buffering: true),
            server: probe.server
        ).run()
        #expect(status == 1)
        #expect(probe.configurations.withLock { $0.isEmpty })
        #expect(system.callDescriptions.last == "poweroff")
        #expect(lines.messages.filter { $0 == "mounted" }.count == 5)
        let critical = lines.all.first { $0.contains("\"level\":\"CRIT\"") }
        #expect(
            critical?.contains(#""error":"cannot mount tmpfs at /run: mount /run: No space left on device""#) == true)
    }

    @Test("as init, a malformed command line powers off with a message naming the key")
    func initBadCommandLine() async {
        let system = RecordingSystem(files: Self.initrd(commandLine: "agent.container_pipe_size=abc"))
        let lines = CapturedLines()
        let status = await AgentLauncher(
            system: system, mode: .initProcess, environment: [:], logSink: lines.sink(buffering: true),
            server: ServerProbe().server
        ).run()
        #expect(status == 1)
        #expect(system.callDescriptions.last == "poweroff")
        #expect(lines.all.contains { $0.contains("agent.container_pipe_size=abc is invalid") })
    }

    @Test("as init, a server failure still powers off, and a failed power-off is reported")
    func serverFailure() async {
        let system = RecordingSystem(files: Self.initrd(commandLine: ""))
        system.fail("poweroff", with: .notPermitted)
        let lines = CapturedLines()
        let status = await AgentLauncher(
            system: system, mode: .initProcess, environment: [:], logSink: lines.sink(buffering: true),
            server: ServerProbe(failure: ServerFailure()).server
        ).run()
        #expect(status == 1)
        #expect(lines.all.contains { $0.contains(#""msg":"agent server failed""#) && $0.contains("bind failed") })
        #expect(
            lines.all.contains {
                $0.contains(#""msg":"cannot power off""#) && $0.contains("reboot: Operation not permitted")
            })
    }

    @Test("as a service: no mounts, no power-off; unknown keys are warned about; the environment wins")
    func service() async {
        let system = RecordingSystem(files: ["/proc/cmdline": "agent.log=debug agent.foo=1"])
        let lines = CapturedLines()
        let probe = ServerProbe()
        let status = await AgentLauncher(
            system: system, mode: .service, environment: ["KATA_AGENT_SERVER_ADDR": "unix:///tmp/agent.sock"],
            logSink: lines.sink(buffering: true), server: probe.server
        ).run()
        #expect(status == 0)
        #expect(system.callDescriptions == ["subreaper"])
        #expect(probe.configurations.withLock { $0.map(\.serverAddress) } == [.unix(path: "/tmp/agent.sock")])
        #expect(
            lines.all.contains { $0.contains("ignoring unknown kernel command line keys") && $0.contains("agent.foo") })
    }

    @Test("as a service, an unreadable command line exits 1 without powering off")
    func serviceNoCommandLine() async {
        let system = RecordingSystem()
        let status = await AgentLauncher(
            system: system, mode: .service, environment: [:], logSink: CapturedLines().sink(buffering: true),
            server: ServerProbe().server
        ).run()
        #expect(status == 1)
        #expect(system.calls.isEmpty)
    }
}
