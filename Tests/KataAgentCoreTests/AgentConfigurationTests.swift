// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataAgentCore
import Logging
import Testing

@Suite("AgentConfiguration")
struct AgentConfigurationTests {
    /// Builds the expected configuration from the defaults.
    static func config(_ change: (inout AgentConfiguration) -> Void) -> AgentConfiguration {
        var configuration = AgentConfiguration()
        change(&configuration)
        return configuration
    }

    @Test("defaults are Kata's")
    func defaults() throws {
        let configuration = try AgentConfiguration(commandLine: "")
        #expect(configuration.logLevel == .info)
        #expect(configuration.serverAddress == .vsock(cid: 0xFFFF_FFFF, port: 1024))
        #expect(configuration.hotplugTimeout == .seconds(3))
        #expect(configuration.cgroupVersion == .v1)
        #expect(configuration == AgentConfiguration())
    }

    @Test(
        "command-line keys",
        arguments: [
            ("agent.log=debug", config { $0.logLevel = .debug }),
            ("agent.log=critical", config { $0.logLevel = .critical }),
            ("agent.log=fatal", config { $0.logLevel = .critical }),
            ("agent.log=panic", config { $0.logLevel = .critical }),
            ("agent.log=error", config { $0.logLevel = .error }),
            ("agent.log=warn", config { $0.logLevel = .warning }),
            ("agent.log=warning", config { $0.logLevel = .warning }),
            ("agent.log=info", config { $0.logLevel = .info }),
            ("agent.log=trace", config { $0.logLevel = .trace }),
            ("agent.log=DEBUG", config { $0.logLevel = .debug }),
            ("agent.debug_console", config { $0.debugConsole = true }),
            ("agent.debug_console=true", config { $0.debugConsole = true }),
            ("agent.debug_console=0", config { $0.debugConsole = false }),
            ("agent.debug_console=2", config { $0.debugConsole = true }),
            (
                "agent.debug_console agent.debug_console_vport=1026",
                config {
                    $0.debugConsole = true
                    $0.debugConsoleVsockPort = 1026
                }
            ),
            ("agent.log_vport=1025", config { $0.logVsockPort = 1025 }),
            ("agent.server_addr=vsock://3:2048", config { $0.serverAddress = .vsock(cid: 3, port: 2048) }),
            ("agent.server_addr=unix:///run/agent.sock", config { $0.serverAddress = .unix(path: "/run/agent.sock") }),
            (
                "agent.server_addr=serial://agent.channel.0",
                config { $0.serverAddress = .serial(name: "agent.channel.0") }
            ),
            ("agent.container_pipe_size=2097152", config { $0.containerPipeSize = 2_097_152 }),
            ("agent.hotplug_timeout=10", config { $0.hotplugTimeout = .seconds(10) }),
            ("agent.devmode", config { $0.devMode = true }),
            ("agent.trace=true", config { $0.tracing = true }),
            ("cgroup_no_v1=all", config { $0.cgroupVersion = .v2 }),
            ("cgroup_no_v1=memory", config { $0.cgroupVersion = .v1 }),
            ("systemd.unified_cgroup_hierarchy=1", config { $0.cgroupVersion = .v2 }),
            ("systemd.unified_cgroup_hierarchy=true", config { $0.cgroupVersion = .v2 }),
            ("systemd.unified_cgroup_hierarchy=0", config { $0.cgroupVersion = .v1 }),
            ("cgroup_no_v1=all systemd.unified_cgroup_hierarchy=0", config { $0.cgroupVersion = .v2 }),
            ("agent.log=debug agent.log=warn", config { $0.logLevel = .warning }),
            (
                "agent.cdh_api_timeout=50 agent.https_proxy=http://u:p@proxy agent.log=info",
                config {
                    $0.unknownKeys = ["agent.cdh_api_timeout", "agent.https_proxy"]
                }
            ),
            ("console=hvc0 quiet panic=1 root= init=/sbin/init -- agent.log=debug", AgentConfiguration()),
            (
                "tsc=reliable no_timer_check rcupdate.rcu_expedited=1 i8042.direct=1 reboot=k console=hvc0 "
                    + "console=hvc1 debug panic=1 nr_cpus=2 selinux=0 agent.log=debug agent.debug_console "
                    + "agent.debug_console_vport=1026 cgroup_no_v1=all systemd.unified_cgroup_hierarchy=1\n",
                config {
                    $0.logLevel = .debug
                    $0.debugConsole = true
                    $0.debugConsoleVsockPort = 1026
                    $0.cgroupVersion = .v2
                }
            ),
        ]
    )
    func commandLine(text: String, expected: AgentConfiguration) throws {
        #expect(try AgentConfiguration(commandLine: text) == expected)
    }

    @Test(
        "a malformed value of a known key names the key and the value",
        arguments: [
            (
                "agent.container_pipe_size=abc",
                "kernel command line parameter agent.container_pipe_size=abc is invalid: expected a byte count from 0 to 2147483647"
            ),
            (
                "agent.container_pipe_size=-1",
                "kernel command line parameter agent.container_pipe_size=-1 is invalid: expected a byte count from 0 to 2147483647"
            ),
            (
                "agent.log=loud",
                "kernel command line parameter agent.log=loud is invalid: expected one of critical, fatal, panic, error, warn, warning, info, debug, trace"
            ),
            (
                "agent.log",
                "kernel command line parameter agent.log needs a value: expected one of critical, fatal, panic, error, warn, warning, info, debug, trace"
            ),
            (
                "agent.debug_console=maybe",
                "kernel command line parameter agent.debug_console=maybe is invalid: expected true, false or an integer"
            ),
            (
                "agent.log_vport=99999999999",
                "kernel command line parameter agent.log_vport=99999999999 is invalid: expected a port number"
            ),
            (
                "agent.hotplug_timeout=3s",
                "kernel command line parameter agent.hotplug_timeout=3s is invalid: expected a whole number of seconds"
            ),
            (
                "agent.server_addr=tcp://1.2.3.4:1",
                "kernel command line parameter agent.server_addr=tcp://1.2.3.4:1 is invalid: expected vsock://<cid>:<port>, unix://<path> or serial://<virtio-serial port name>"
            ),
            (
                "systemd.unified_cgroup_hierarchy=yes",
                "kernel command line parameter systemd.unified_cgroup_hierarchy=yes is invalid: expected true, false or an integer"
            ),
        ]
    )
    func malformed(text: String, message: String) {
        #expect {
            try AgentConfiguration(commandLine: "quiet " + text + " panic=1")
        } throws: { error in
            (error as? AgentConfiguration.Error)?.description == message
        }
    }

    @Test("a malformed value is a typed error")
    func typedError() {
        #expect(
            throws: AgentConfiguration.Error.invalidParameter(
                key: "agent.container_pipe_size", value: "abc", expected: "a byte count from 0 to 2147483647")
        ) {
            try AgentConfiguration(commandLine: "agent.container_pipe_size=abc")
        }
    }

    @Test(
        "environment variables override the command line",
        arguments: [
            (
                ["KATA_AGENT_SERVER_ADDR": "unix:///tmp/a.sock"],
                config {
                    $0.serverAddress = .unix(path: "/tmp/a.sock")
                    $0.logLevel = .debug
                }
            ),
            (
                ["KATA_AGENT_LOG_LEVEL": "trace"],
                config {
                    $0.serverAddress = .serial(name: "agent.channel.0")
                    $0.logLevel = .trace
                }
            ),
            (
                ["KATA_AGENT_LOG_LEVEL": "", "OTHER": "x"],
                config {
                    $0.serverAddress = .serial(name: "agent.channel.0")
                    $0.logLevel = .debug
                }
            ),
        ] as [([String: String], AgentConfiguration)]
    )
    func environment(environment: [String: String], expected: AgentConfiguration) throws {
        let text = "agent.log=debug agent.server_addr=serial://agent.channel.0"
        #expect(try AgentConfiguration(commandLine: text, environment: environment) == expected)
    }

    @Test("a malformed environment value names the variable")
    func malformedEnvironment() {
        #expect(
            throws: AgentConfiguration.Error.invalidEnvironmentVariable(
                name: "KATA_AGENT_SERVER_ADDR", value: "vsock://x:1",
                expected: "vsock://<cid>:<port>, unix://<path> or serial://<virtio-serial port name>")
        ) {
            try AgentConfiguration(commandLine: "", environment: ["KATA_AGENT_SERVER_ADDR": "vsock://x:1"])
        }
    }
}
