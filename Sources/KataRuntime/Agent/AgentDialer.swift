// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import AgentAPI
package import KataError
package import KataLinux
package import Logging
package import NIOCore
package import QEMU
package import TTRPC

/// Connects to the agent and returns only once it answers `grpc.Health/Check`.
///
/// Dials in a loop with short pauses until `dial_timeout` passes (the Go runtime's model, spec
/// §0.3). A dead QEMU ends the wait at once, with QEMU's stderr in the error.
package enum AgentDialer {
    /// Dials `channel`.
    /// - Parameters:
    ///   - channel: the agent channel.
    ///   - timeout: `dial_timeout`.
    ///   - configFile: the configuration file, for messages.
    ///   - qemu: the VM's process, watched for an early exit.
    ///   - group: event loops for the client.
    ///   - logger: the client's logger.
    /// - Returns: a client on which Health.Check answered SERVING.
    /// - Throws: `KataError` (.deadlineExceeded naming `dial_timeout`, or .internal when QEMU died).
    package static func dial(
        _ channel: AgentChannel, timeout: Duration, configFile: String, qemu: SupervisedChild,
        group: any EventLoopGroup,
        logger: Logger
    ) async throws(KataError) -> TTRPCClient {
        let deadline = ContinuousClock.now + timeout
        var lastError = "no attempt finished"
        while ContinuousClock.now < deadline {
            if let termination = qemu.termination {
                throw KataError(
                    .internal,
                    "QEMU exited (\(termination)) before the agent answered: \(qemu.capturedOutput)")
            }
            do {
                let client = try await connect(channel, group: group, logger: logger)
                let remaining = deadline - ContinuousClock.now
                do {
                    // Bytes wait in QEMU's chardev until the guest opens its port, so one call waits out the boot.
                    let answer = try await answerHealth(client, qemu: qemu, timeout: max(remaining, .milliseconds(1)))
                    if answer == .serving { return client }
                    lastError = "agent health is \(answer)"
                } catch {
                    lastError = "\(error)"
                }
                await client.close()
            } catch {
                lastError = "\(error)"
            }
            try? await Task.sleep(for: .milliseconds(20))
        }
        if let termination = qemu.termination {
            throw KataError(
                .internal, "QEMU exited (\(termination)) before the agent answered: \(qemu.capturedOutput)")
        }
        throw KataError(
            .deadlineExceeded,
            "the agent did not answer on \(channel) within dial_timeout=\(timeout.components.seconds)s "
                + "([agent.kata] in \(configFile)); last attempt: \(lastError)")
    }

    private static func connect(
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

    /// Health.Check, abandoned as soon as QEMU exits.
    private static func answerHealth(
        _ client: TTRPCClient, qemu: SupervisedChild, timeout: Duration
    ) async throws -> Grpc_HealthCheckResponse.ServingStatus {
        try await withThrowingTaskGroup(of: Grpc_HealthCheckResponse.ServingStatus?.self) { group in
            group.addTask {
                try await Grpc_HealthClient(client: client).check(Grpc_CheckRequest(), options: .init(timeout: timeout))
                    .status
            }
            group.addTask {
                _ = await qemu.waitUnlessCancelled()
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
