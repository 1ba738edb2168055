// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import KataConfig

/// One row per decoding, clamping or validation rule: text appended to the minimal file, and what must happen.
@Suite struct ConfigRuleTests {
    enum Outcome: Sendable, CustomStringConvertible {
        /// Loading fails with a description containing the text.
        case error(String)
        /// Loading succeeds with a warning whose description contains the text.
        case warning(String)
        /// Loading succeeds with no warnings and the check holds.
        case value(@Sendable (KataConfiguration) -> Bool)

        var description: String {
            switch self {
            case .error(let text): "error: \(text)"
            case .warning(let text): "warning: \(text)"
            case .value: "value check"
            }
        }
    }

    static let path = Fixture.mainPath
    static let rows: [(String, String, Outcome)] = [
        // Decoding and types.
        ("defaults", "", .value { $0.hypervisor.defaultMemoryMiB == 2048 && $0.hypervisor.accelerator == .kvm }),
        ("accelerator tcg", "accelerator = \"tcg\"", .value { $0.hypervisor.accelerator == .tcg }),
        (
            "accelerator bad", "accelerator = \"hvf\"",
            .error(
                "\(path):3:1: invalid hypervisor.qemu.accelerator = \"hvf\": unknown accelerator hvf (supported: kvm, tcg)"
            )
        ),
        (
            "wrong type", "default_memory = \"lots\"",
            .error(
                "\(path):3:1: invalid hypervisor.qemu.default_memory = \"lots\": expected an unsigned integer in 0...4294967295, found a string"
            )
        ),
        (
            "negative uint", "memory_slots = -1",
            .error(
                "invalid hypervisor.qemu.memory_slots = -1: out of range, expected an unsigned integer in 0...4294967295"
            )
        ),
        (
            "too large uint", "default_memory = 5000000000",
            .error("invalid hypervisor.qemu.default_memory = 5000000000: out of range")
        ),
        (
            "bool type", "enable_debug = 1",
            .error("invalid hypervisor.qemu.enable_debug = 1: expected a boolean, found an integer")
        ),
        (
            "string array type", "pflashes = [1]",
            .error("invalid hypervisor.qemu.pflashes = [1]: expected an array of strings")
        ),
        ("vcpus integer", "default_vcpus = 2", .value { $0.hypervisor.defaultVCPUs == 2 }),
        (
            "kernel params", "kernel_params = \"a=1  b=\\\"x y\\\" c\"",
            .value { $0.hypervisor.kernelParams == ["a=1", "b=\"x y\"", "c"] }
        ),
        (
            "comma lists", "machine_accelerators = \" nvdimm=on,, x \"\ncpu_features = \"pmu=off\"",
            .value {
                $0.hypervisor.machineAccelerators == ["nvdimm=on", "x"] && $0.hypervisor.cpuFeatures == ["pmu=off"]
            }
        ),
        ("empty string is absent", "firmware = \"\"", .value { $0.hypervisor.firmware == nil }),
        (
            "extension image", "[[hypervisor.qemu.guest_extension_images]]\nname = \"gpu-1\"\npath = \"/x.img\"",
            .error(
                "\(path):3:1: hypervisor.qemu.guest_extension_images = [\"gpu-1\"] is not supported by this runtime (extension disks are not attached); remove it or set it back to its default"
            )
        ),
        (
            "extension image unknown key",
            "[[hypervisor.qemu.guest_extension_images]]\nname = \"a\"\npath = \"/x\"\nsize = 1",
            .error("hypervisor.qemu.guest_extension_images = [\"a\"] is not supported by this runtime")
        ),
        (
            "annotation regex", "enable_annotations = [\"(\"]",
            .error("invalid hypervisor.qemu.enable_annotations entry \"(\": not a valid regular expression")
        ),
        (
            "extension image name", "[[hypervisor.qemu.guest_extension_images]]\nname = \"a b\"\npath = \"/x\"",
            .error("name \"a b\" must be non-empty ASCII letters")
        ),
        ("unknown key", "bogus = 1", .warning("\(path):3: warning: unknown key hypervisor.qemu.bogus is ignored")),
        ("unknown section", "[bogus]\nx = 1", .warning("\(path):3: warning: unknown section [bogus] is ignored")),
        (
            "obsolete key", "use_vsock = true",
            .warning("\(path):3: warning: hypervisor.qemu.use_vsock: obsolete since Kata 2.0")
        ),
        (
            "obsolete agent key", "[agent.kata]\ntrace_mode = \"dynamic\"",
            .warning("\(path):4: warning: agent.kata.trace_mode: obsolete")
        ),
        (
            "proxy section", "[proxy.kata]\npath = \"/usr/bin/kata-proxy\"",
            .warning(
                "\(path):3: warning: section [proxy.kata] is deprecated and ignored: kata-proxy was removed in Kata 2.0"
            )
        ),
        ("shim section", "[shim.kata]\npath = \"/x\"", .warning("section [shim.kata] is deprecated and ignored")),
        (
            "netmon section", "[netmon]\nenable_netmon = false",
            .warning("\(path):3: warning: section [netmon] is deprecated and ignored: kata-netmon was removed")
        ),
        (
            "other hypervisor", "[hypervisor.clh]\npath = \"/x\"",
            .error("\(path):3:1: only [hypervisor.qemu] is supported by this runtime, found [hypervisor.clh]")
        ),
        (
            "invalid hypervisor", "[hypervisor.foo]",
            .error("\(path):3:1: configuration file contains invalid hypervisor section: \"foo\"")
        ),
        (
            "other agent", "[agent.other]",
            .error("\(path):3:1: configuration file contains invalid agent section: \"other\"")
        ),
        ("jailer", "jailer_path = \"/j\"", .error("Path for QEMU jailer should be empty")),
        ("firecracker key", "net_rate_limiter_bw_max_rate = 0", .warning("applies only to Firecracker")),
        (
            "internetworking default alias", "[runtime]\ninternetworking_model = \"default\"",
            .value { $0.runtime.internetworkingModel == .tcfilter }
        ),
        (
            "internetworking bad", "[runtime]\ninternetworking_model = \"bridged\"",
            .error("invalid runtime.internetworking_model = \"bridged\": Unknown type bridged")
        ),
        (
            "create timeout zero", "[runtime]\ncreate_container_timeout = 0",
            .value { $0.runtime.createContainerTimeoutSeconds == 60 }
        ),
        (
            "agent keys", "[agent.kata]\ndial_timeout = 10\nkernel_modules = [\"e1000e X=1\"]",
            .value { $0.agent.dialTimeoutSeconds == 10 && $0.agent.kernelModules == ["e1000e X=1"] }
        ),
        (
            "agent key upstream ignores too", "[agent.kata]\ncdh_api_timeout = 5",
            .warning(
                "\(path):4: warning: agent.kata.cdh_api_timeout = 5 is not supported by this runtime (there is no confidential data hub) and is ignored, as upstream ignores it here"
            )
        ),
        ("factory paths", "[factory]\ntemplate_path = \"/t\"", .value { $0.factory.templatePath == "/t" }),
        (
            "factory cache", "[factory]\nvm_cache_number = 2",
            .error("\(path):4:1: factory.vm_cache_number = 2 is not supported by this runtime")
        ),
        ("unsupported at off", "enable_hugepages = false\nrootless = false", .value { !$0.hypervisor.rootless }),
        (
            "unsupported set", "enable_hugepages = true",
            .error(
                "\(path):3:1: hypervisor.qemu.enable_hugepages = true is not supported by this runtime (guest RAM is a plain memfd, not hugetlbfs); remove it or set it back to its default"
            )
        ),
        (
            "runtime unsupported", "[runtime]\nenable_pprof = true",
            .error("runtime.enable_pprof = true is not supported by this runtime")
        ),
        (
            "empty dir false written", "[runtime]\ndisable_guest_empty_dir = false",
            .warning("runtime.disable_guest_empty_dir = false is not supported by this runtime")
        ),
        // Clamping.
        (
            "maxvcpus above host", "default_maxvcpus = 64",
            .warning(
                "\(path):3: warning: adjusted hypervisor.qemu.default_maxvcpus from 64 to 8 because the host has 8 CPUs"
            )
        ),
        ("maxvcpus zero is host", "default_maxvcpus = 0", .value { $0.hypervisor.defaultMaxVCPUs == 8 }),
        (
            "vcpus above host", "default_vcpus = 32.0",
            .warning("adjusted hypervisor.qemu.default_vcpus from 32.0 to 8.0 because the host has 8 usable CPUs")
        ),
        (
            "vcpus negative", "default_vcpus = -1",
            .warning("adjusted hypervisor.qemu.default_vcpus from -1.0 to 8.0 because it is negative")
        ),
        (
            "vcpus zero", "default_vcpus = 0",
            .warning("adjusted hypervisor.qemu.default_vcpus from 0.0 to 1.0 because a VM needs at least one vCPU")
        ),
        (
            "vcpus above max", "default_vcpus = 4\ndefault_maxvcpus = 2",
            .warning("adjusted hypervisor.qemu.default_vcpus from 4.0 to 2.0 because it cannot exceed default_maxvcpus")
        ),
        (
            "memory below minimum", "default_memory = 128",
            .warning("adjusted hypervisor.qemu.default_memory from 128 to 2048 because it is below the 256 MiB minimum")
        ),
        ("memory slots zero", "memory_slots = 0", .warning("adjusted hypervisor.qemu.memory_slots from 0 to 10")),
        (
            "maxmemory above host", "default_maxmemory = 99999",
            .warning(
                "adjusted hypervisor.qemu.default_maxmemory from 99999 to 16384 because the host has 16384 MiB of RAM")
        ),
        ("maxmemory zero is host", "default_maxmemory = 0", .value { $0.hypervisor.defaultMaxMemoryMiB == 16384 }),
        (
            "memory above host", "default_memory = 99999",
            .error(
                "\(path):3:1: hypervisor.qemu.default_memory = 99999 MiB is more than a VM may have here (16384 MiB: hypervisor.qemu.default_maxmemory, at most the host's RAM); set default_memory to 16384 or less"
            )
        ),
        (
            "memory above maxmemory", "default_memory = 4096\ndefault_maxmemory = 3000",
            .error("hypervisor.qemu.default_memory = 4096 MiB is more than a VM may have here (3000 MiB")
        ),
        ("bridges zero", "default_bridges = 0", .warning("adjusted hypervisor.qemu.default_bridges from 0 to 1")),
        (
            "bridges above five", "default_bridges = 9",
            .error("hypervisor.qemu.default_bridges = 9 is not supported by this runtime")
        ),
        ("bridges zero", "default_bridges = 0", .warning("adjusted hypervisor.qemu.default_bridges from 0 to 1")),
        ("root ports", "pcie_root_port = 20", .error("hypervisor.qemu.pcie_root_port = 20 is not supported")),
        ("switch ports", "pcie_switch_port = 17", .error("hypervisor.qemu.pcie_switch_port = 17 is not supported")),
        (
            "loglevel high", "hypervisor_loglevel = 7",
            .warning("adjusted hypervisor.qemu.hypervisor_loglevel from 7 to 3")
        ),
        (
            "loglevel zero", "hypervisor_loglevel = 0",
            .warning("adjusted hypervisor.qemu.hypervisor_loglevel from 0 to 1")
        ),
        ("msize zero", "msize_9p = 0", .warning("adjusted hypervisor.qemu.msize_9p from 0 to 8192")),
        (
            "microvm nvdimm", "machine_type = \"microvm\"",
            .warning(
                "adjusted hypervisor.qemu.disable_image_nvdimm from false to true because machine_type microvm has no NVDIMM"
            )
        ),
        // Validation.
        (
            "image and initrd", "image = \"/usr/share/kata-containers/kata-containers.img\"",
            .error("image and initrd cannot be both set")
        ),
        (
            "neither image nor initrd", "!",
            .error("either image or initrd must be set in [hypervisor.qemu]; both are empty")
        ),
        (
            "hot and cold plug", "hot_plug_vfio = \"root-port\"\ncold_plug_vfio = \"root-port\"",
            .error("invalid hot-plug=root-port and cold-plug=root-port settings, only one of them can be set")
        ),
        (
            "hot plug value", "hot_plug_vfio = \"any-port\"",
            .error(
                "invalid hypervisor.qemu.hot_plug_vfio = \"any-port\": expected one of \"no-port\", \"bridge-port\", \"root-port\", \"switch-port\""
            )
        ),
        (
            "disable_new_netns", "[runtime]\ndisable_new_netns = true",
            .error(
                "\(path):4:1: config disable_new_netns only works with 'none' internetworking_model (internetworking_model = \"tcfilter\")"
            )
        ),
        (
            "disable_new_netns none", "[runtime]\ndisable_new_netns = true\ninternetworking_model = \"none\"",
            .value { $0.runtime.disableNewNetns }
        ),
        (
            "rootfs type", "rootfs_type = \"btrfs\"",
            .error("unsupported rootfs type btrfs (supported: ext4, xfs, erofs)")
        ),
        ("shared fs", "shared_fs = \"nfs\"", .error("Invalid shared_fs type nfs")),
        ("shared fs inline", "shared_fs = \"inline-virtio-fs\"", .error("inline-virtio-fs is runtime-rs only")),
        (
            "block driver", "block_device_driver = \"ide\"",
            .error(
                "Invalid hypervisor block storage driver ide specified (supported drivers: virtio-scsi, virtio-blk, virtio-mmio, nvdimm, virtio-blk-ccw)"
            )
        ),
        ("virtio-fs cache", "virtio_fs_cache = \"sometimes\"", .error("Invalid virtio-fs cache mode: sometimes")),
        (
            "virtio-fs cache none", "virtio_fs_cache = \"none\"",
            .warning("\(path):3: warning: hypervisor.qemu.virtio_fs_cache = \"none\" is deprecated; use \"never\"")
        ),
        (
            "virtio-fs without daemon", "virtio_fs_daemon = \"\"",
            .error("cannot enable virtio-fs without daemon path in configuration file")
        ),
        ("emptydir mode", "[runtime]\nemptydir_mode = \"tmpfs\"", .error("invalid emptydir_mode=tmpfs")),
        (
            "extra monitor", "extra_monitor_socket = \"telnet\"",
            .error("unsupported extra_monitor_socket telnet (supported: hmp, qmp, qmp-pretty)")
        ),
        (
            "extra monitor refused", "extra_monitor_socket = \"qmp\"",
            .error("hypervisor.qemu.extra_monitor_socket = \"qmp\" is not supported by this runtime")
        ),
        ("extra monitor empty", "extra_monitor_socket = \"\"", .value { $0.hypervisor.extraMonitorSocket == nil }),
        ("machine type", "machine_type = \"pc\"", .error("unrecognised machinetype: pc")),
        (
            "experimental", "[runtime]\nexperimental = [\"newstore\"]",
            .error("Unsupported experimental feature newstore")
        ),
        (
            "sector size", "block_device_logical_sector_size = 1000",
            .error("must be 0 or a power of two between 512 and 65536")
        ),
        (
            "sector size order", "block_device_logical_sector_size = 4096\nblock_device_physical_sector_size = 512",
            .error("must not exceed block_device_physical_sector_size (512)")
        ),
        (
            "verity params", "kernel_verity_params = \"root_hash=ab,data_block_size=100\"",
            .error("data_block_size = 100: must be a non-zero multiple of 512")
        ),
        (
            "vhost-user without hugepages", "enable_vhost_user_store = true",
            .error("Vhost-user-blk/scsi is enabled without HugePages")
        ),
        (
            "bind mount forms", "[runtime]\nsandbox_bind_mounts = [\"/srv/b\", \"/srv/data/a:rw\"]",
            .error("runtime.sandbox_bind_mounts = [\"/srv/b\", \"/srv/data/a\"] is not supported by this runtime")
        ),
        (
            "bind mount bad form", "[runtime]\nsandbox_bind_mounts = [\"/srv/b:rx\"]",
            .error("entry \"/srv/b:rx\" must be an absolute path, optionally followed by :ro or :rw")
        ),
        (
            "bind mount basenames", "[runtime]\nsandbox_bind_mounts = [\"/srv/data/a\", \"/srv/other/a:ro\"]",
            .error("sandbox-bindmounts: File /srv/other/a has base that matches already specified bindmount")
        ),
        (
            "bind mount missing", "[runtime]\nsandbox_bind_mounts = [\"/nope\"]",
            .error("runtime.sandbox_bind_mounts = \"/nope\": file /nope does not exist")
        ),
        (
            "template with virtio-fs", "[factory]\nenable_template = true",
            .error("VM templating has been enabled with virtio-fs and this configuration will not work")
        ),
        (
            "template needs initrd",
            "!image = \"/usr/share/kata-containers/kata-containers.img\"\nshared_fs = \"virtio-9p\"\n[factory]\nenable_template = true",
            .error("Factory option enable_template requires an initrd image")
        ),
        // Paths.
        (
            "missing kernel", "kernel = \"/boot/none\"",
            .error("\(path):3:1: hypervisor.qemu.kernel = \"/boot/none\": file /boot/none does not exist")
        ),
        (
            "missing qemu", "path = \"/opt/qemu\"",
            .error("hypervisor.qemu.path = \"/opt/qemu\": file /opt/qemu does not exist")
        ),
        (
            "missing firmware", "firmware = \"/fw.bin\"",
            .error("hypervisor.qemu.firmware = \"/fw.bin\": file /fw.bin does not exist")
        ),
        (
            "missing virtiofsd", "virtio_fs_daemon = \"/nope/virtiofsd\"",
            .error("hypervisor.qemu.virtio_fs_daemon = \"/nope/virtiofsd\": file /nope/virtiofsd does not exist")
        ),
        ("missing image", "!image = \"/img\"", .error("hypervisor.qemu.image = \"/img\": file /img does not exist")),
        ("missing pflash", "pflashes = [\"/p\"]", .error("hypervisor.qemu.pflashes = \"/p\": file /p does not exist")),
        (
            "virtiofsd unused with 9p", "shared_fs = \"virtio-9p\"\nvirtio_fs_daemon = \"/nope\"",
            .value { $0.hypervisor.sharedFS == .virtio9p }
        ),
    ]

    @Test(arguments: rows)
    func rule(name: String, text: String, outcome: Outcome) {
        // A leading "!" drops the minimal file's initrd, for rows about the boot asset itself.
        let source =
            text.hasPrefix("!") ? "[hypervisor.qemu]\n" + text.dropFirst() + "\n" : Fixture.minimal + text + "\n"
        switch outcome {
        case .error(let expected):
            do {
                let loaded = try Fixture.load(source)
                Issue.record("\(name): loaded without error, warnings \(loaded.warnings)")
            } catch {
                #expect(error.description.contains(expected), "\(name): \(error)")
            }
        case .warning(let expected):
            do {
                let loaded = try Fixture.load(source)
                #expect(loaded.warnings.contains { $0.description.contains(expected) }, "\(name): \(loaded.warnings)")
            } catch {
                Issue.record("\(name): \(error)")
            }
        case .value(let check):
            do {
                let loaded = try Fixture.load(source)
                #expect(loaded.warnings.isEmpty, "\(name): \(loaded.warnings)")
                #expect(check(loaded.configuration), "\(name)")
            } catch {
                Issue.record("\(name): \(error)")
            }
        }
    }

    @Test func virtioFSCacheNoneMeansNever() throws {
        let loaded = try Fixture.load(Fixture.minimal + "virtio_fs_cache = \"none\"\n")
        #expect(loaded.configuration.hypervisor.virtioFSCache == .never)
    }
}
