// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import OCISpec
import Testing

@testable import KataRuntime

@Suite struct ResourceTranslationTests {
    @Test func constrainedKeepsOnlyWhatTheGuestApplies() {
        let expected = Linux.Resources(
            memory: fullResources.memory,
            cpu: .init(
                shares: 512, quota: 150_000, burst: 10, period: 100_000, realtimeRuntime: 950_000,
                realtimePeriod: 1_000_000, idle: 1),
            hugepageLimits: fullResources.hugepageLimits, rdma: fullResources.rdma, unified: fullResources.unified)
        #expect(OCITranslation.constrained(fullResources) == expected)
    }

    @Test func constrainingNothingGivesNothing() {
        #expect(OCITranslation.constrained(Linux.Resources()) == Linux.Resources())
        let devicesOnly = Linux.Resources(devices: [.init(allow: false, access: "rwm")])
        #expect(OCITranslation.constrained(devicesOnly) == Linux.Resources())
    }

    @Test func createContainerResourcesAreConstrained() throws {
        var spec = try busyboxSpec()
        spec.linux?.resources = fullResources
        let translated = try OCITranslation.translate(spec, context: context())
        #expect(translated.container.spec.linux?.resources == OCITranslation.constrained(fullResources))
    }

    @Test func absentResourcesStayAbsent() throws {
        var spec = try busyboxSpec()
        spec.linux?.resources = nil
        let translated = try OCITranslation.translate(spec, context: context())
        #expect(translated.container.spec.linux?.resources == nil)
    }
}
