// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Foundation
import KataConfig
import KataError
import KataLinux
import KataTestSupport
import NIOPosix
import QEMU
import Testing

@testable import KataRuntime

/// Bad input is refused before anything is started or created.
@Suite struct PodInputErrorTests {
    static func pod(
        _ configuration: LoadedConfiguration, facts: VirtualizationFacts? = nil
    ) -> (
        PodFixture.VMSandbox, String
    ) {
        let vm = PodFixture.vmSandbox(
            configuration, facts: facts ?? VirtualizationFacts(cpuFlags: ["vmx"], hasDevKVM: true))
        return (vm, vm.sandboxID)
    }

    /// A bundle with only config.json (no rootfs needed: the checks come first).
    static func bareBundle() throws -> String {
        let directory = NSTemporaryDirectory() + "kata-rt-bare-" + UUID().uuidString.prefix(8).lowercased()
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try Data(busyboxConfigJSON.utf8).write(to: URL(fileURLWithPath: directory + "/config.json"))
        return directory
    }

    static func error(_ body: () async throws -> Void) async -> KataError? {
        do {
            try await body()
            return nil
        } catch let error as KataError {
            return error
        } catch {
            Issue.record("not a KataError: \(error)")
            return nil
        }
    }

    @Test func missingKernelNamesTheKeyAndTheFile() async throws {
        var loaded = PodFixture.configuration()
        loaded.configuration.hypervisor.kernel = "/nonexistent/vmlinuz.container"
        let (pod, sid) = Self.pod(loaded)
        let bundle = try Self.bareBundle()
        let error = try #require(
            await Self.error {
                try await pod.create("c1", bundle: bundle)
            })
        #expect(error.code == .invalidArgument)
        #expect(error.message.contains("kernel = \"/nonexistent/vmlinuz.container\""))
        #expect(error.message.contains("[hypervisor.qemu]"))
        #expect(error.message.contains("/test/configuration.toml"))
        #expect(PodFixture.leftovers(of: sid).isEmpty)
    }

    @Test func kvmWithoutHardwareVirtualizationIsRefusedWithAdvice() async throws {
        var loaded = PodFixture.configuration()
        loaded.configuration.hypervisor.accelerator = .kvm
        let (pod, sid) = Self.pod(loaded, facts: VirtualizationFacts(cpuFlags: ["sse2"], hasDevKVM: true))
        let bundle = try Self.bareBundle()
        let error = try #require(
            await Self.error {
                try await pod.create("c1", bundle: bundle)
            })
        #expect(error.code == .invalidArgument)
        #expect(error.message.contains("accelerator = \"kvm\" in /test/configuration.toml"))
        #expect(error.message.contains("accelerator = \"tcg\""))
        #expect(PodFixture.leftovers(of: sid).isEmpty)
    }

    @Test func bundleWithoutConfigJSONIsRefused() async throws {
        let (pod, _) = Self.pod(PodFixture.configuration())
        let empty = NSTemporaryDirectory() + "kata-rt-empty-" + UUID().uuidString.prefix(8).lowercased()
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        let error = try #require(
            await Self.error {
                try await pod.create("c1", bundle: empty)
            })
        #expect(error.code == .invalidArgument)
        #expect(error.message == "container c1: bundle \(empty): config.json not found")
    }

    @Test func operationsOnAnUnknownContainerAreNotFound() async throws {
        let (pod, _) = Self.pod(PodFixture.configuration())
        let error = try #require(
            await Self.error { try await pod.sandbox.kill(ProcessKey(containerID: "c1"), signal: 9, all: false) })
        #expect(error.code == .notFound)
        #expect(error.message == "container c1: not found")
        try await pod.tearDown()
    }
}
