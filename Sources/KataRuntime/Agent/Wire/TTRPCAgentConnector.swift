// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import AgentAPI
package import KataConfig
package import KataError
import KataLinux
package import Logging
package import NIOCore
import TTRPC

/// Connects to the agent and returns only once it answers `grpc.Health/Check`.
///
/// Dials in a loop with short pauses until `dial_timeout` passes (the Go runtime's model, spec
/// §0.3): with virtio-serial the socket answers at once but the guest opens its port only late in
/// its boot. A dead VM ends the wait at once, with QEMU's stderr in the error.
package struct TTRPCAgentConnector: AgentConnector {
    private let sandboxID: String
    private let group: any EventLoopGroup
    private let logger: Logger

    /// A connector.
    /// - Parameters:
    ///   - sandboxID: the sandbox, for messages.
    ///   - group: event loops for the client.
    ///   - logger: the client's logger.
    package init(sandboxID: String, group: any EventLoopGroup, logger: Logger) {
        self.sandboxID = sandboxID
        self.group = group
        self.logger = logger
    }

    /// Dials until Health.Check answers SERVING, for at most `dial_timeout`.
    package func connect(
        to vm: any VirtualMachine, configuration: LoadedConfiguration
    ) async throws(KataError) -> any AgentClient {
        let agent = configuration.configuration.agent
        let timeout = Duration.seconds(Int64(agent.dialTimeoutSeconds))
        let createContainerTimeout = Duration.seconds(
            Int64(configuration.configuration.runtime.createContainerTimeoutSeconds))
        let configFile = configuration.file(settingKey: "agent.kata.dial_timeout")
        let channel = vm.agentChannel
        let deadline = ContinuousClock.now + timeout
        var lastError = "no attempt finished"
        while ContinuousClock.now < deadline {
            if let exit = vm.exit {
                throw Self.exitedEarly(exit, vm: vm)
            }
            do {
                let client = try await Self.dial(channel, group: group, logger: logger)
                let remaining = deadline - ContinuousClock.now
                do {
                    // Bytes wait in QEMU's chardev until the guest opens its port, so one call waits out the boot.
                    let answer = try await Self.health(client, vm: vm, timeout: max(remaining, .milliseconds(1)))
                    if answer == .serving {
                        return TTRPCAgentClient(
                            connection: client, sandboxID: sandboxID, createContainerTimeout: createContainerTimeout)
                    }
                    lastError = "agent health is \(answer)"
                } catch {
                    lastError = "\(error)"
                }
                await client.close()
            } catch {
                lastError = "\(error)"
            }
            // A retry after a refused connection, not a poll of state: there is no event to wait on.
            try? await Task.sleep(for: .milliseconds(20))
        }
        if let exit = vm.exit {
            throw Self.exitedEarly(exit, vm: vm)
        }
        throw KataError(
            .deadlineExceeded,
            "the agent did not answer on \(channel) within dial_timeout=\(timeout.components.seconds)s "
                + "([agent.kata] in \(configFile)); last attempt: \(lastError)")
    }

    /// QEMU's end before the agent answered, with what QEMU said (a kill from outside says nothing).
    private static func exitedEarly(_ exit: some CustomStringConvertible, vm: any VirtualMachine) -> KataError {
        let output = vm.hypervisorOutput.trimmingWhitespace
        let said = output.isEmpty ? "; it printed nothing (killed from outside?)" : ": \(output)"
        return KataError(.internal, "QEMU exited (\(exit)) before the agent answered\(said)")
    }

    private static func dial(
        _ channel: AgentChannel, group: any EventLoopGroup, logger: Logger
    ) async throws -> TTRPCClient {
        switch channel {
        case .serial(let path):
            return try await TTRPCClient.connect(unixSocketPath: path, group: group, logger: logger)
        case .vsock(let cid):
            return try await TTRPCClient.connect(
                vsockCID: cid, port: AgentChannel.vsockPort, group: group, logger: logger)
        }
    }

    /// Health.Check, abandoned as soon as the VM ends.
    private static func health(
        _ client: TTRPCClient, vm: any VirtualMachine, timeout: Duration
    ) async throws -> Grpc_HealthCheckResponse.ServingStatus {
        try await withThrowingTaskGroup(of: Grpc_HealthCheckResponse.ServingStatus?.self) { group in
            group.addTask {
                try await Grpc_HealthClient(client: client).check(Grpc_CheckRequest(), options: .init(timeout: timeout))
                    .status
            }
            group.addTask {
                _ = await vm.waitUnlessCancelled()
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let status = first else {
                throw KataError(.internal, "QEMU exited during Health.Check")
            }
            return status
        }
    }
}
