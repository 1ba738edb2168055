// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Testing

@testable import KataConfig

/// One row per annotation rule: the annotations, and the resulting configuration or the error text.
@Suite struct AnnotationTests {
    enum Outcome: Sendable, CustomStringConvertible {
        case error(String)
        case value(@Sendable (KataConfiguration) -> Bool)

        var description: String {
            switch self {
            case .error(let text): "error: \(text)"
            case .value: "value check"
            }
        }
    }

    static let h = Annotations.hypervisorPrefix
    static let r = Annotations.runtimePrefix
    static let a = Annotations.agentPrefix

    static func base() throws -> KataConfiguration {
        let text =
            Fixture.minimal + """
                enable_annotations = ["kernel_params", "default_vcpus", "default_max_vcpus", "default_memory", "path$", "virtio_fs", "hot_plug_vfio", "cold_plug_vfio", "blk_", "entropy_source", "msize_9p", "enable_iommu", "shared_fs", "indep_iothreads"]
                valid_hypervisor_paths = ["/usr/bin/qemu-*"]
                valid_virtio_fs_daemon_paths = ["/usr/lib/qemu/virtiofsd", "/usr/libexec/*"]
                kernel_params = "quiet console=hvc0"

                """
        return try Fixture.load(text).configuration
    }

    static let rows: [(String, [String: String], Outcome)] = [
        (
            "not enabled", [h + "machine_type": "q35"],
            .error(
                "annotation \(h)machine_type is not enabled: add \"machine_type\" to enable_annotations in [hypervisor.qemu] of configuration.toml to allow it"
            )
        ),
        ("unanchored regex", [h + "virtio_fs_cache_size": "64"], .value { $0.hypervisor.virtioFSCacheSizeMiB == 64 }),
        (
            "allowed but without effect", [h + "enable_iommu_platform": "true"],
            .error(
                "annotation \(h)enable_iommu_platform is not supported by this runtime: it sets hypervisor.qemu.enable_iommu_platform = true, which has no effect here"
            )
        ),
        (
            "allowed but unknown", [h + "virtio_fs_queue_depth": "8"],
            .error("annotation \(h)virtio_fs_queue_depth is not supported by this runtime")
        ),
        (
            "off value of an unsupported key", [h + "enable_iommu": "false"],
            .value { !$0.hypervisor.enableIOMMU }
        ),
        ("config path refused", [Annotations.configPath: "/tmp/x.toml"], .error("is not supported by this runtime")),
        (
            "kernel params replace by key", [h + "kernel_params": "console=ttyS0 debug"],
            .value { $0.hypervisor.kernelParams == ["quiet", "console=ttyS0", "debug"] }
        ),
        ("vcpus", [h + "default_vcpus": "2.5"], .value { $0.hypervisor.defaultVCPUs == 2.5 }),
        (
            "vcpus above host", [h + "default_vcpus": "32"],
            .error(
                "Number of cpus 32.000000 specified in annotation default_vcpus is greater than the number of CPUs 8 on the system"
            )
        ),
        (
            "vcpus not a number", [h + "default_vcpus": "many"],
            .error("invalid value \"many\" for annotation \(h)default_vcpus: expected a number")
        ),
        (
            "max vcpus above host", [h + "default_max_vcpus": "9"],
            .error("Number of cpus 9 in annotation default_max_vcpus is greater than the number of CPUs 8")
        ),
        ("memory", [h + "default_memory": "4096"], .value { $0.hypervisor.defaultMemoryMiB == 4096 }),
        (
            "memory above the host", [h + "default_memory": "999999"],
            .error("Memory specified in annotation \(h)default_memory (999999 MiB) is more than a VM may have here")
        ),
        (
            "memory below minimum", [h + "default_memory": "128"],
            .error(
                "Memory specified in annotation \(h)default_memory is less than minimum required 256, please specify a larger value"
            )
        ),
        (
            "memory not a number", [h + "default_memory": "2Gi"],
            .error("invalid value \"2Gi\" for annotation \(h)default_memory: expected an unsigned integer")
        ),
        ("path allowed", [h + "path": "/usr/bin/qemu-kvm"], .value { $0.hypervisor.path == "/usr/bin/qemu-kvm" }),
        (
            "path glob stops at slash", [h + "path": "/usr/bin/qemu-x/evil"],
            .error(
                "annotation \(h)path: hypervisor /usr/bin/qemu-x/evil required from annotation is not valid (valid_hypervisor_paths = [\"/usr/bin/qemu-*\"])"
            )
        ),
        (
            "virtiofsd allowed", [h + "virtio_fs_daemon": "/usr/lib/qemu/virtiofsd"],
            .value { $0.hypervisor.virtioFSDaemon == "/usr/lib/qemu/virtiofsd" }
        ),
        (
            "virtiofsd refused", [h + "virtio_fs_daemon": "/tmp/virtiofsd"],
            .error("virtiofs daemon /tmp/virtiofsd required from annotation is not valid")
        ),
        (
            "entropy with empty list", [h + "entropy_source": "/dev/random"],
            .error("entropy source /dev/random required from annotation is not valid (valid_entropy_sources = [])")
        ),
        (
            "virtio-fs extra args JSON", [h + "virtio_fs_extra_args": "[\"--foo\"]"],
            .value { $0.hypervisor.virtioFSExtraArgs == ["--foo"] }
        ),
        (
            "virtio-fs extra args not JSON", [h + "virtio_fs_extra_args": "--foo"],
            .error("expected a JSON array of strings")
        ),
        (
            "virtio-fs cache", [h + "virtio_fs_cache": "sometimes"],
            .error(
                "invalid value \"sometimes\" for annotation \(h)virtio_fs_cache: expected one of never, metadata, auto, always"
            )
        ),
        ("vfio refused", [h + "hot_plug_vfio": "root-port"], .error("VFIO devices are not supported")),
        ("shared fs only 9p or virtio-fs", [h + "shared_fs": "none"], .error("expected virtio-9p or virtio-fs")),
        (
            "sector size without block devices", [h + "blk_logical_sector_size": "4096"],
            .error("it sets hypervisor.qemu.block_device_logical_sector_size = 4096, which has no effect here")
        ),
        ("msize zero", [h + "msize_9p": "0"], .error("expected a 9p message size above 0")),
        ("msize without 9p", [h + "msize_9p": "4096"], .error("virtio-9p is not supported")),
        ("iothreads range", [h + "indep_iothreads": "51"], .error("expected a number of iothreads in 1...50")),
        ("bool parsing", [h + "enable_iommu": "F"], .value { !$0.hypervisor.enableIOMMU }),
        (
            "bool error", [h + "enable_iommu": "yes"],
            .error("invalid value \"yes\" for annotation \(h)enable_iommu: expected a boolean")
        ),
        (
            "runtime not gated", [r + "sandbox_cgroup_only": "true", r + "disable_guest_seccomp": "false"],
            .value { $0.runtime.sandboxCgroupOnly && !$0.runtime.disableGuestSeccomp }
        ),
        (
            "runtime without effect", [r + "enable_pprof": "true"],
            .error("annotation \(r)enable_pprof is not supported by this runtime")
        ),
        (
            "runtime unknown", [r + "keep_abnormal": "true"],
            .error("annotation \(r)keep_abnormal is not supported by this runtime")
        ),
        (
            "runtime network model", [r + "internetworking_model": "bridged"],
            .error("Unknown network model specified in annotation \(r)internetworking_model: \"bridged\"")
        ),
        (
            "runtime netns needs none", [r + "disable_new_netns": "true"],
            .error("config disable_new_netns only works with 'none' internetworking_model")
        ),
        (
            "runtime netns with none", [r + "disable_new_netns": "true", r + "internetworking_model": "none"],
            .value { $0.runtime.disableNewNetns }
        ),
        (
            "runtime vfio mode", [r + "vfio_mode": "passthrough"],
            .error("Unknown VFIO mode \"passthrough\" in annotation \(r)vfio_mode")
        ),
        ("runtime experimental", [r + "experimental": "newstore"], .error("Unsupported experimental feature newstore")),
        (
            "runtime timeout", [r + "create_container_timeout": "90"],
            .value { $0.runtime.createContainerTimeoutSeconds == 90 }
        ),
        ("go pinning key", [Annotations.vcpusPinning: "true"], .error("vCPU threads are not pinned")),
        (
            "agent modules", [a + "kernel_modules": "e1000e InterruptThrottleRate=3000 EEE=1; i915 enable_ppgtt=0;"],
            .value { $0.agent.kernelModules == ["e1000e InterruptThrottleRate=3000 EEE=1", "i915 enable_ppgtt=0"] }
        ),
        ("agent tracing", [a + "enable_tracing": "true"], .error("the guest agent does not trace")),
        ("agent pipe size", [a + "container_pipe_size": "65536"], .value { $0.agent.containerPipeSize == 65536 }),
        (
            "agent pipe size", [a + "container_pipe_size": "-1"],
            .error("invalid value \"-1\" for annotation \(a)container_pipe_size")
        ),
        (
            "agent policy", [a + "policy": Data("package agent_policy".utf8).base64EncodedString()],
            .error("the guest agent enforces no policy")
        ),
        ("agent policy not base64", [a + "policy": "%%%"], .error("expected base64 of the policy text")),
        (
            "other annotations ignored", ["io.kubernetes.cri.container-type": "sandbox"],
            .value { $0 == (try? AnnotationTests.base()) }
        ),
    ]

    @Test(arguments: rows)
    func annotation(name: String, annotations: [String: String], outcome: Outcome) throws {
        let base = try Self.base()
        switch outcome {
        case .error(let expected):
            do {
                _ = try base.applying(annotations: annotations, host: Fixture.host)
                Issue.record("\(name): applied without error")
            } catch {
                #expect(error.description.contains(expected), "\(name): \(error)")
            }
        case .value(let check):
            do {
                let result = try base.applying(annotations: annotations, host: Fixture.host)
                #expect(check(result), "\(name)")
            } catch {
                Issue.record("\(name): \(error)")
            }
        }
    }

    @Test func refusalsNameTheFileThatAllowsIt() throws {
        let loaded = try Fixture.load(
            Fixture.minimal + "valid_hypervisor_paths = [\"/usr/bin/qemu-system-x86_64\"]\n",
            dropIns: ["10.toml": "[hypervisor.qemu]\nenable_annotations = [\"path\"]\n"])
        do {
            _ = try loaded.applying(annotations: [Self.h + "default_vcpus": "2"], host: Fixture.host)
            Issue.record("an annotation enable_annotations does not allow was applied")
        } catch {
            #expect(
                error.message
                    == "annotation \(Self.h)default_vcpus is not enabled: add \"default_vcpus\" to enable_annotations in [hypervisor.qemu] of /etc/kata-containers/config.d/10.toml to allow it"
            )
            #expect(error.key == Self.h + "default_vcpus")
        }
        do {
            _ = try loaded.applying(annotations: [Self.h + "path": "/tmp/qemu"], host: Fixture.host)
            Issue.record("a path outside valid_hypervisor_paths was accepted")
        } catch {
            #expect(
                error.message.hasSuffix(
                    "add \"/tmp/qemu\" to valid_hypervisor_paths in [hypervisor.qemu] of \(loaded.mainFile) to allow it"
                ))
        }
    }
}
