// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Foundation
import KataConfig
import KataTestSupport
import OCISpec
import Testing

@testable import KataRuntime

/// `static_sandbox_resource_mgmt`: the VM boots with the base size plus the pod's (Kata Go's
/// `CalculateSandboxSizing` / `CalculateContainerSizing`), seen in QEMU's `-smp` and `-m`.
@Suite struct SandboxSizingTests {
    static let host = HostResources(cpuCount: 8, memoryMiB: 16384)
    static let pod = ["io.kubernetes.cri.container-type": "sandbox", "io.kubernetes.cri.sandbox-id": "p"]

    static func loaded(static enabled: Bool = true) -> LoadedConfiguration {
        var configuration = VMCommandLineTests.configuration()
        configuration.runtime.staticSandboxResourceMgmt = enabled
        return LoadedConfiguration(
            configuration: configuration, mainFile: "/test/configuration.toml", dropIns: [], warnings: [])
    }

    static func argv(_ configuration: KataConfiguration, hostMiB: UInt64 = 16384) -> String {
        VMCommandLine.build(
            configuration, paths: VMCommandLineTests.paths, channel: .vsock(guestCID: 3), uuid: "U",
            host: .init(cpus: 8, memoryMiB: hostMiB)
        ).argv.joined(separator: " ")
    }

    static func sized(_ spec: OCISpec.Spec, static enabled: Bool = true) throws -> KataConfiguration {
        try SandboxConfiguration.resolve(loaded(static: enabled), spec: spec, host: host, sandboxID: "sid")
            .configuration
    }

    /// containerd's example: 220 ms per 100 ms is 2.2 CPUs, plus the base 1, rounded up to 4.
    @Test func podAnnotationsSizeTheVM() throws {
        var annotations = Self.pod
        annotations[SandboxConfiguration.cpuQuotaAnnotation] = "220000"
        annotations[SandboxConfiguration.cpuPeriodAnnotation] = "100000"
        annotations[SandboxConfiguration.memoryAnnotation] = "\(3 << 30)"
        let configuration = try Self.sized(OCISpec.Spec(ociVersion: "1.0.2", annotations: annotations))
        let argv = Self.argv(configuration)
        #expect(argv.contains("-smp 4,cores=1,threads=1,sockets=4,maxcpus=4"), "\(argv)")
        #expect(argv.contains("-m 3584M,"), "\(argv)")
        #expect(argv.contains("-object memory-backend-memfd,id=dimm1,size=3584M"))
        #expect(argv.contains("nr_cpus=4"))
    }

    @Test func withoutStaticManagementThePodSizeIsIgnored() throws {
        var annotations = Self.pod
        annotations[SandboxConfiguration.cpuQuotaAnnotation] = "300000"
        annotations[SandboxConfiguration.cpuPeriodAnnotation] = "100000"
        annotations[SandboxConfiguration.memoryAnnotation] = "\(1 << 30)"
        let argv = Self.argv(try Self.sized(OCISpec.Spec(ociVersion: "1.0.2", annotations: annotations), static: false))
        #expect(argv.contains("-smp 1,cores=1,threads=1,sockets=2,maxcpus=2"))
        #expect(argv.contains("-m 512M,"))
    }

    @Test(arguments: [
        // No limits: the base size, and maxcpus shrinks to it as in Go.
        ([:], SandboxConfiguration.Workload(cpus: 0, memoryMiB: 0)),
        // A quota without a period, an unparsable value, a negative (unlimited) memory: all count as 0.
        ([SandboxConfiguration.cpuQuotaAnnotation: "50000"], SandboxConfiguration.Workload(cpus: 0, memoryMiB: 0)),
        ([SandboxConfiguration.memoryAnnotation: "lots"], SandboxConfiguration.Workload(cpus: 0, memoryMiB: 0)),
        ([SandboxConfiguration.memoryAnnotation: "-1"], SandboxConfiguration.Workload(cpus: 0, memoryMiB: 0)),
        (
            [
                SandboxConfiguration.cpuQuotaAnnotation: "-1", SandboxConfiguration.cpuPeriodAnnotation: "100000",
                SandboxConfiguration.memoryAnnotation: "\((1 << 20) + 1)",
            ], SandboxConfiguration.Workload(cpus: 0, memoryMiB: 1)
        ),
        (
            [SandboxConfiguration.cpuQuotaAnnotation: "50000", SandboxConfiguration.cpuPeriodAnnotation: "100000"],
            SandboxConfiguration.Workload(cpus: 0.5, memoryMiB: 0)
        ),
    ])
    func podWorkload(annotations: [String: String], expected: SandboxConfiguration.Workload) {
        let spec = OCISpec.Spec(ociVersion: "1.0.2", annotations: Self.pod.merging(annotations) { _, new in new })
        #expect(SandboxConfiguration.workload(of: spec) == expected)
    }

    @Test func noLimitsBootsTheBaseSize() throws {
        let argv = Self.argv(try Self.sized(OCISpec.Spec(ociVersion: "1.0.2", annotations: Self.pod)))
        #expect(argv.contains("-smp 1,cores=1,threads=1,sockets=1,maxcpus=1"), "\(argv)")
        #expect(argv.contains("-m 512M,"))
    }

    /// `ctr run`: no pod, so the container's own limits size the VM.
    @Test func singleContainerUsesItsOwnLimits() throws {
        let resources = Linux.Resources(memory: .init(limit: 256 << 20), cpu: .init(quota: 150_000, period: 100_000))
        let spec = OCISpec.Spec(ociVersion: "1.0.2", linux: Linux(resources: resources))
        #expect(SandboxConfiguration.workload(of: spec) == .init(cpus: 1.5, memoryMiB: 256))
        let argv = Self.argv(try Self.sized(spec))
        #expect(argv.contains("-smp 3,cores=1,threads=1,sockets=3,maxcpus=3"), "\(argv)")
        #expect(argv.contains("-m 768M,"))
    }

    /// A pod larger than `default_maxmemory` still boots: maxmem follows the sized memory.
    @Test func maximumMemoryFollowsTheSize() throws {
        var annotations = Self.pod
        annotations[SandboxConfiguration.memoryAnnotation] = "\(8 << 30)"
        var loaded = Self.loaded()
        loaded.configuration.hypervisor.defaultMaxMemoryMiB = 4096
        let configuration = try SandboxConfiguration.resolve(
            loaded, spec: OCISpec.Spec(ociVersion: "1.0.2", annotations: annotations), host: Self.host, sandboxID: "sid"
        ).configuration
        let argv = Self.argv(configuration, hostMiB: 4096)
        #expect(argv.contains("-m 8704M,slots=10,maxmem=9728M"), "\(argv)")
    }

    /// The boot request the sandbox hands the hypervisor carries the sized configuration.
    @Test func bootRequestIsSized() async throws {
        try #require(SandboxHarness.canMount, "needs root for the share mounts")
        let harness = try SandboxHarness.make { $0.runtime.staticSandboxResourceMgmt = true }
        let creation = try harness.creation("pod")
        var annotations = Self.pod
        annotations[SandboxConfiguration.cpuQuotaAnnotation] = "200000"
        annotations[SandboxConfiguration.cpuPeriodAnnotation] = "100000"
        annotations[SandboxConfiguration.memoryAnnotation] = "\(1 << 30)"
        try SandboxAnnotationTests.annotate(creation.bundle, annotations)
        _ = try await harness.sandbox.create(creation)
        await harness.tearDown()
        let request = try #require(harness.hypervisor.requests.first)
        let argv = Self.argv(request.configuration.configuration)
        #expect(argv.contains("-smp 3,cores=1,threads=1,sockets=3,maxcpus=3"), "\(argv)")
        #expect(argv.contains("-m 3072M,"), "\(argv)")
    }
}
