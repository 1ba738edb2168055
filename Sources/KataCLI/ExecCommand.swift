// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import ArgumentParser

/// `kata-runtime exec <sandbox-id>`: the guest debug console.
struct ExecCommand: KataSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "exec", abstract: "Enter into guest VM by debug console")
    static let needsConfiguration = true
    /// The agent's debug console port when `--kata-debug-port` is 0.
    static let defaultDebugPort: UInt32 = 1026

    @Option(name: .customLong("kata-debug-port"), help: "Port that debug console is listening on. (Default: 1026)")
    var debugPort: UInt32 = 0

    @Argument(help: "the sandbox id")
    var sandboxID = ""

    func execute(_ context: CommandContext) throws(CLIError) {
        let address = try agentURL(context.dependencies)
        let port = debugPort == 0 ? Self.defaultDebugPort : debugPort
        let target =
            switch address {
            case .vsock(let contextID, _): AgentURL.vsock(contextID: contextID, port: port)
            case .hybridVsock(let path, _): AgentURL.hybridVsock(path: path, port: port)
            }
        try context.dependencies.debugConsole.attach(target)
    }

    /// Validates the id and asks the sandbox's shim where its agent listens.
    /// - Parameter dependencies: the shim-monitor client and state directory.
    /// - Returns: the parsed agent URL.
    /// - Throws: ``CLIError`` for a bad id, a missing socket, a failed request or an unknown scheme.
    func agentURL(_ dependencies: CLIDependencies) throws(CLIError) -> AgentURL {
        try SandboxID.validate(sandboxID)
        let socket = "\(dependencies.sandboxStateRoot)/\(sandboxID)/shim-monitor.sock"
        let response: ShimMonitorResponse
        do {
            response = try dependencies.shimMonitor.get(socketPath: socket, path: "/agent-url")
        } catch {
            switch error {
            case .noSocket:
                throw CLIError(
                    "sandbox \(sandboxID) has no shim-monitor socket at \(socket): is the sandbox running?")
            case .transport(let reason):
                throw CLIError("Get \"http://shim/agent-url\": \(reason)")
            }
        }
        guard response.status == 200 else {
            throw CLIError("Failure from \(sandboxID) shim-monitor: \(response.status)")
        }
        return try AgentURL.parse(response.body)
    }
}
