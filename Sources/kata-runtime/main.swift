// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Foundation
import KataCLI

let environment = ProcessInfo.processInfo.environment
let executable =
    (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
let dependencies = CLIDependencies(
    host: RootedHostFacts.current(),
    runner: ProcessCommandRunner(
        searchPath: environment["PATH"] ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"),
    kvm: LocalKVMDevice(),
    shimMonitor: UnixShimMonitorClient(),
    debugConsole: TerminalDebugConsole(),
    loadConfiguration: ConfigurationWiring.load,
    defaultConfigPaths: ConfigurationWiring.defaultPaths,
    environment: environment,
    clock: LogClock.now,
    processID: ProcessInfo.processInfo.processIdentifier,
    executablePath: executable,
    standardOutput: FileHandleSink(.standardOutput),
    standardError: FileHandleSink(.standardError))
exit(KataRuntimeCLI(dependencies: dependencies).run(Array(CommandLine.arguments.dropFirst())))
