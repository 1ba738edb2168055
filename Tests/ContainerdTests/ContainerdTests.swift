// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Foundation
import KataTestSupport
import Testing

/// The real `ctr` against the test containerd (scripts/containerd.sh), with runc: the reference
/// every scenario's expected output was checked against.
@Suite(
    "ctr with io.containerd.runc.v2",
    .enabled(
        if: ContainerdEnvironment.unavailableReason == nil,
        Comment(rawValue: ContainerdEnvironment.unavailableReason ?? ""))
)
struct RuncContainerdTests {
    let scenarios: ContainerdScenarios

    init() throws { scenarios = try ContainerdScenarios(runtime: .runc) }

    @Test(arguments: ForegroundScenario.all)
    func foreground(_ scenario: ForegroundScenario) async throws { try await scenarios.foreground(scenario) }

    @Test func detachedLifecycle() async throws { try await scenarios.detachedLifecycle() }

    @Test func foregroundSignal() async throws { try await scenarios.foregroundSignal() }

    @Test func foregroundKilled() async throws { try await scenarios.foregroundKilled() }

    @Test func concurrentContainers() async throws { try await scenarios.concurrentContainers() }
}

/// The same scenarios through containerd-shim-kata-v2, one VM per container. Serialized: each VM
/// boots under TCG on a shared two-core host.
@Suite(
    "ctr with io.containerd.kata.v2",
    .serialized, .bootsVM,
    .enabled(
        if: ContainerdEnvironment.kataUnavailableReason == nil,
        Comment(rawValue: ContainerdEnvironment.kataUnavailableReason ?? ""))
)
struct KataContainerdTests {
    let scenarios: ContainerdScenarios

    init() throws { scenarios = try ContainerdScenarios(runtime: .kata) }

    @Test(arguments: ForegroundScenario.all)
    func foreground(_ scenario: ForegroundScenario) async throws { try await scenarios.foreground(scenario) }

    @Test func detachedLifecycle() async throws { try await scenarios.detachedLifecycle() }

    @Test func foregroundSignal() async throws { try await scenarios.foregroundSignal() }

    @Test func foregroundKilled() async throws { try await scenarios.foregroundKilled() }

    @Test func concurrentContainers() async throws { try await scenarios.concurrentContainers() }

    @Test func podMembersShareOneVM() async throws { try await scenarios.podMembersShareOneVM() }

    @Test func shimCrashIsCleanedUp() async throws { try await scenarios.shimCrashIsCleanedUp() }

    @Test func oomKillIsReported() async throws { try await scenarios.oomKillIsReported() }

    @Test func missingKernelIsNamed() async throws { try await scenarios.missingKernelIsNamed() }

    @Test func annotationsAreRefusedOrApplied() async throws { try await scenarios.annotationsAreRefusedOrApplied() }

    @Test(.enabled(if: getuid() == 0, "needs root for `ip netns add`"))
    func podNetworkReachesTheHost() async throws { try await scenarios.podNetworkReachesTheHost() }

    @Test(.enabled(if: getuid() == 0, "needs root for `ip netns add`"))
    func podNetworkIsCleanedUpAfterShimCrash() async throws {
        try await scenarios.podNetworkIsCleanedUpAfterShimCrash()
    }
}
