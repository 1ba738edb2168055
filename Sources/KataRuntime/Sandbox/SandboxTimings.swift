// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

/// How long each phase of a sandbox's life took, for the shim's log and `make bench`.
package struct SandboxTimings: Sendable, Equatable, CustomStringConvertible {
    /// Checking the configuration and the guest assets, making directories and the share mounts.
    package var configuration: Duration?
    /// Starting virtiofsd until its socket exists.
    package var virtioFSDaemonStart: Duration?
    /// Spawning QEMU until QMP is ready.
    package var qemuSpawn: Duration?
    /// From QMP ready until the agent answered Health.Check.
    package var guestBoot: Duration?
    /// CreateSandbox (and GetGuestDetails).
    package var createSandbox: Duration?
    /// The latest container's host preparation and CreateContainer.
    package var createContainer: Duration?
    /// The latest StartContainer or ExecProcess.
    package var startContainer: Duration?
    /// Stopping the sandbox: container removal, DestroySandbox, QEMU's exit, clean-up.
    package var teardown: Duration?

    /// No phase measured yet.
    package init() {}

    /// The phases in order as (name, milliseconds), unmeasured ones left out.
    package var milliseconds: [(name: String, milliseconds: Double)] {
        let phases: [(String, Duration?)] = [
            ("config", configuration), ("virtiofsd", virtioFSDaemonStart), ("qemu_spawn", qemuSpawn),
            ("guest_boot", guestBoot), ("create_sandbox", createSandbox), ("create_container", createContainer),
            ("start_container", startContainer), ("teardown", teardown),
        ]
        return phases.compactMap { name, duration in
            guard let duration else { return nil }
            let components = duration.components
            return (name, Double(components.seconds) * 1000 + Double(components.attoseconds) / 1e15)
        }
    }

    /// `config=3.1ms virtiofsd=12.0ms …`.
    package var description: String {
        milliseconds.map { "\($0.name)=\(($0.milliseconds * 10).rounded() / 10)ms" }.joined(separator: " ")
    }
}
