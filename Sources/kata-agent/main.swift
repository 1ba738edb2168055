// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataAgentCore
import KataLinux

// The Kata agent: the VM's init in an initrd, or a service under the guest's systemd.
// Usage: kata-agent [--version]

switch CommandLine.arguments.dropFirst().first {
case nil:
    break
case "--version", "-V":
    print("kata-agent \(AgentVersion.agent)")
    CurrentProcess.exit(0)
case "init":
    InitHelper.main()
case let argument?:
    ConsoleLogSink.writeToStandardError("kata-agent: unknown argument '\(argument)'\nusage: kata-agent [--version]\n")
    CurrentProcess.exit(2)
}

// A host or container closing its end of a pipe must fail the write, not kill the agent.
try? Signals.ignore(.pipe)

var environment: [String: String] = [:]
for name in AgentConfiguration.environmentVariables {
    environment[name] = System.environmentValue(name)
}
let launcher = AgentLauncher(
    system: LinuxSystem(), mode: CurrentProcess.isInit ? .initProcess : .service, environment: environment,
    logSink: ConsoleLogSink(buffering: true))
CurrentProcess.exit(await launcher.run())
