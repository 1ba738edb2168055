// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Foundation
import KataConfig
import KataError
import KataTestSupport
import OCISpec
import Testing

@testable import KataRuntime

/// Every annotation the loader accepts reaches what it configures: QEMU's argv, the guest kernel
/// command line, virtiofsd's argv, CreateSandbox; refused ones fail the sandbox with the fix.
@Suite struct SandboxAnnotationTests {
    static let h = Annotations.hypervisorPrefix
    static let r = Annotations.runtimePrefix
    static let a = Annotations.agentPrefix
    static let host = HostResources(cpuCount: 8, memoryMiB: 16384)

    /// A file that allows every hypervisor annotation and the paths the rows use.
    static func loaded() -> LoadedConfiguration {
        var configuration = VMCommandLineTests.configuration()
        configuration.hypervisor.accelerator = .kvm
        configuration.hypervisor.enableAnnotations = [".*"]
        configuration.hypervisor.validHypervisorPaths = ["/usr/bin/qemu-*"]
        configuration.hypervisor.validVirtioFSDaemonPaths = ["/opt/virtiofsd"]
        configuration.hypervisor.validEntropySources = ["/dev/random"]
        return LoadedConfiguration(
            configuration: configuration, mainFile: "/etc/kata-containers/configuration.toml", dropIns: [],
            warnings: [])
    }

    static func spec(_ annotations: [String: String]) -> OCISpec.Spec {
        OCISpec.Spec(ociVersion: "1.0.2", annotations: annotations)
    }

    /// What the sandbox hands to QEMU, virtiofsd and the agent, as one text to search.
    static func effects(of configuration: KataConfiguration) -> String {
        let qemu = VMCommandLine.build(
            configuration, paths: VMCommandLineTests.paths, channel: .vsock(guestCID: 3), uuid: "U",
            host: .init(cpus: 8, memoryMiB: 16384)
        ).argv
        let virtiofsd = VirtioFSDaemon.argv(configuration.hypervisor, socketPath: "/s", sharedDirectory: "/d")
        let sandbox = GuestSandbox.build(id: "sid", pod: GuestSandbox.Pod(hostname: "h"), configuration: configuration)
        let modules = sandbox.kernelModules.map { ([$0.name] + $0.parameters).joined(separator: " ") }
        return (qemu + ["|virtiofsd"] + virtiofsd + ["|hook", sandbox.guestHookPath ?? "-", "|modules"] + modules)
            .joined(separator: " ")
    }

    static let rows: [(annotation: String, value: String, effect: String)] = [
        (h + "path", "/usr/bin/qemu-kvm", "/usr/bin/qemu-kvm -name"),
        (h + "kernel", "/boot/k2", "-kernel /boot/k2"),
        (h + "initrd", "/boot/i2", "-initrd /boot/i2"),
        (h + "firmware", "/fw.bin", "-bios /fw.bin"),
        (h + "kernel_params", "foo=bar quiet", "foo=bar"),
        (h + "machine_type", "microvm", "-machine microvm"),
        (h + "machine_accelerators", "nvdimm", "nvdimm=on"),
        (h + "cpu_features", "pmu=on,+vmx", "-cpu host,pmu=on,+vmx"),
        (h + "default_vcpus", "2", "-smp 2,"),
        (h + "default_max_vcpus", "4", "maxcpus=4"),
        (h + "default_memory", "1024", "-m 1024M"),
        (h + "memory_slots", "4", "slots=4"),
        (h + "memory_offset", "512", "maxmem=17920M"),
        (h + "enable_mem_prealloc", "true", "share=on,prealloc=on"),
        (h + "reclaim_guest_freed_memory", "true", "virtio-balloon-pci"),
        (h + "use_legacy_serial", "true", "console=ttyS0"),
        (h + "entropy_source", "/dev/random", "filename=/dev/random"),
        (h + "virtio_fs_daemon", "/opt/virtiofsd", "|virtiofsd /opt/virtiofsd"),
        (h + "virtio_fs_cache", "always", "cache=always"),
        (h + "virtio_fs_cache_size", "64", "cache-size=64M"),
        (h + "virtio_fs_extra_args", "[\"--thread-pool-size=4\"]", "--thread-pool-size=4"),
        (h + "guest_hook_path", "/usr/share/oci/hooks", "|hook /usr/share/oci/hooks"),
        (a + "kernel_modules", "e1000e EEE=1", "|modules e1000e EEE=1"),
        (a + "container_pipe_size", "65536", "agent.container_pipe_size=65536"),
    ]

    @Test(arguments: rows)
    func annotationTakesEffect(annotation: String, value: String, effect: String) throws {
        let base = Self.effects(of: Self.loaded().configuration)
        let resolved = try SandboxConfiguration.resolve(
            Self.loaded(), spec: Self.spec([annotation: value]), host: Self.host, sandboxID: "sid")
        let effects = Self.effects(of: resolved.configuration)
        #expect(effects.contains(effect), "\(annotation)=\(value): \(effects)")
        #expect(!base.contains(effect), "\(effect) is there without \(annotation)")
    }

    @Test func blockDriverAnnotationDropsTheSCSIController() throws {
        let resolved = try SandboxConfiguration.resolve(
            Self.loaded(), spec: Self.spec([Self.h + "block_device_driver": "virtio-blk"]), host: Self.host,
            sandboxID: "sid")
        let effects = Self.effects(of: resolved.configuration)
        #expect(!effects.contains("virtio-scsi-pci"))
        #expect(!effects.contains("scsi_mod.scan=none"))
    }

    /// Values read where the sandbox uses them rather than on a command line.
    @Test func runtimeAnnotationsReachTheSandboxConfiguration() throws {
        let resolved = try SandboxConfiguration.resolve(
            Self.loaded(),
            spec: Self.spec([
                Self.r + "disable_guest_seccomp": "false", Self.r + "create_container_timeout": "90",
                Self.r + "internetworking_model": "none", Self.r + "disable_new_netns": "true",
                Self.h + "disable_vhost_net": "true", Self.h + "shared_fs": "virtio-fs",
                Self.r + "sandbox_cgroup_only": "true",
            ]), host: Self.host, sandboxID: "sid")
        let runtime = resolved.configuration.runtime
        #expect(runtime.sandboxCgroupOnly)
        #expect(!runtime.disableGuestSeccomp)
        #expect(runtime.createContainerTimeoutSeconds == 90)
        #expect(runtime.internetworkingModel == .none && runtime.disableNewNetns)
        #expect(resolved.configuration.hypervisor.disableVhostNet)
        let context = OCITranslation.Context(
            containerID: "c", sandboxID: "sid", bundlePath: "/b", configuration: resolved.configuration,
            agentSupportsSeccomp: true, sandboxHasSHM: false)
        #expect(!context.disableGuestSeccomp)
    }

    @Test func forbiddenAnnotationNamesTheKeyAndFile() {
        var loaded = Self.loaded()
        loaded.configuration.hypervisor.enableAnnotations = ["kernel_params"]
        #expect {
            try SandboxConfiguration.resolve(
                loaded, spec: Self.spec([Self.h + "default_vcpus": "2"]), host: Self.host, sandboxID: "sid")
        } throws: { error in
            guard let error = error as? KataError else { return false }
            return error.code == .invalidArgument
                && error.message
                    == "sandbox sid: annotation io.katacontainers.config.hypervisor.default_vcpus is not enabled: add "
                    + "\"default_vcpus\" to enable_annotations in [hypervisor.qemu] of "
                    + "/etc/kata-containers/configuration.toml to allow it"
        }
    }

    @Test(arguments: [
        (h + "enable_hugepages", "true", "it sets hypervisor.qemu.enable_hugepages = true, which has no effect here"),
        (h + "rx_rate_limiter_max_rate", "1000", "no tc rate limiter"),
        (h + "disable_image_nvdimm", "true", "is not supported by this runtime"),
        (r + "enable_pprof", "true", "the shim serves no debug endpoint"),
        (a + "cdh_api_timeout", "5", "there is no confidential data hub"),
        (a + "policy", "cGFja2FnZQ==", "the guest agent enforces no policy"),
    ])
    func annotationWithoutEffectIsRefused(annotation: String, value: String, reason: String) {
        #expect {
            try SandboxConfiguration.resolve(
                Self.loaded(), spec: Self.spec([annotation: value]), host: Self.host, sandboxID: "sid")
        } throws: { error in
            let message = (error as? KataError)?.message ?? ""
            return message.contains("annotation \(annotation) is not supported by this runtime")
                && message.contains(reason)
        }
    }

    @Test func sandboxAnnotationsBootTheVMAndLaterContainersChangeNothing() async throws {
        try #require(SandboxHarness.canMount, "needs root for the share mounts")
        let harness = try SandboxHarness.make { configuration in
            configuration.hypervisor.enableAnnotations = ["default_vcpus"]
            configuration.hypervisor.defaultMaxVCPUs = 2
        }
        let sandbox = try harness.creation("pod")
        try Self.annotate(sandbox.bundle, [Self.h + "default_vcpus": "2"])
        _ = try await harness.sandbox.create(sandbox)
        let member = try harness.creation("member")
        try Self.annotate(member.bundle, [Self.h + "default_memory": "4096"])
        _ = try await harness.sandbox.create(member)
        await harness.tearDown()

        let request = try #require(harness.hypervisor.requests.first)
        #expect(harness.hypervisor.bootCount == 1)
        let argv = VMCommandLine.build(
            request.configuration.configuration, paths: request.paths, channel: .vsock(guestCID: 3), uuid: "U",
            host: .init(cpus: 2, memoryMiB: 4096)
        ).argv.joined(separator: " ")
        #expect(argv.contains("-smp 2,cores=1,threads=1,sockets=2,maxcpus=2"))
        #expect(argv.contains("-m 2048M"))
    }

    @Test func forbiddenAnnotationFailsCreateBeforeAnyBoot() async throws {
        try #require(SandboxHarness.canMount, "needs root for the share mounts")
        let harness = try SandboxHarness.make()
        let creation = try harness.creation("pod")
        try Self.annotate(creation.bundle, [Self.h + "default_memory": "4096"])
        await #expect {
            _ = try await harness.sandbox.create(creation)
        } throws: { error in
            ((error as? KataError)?.message ?? "").contains(
                "add \"default_memory\" to enable_annotations in [hypervisor.qemu] of /test/configuration.toml")
        }
        #expect(harness.hypervisor.bootCount == 0)
        #expect(harness.leftovers.isEmpty)
        await harness.tearDown()
    }

    /// Adds annotations to a bundle's config.json.
    static func annotate(_ bundle: String, _ annotations: [String: String]) throws {
        let url = URL(fileURLWithPath: bundle + "/config.json")
        var json = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any] ?? [:]
        var existing = json["annotations"] as? [String: String] ?? [:]
        existing.merge(annotations) { _, new in new }
        json["annotations"] = existing
        try JSONSerialization.data(withJSONObject: json).write(to: url)
    }
}
