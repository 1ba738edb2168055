// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import FoundationEssentials

extension KataConfiguration {
    /// Experimental features Go registers; none at the upstream commit we follow.
    static let registeredExperimentalFeatures: Set<String> = []

    /// The checks Go and runtime-rs make once the files are merged and clamped.
    /// - Throws: `ConfigError` naming the key, its value and what is allowed.
    func validate(context: ConfigContext) throws(ConfigError) {
        let q = "hypervisor.qemu."
        let h = hypervisor
        if h.path.isEmpty { throw context.error(q + "path", "\(q)path is empty; set the QEMU binary") }
        if h.kernel.isEmpty { throw context.error(q + "kernel", "\(q)kernel is empty; set the guest kernel") }
        if let image = h.image, let initrd = h.initrd {
            throw context.error(
                q + "image",
                "image and initrd cannot be both set (image = \"\(image)\", initrd = \"\(initrd)\"); keep only one")
        }
        if h.image == nil, h.initrd == nil {
            throw context.error(q + "initrd", "either image or initrd must be set in [hypervisor.qemu]; both are empty")
        }
        if h.hotPlugVFIO != .noPort, h.coldPlugVFIO != .noPort {
            throw context.error(
                q + "hot_plug_vfio",
                "invalid hot-plug=\(h.hotPlugVFIO.rawValue) and cold-plug=\(h.coldPlugVFIO.rawValue) settings, only one of them can be set"
            )
        }
        if [.virtioFS, .virtioFSNydus].contains(h.sharedFS), h.virtioFSDaemon.isEmpty {
            throw context.error(
                q + "virtio_fs_daemon",
                "cannot enable virtio-fs without daemon path in configuration file (shared_fs = \"\(h.sharedFS.rawValue)\")"
            )
        }
        if h.enableVhostUserStore, !h.enableHugepages {
            throw context.error(
                q + "enable_vhost_user_store",
                "Vhost-user-blk/scsi is enabled without HugePages. This configuration will not work")
        }
        for pattern in h.enableAnnotations {
            guard (try? Regex(pattern)) != nil else {
                throw context.error(
                    q + "enable_annotations",
                    "invalid \(q)enable_annotations entry \"\(pattern)\": not a valid regular expression")
            }
        }
        // QEMU would refuse it only after the VM was set up ("maxmem must be >= initial memory"),
        // in words that name neither key: default_maxmemory is the host's RAM unless set lower.
        // 0 is "the host's", resolved by the loader's adjustment (a configuration built in code may skip it).
        if h.defaultMaxMemoryMiB != 0, UInt64(h.defaultMemoryMiB) > h.defaultMaxMemoryMiB {
            throw context.error(
                q + "default_memory",
                "\(q)default_memory = \(h.defaultMemoryMiB) MiB is more than a VM may have here "
                    + "(\(h.defaultMaxMemoryMiB) MiB: \(q)default_maxmemory, at most the host's RAM); "
                    + "set default_memory to \(h.defaultMaxMemoryMiB) or less")
        }
        try validateSectorSizes(context: context)
        if let params = h.kernelVerityParams {
            try Self.validateVerityParams(params, key: q + "kernel_verity_params", context: context)
        }
        try validateRuntime(context: context)
        if factory.enableTemplate {
            if [.virtioFS, .virtioFSNydus].contains(h.sharedFS) {
                throw context.error(
                    "factory.enable_template",
                    "VM templating has been enabled with virtio-fs and this configuration will not work (shared_fs = \"\(h.sharedFS.rawValue)\")"
                )
            }
            if h.initrd == nil {
                throw context.error(
                    "factory.enable_template", "Factory option enable_template requires an initrd image")
            }
        }
    }

    private func validateSectorSizes(context: ConfigContext) throws(ConfigError) {
        let q = "hypervisor.qemu."
        let logical = hypervisor.blockDeviceLogicalSectorSize
        let physical = hypervisor.blockDevicePhysicalSectorSize
        for (key, size) in [
            ("block_device_logical_sector_size", logical), ("block_device_physical_sector_size", physical),
        ]
        where size != 0 && (size < 512 || size > 65536 || size & (size - 1) != 0) {
            throw context.error(
                q + key, "invalid \(q)\(key) = \(size): must be 0 or a power of two between 512 and 65536")
        }
        if logical != 0, physical != 0, logical > physical {
            throw context.error(
                q + "block_device_logical_sector_size",
                "invalid \(q)block_device_logical_sector_size = \(logical): it must not exceed block_device_physical_sector_size (\(physical))"
            )
        }
    }

    static func validateVerityParams(_ params: String, key: String, context: ConfigContext) throws(ConfigError) {
        let known: Set<String> = ["root_hash", "salt", "data_blocks", "data_block_size", "hash_block_size"]
        for item in params.split(separator: ",") {
            let parts = item.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, known.contains(parts[0]) else {
                throw context.error(
                    key,
                    "invalid \(key) entry \"\(item)\": expected key=value with key one of \(known.sorted().joined(separator: ", "))"
                )
            }
            if parts[0].hasSuffix("block_size") {
                guard let size = UInt64(parts[1]), size > 0, size % 512 == 0 else {
                    throw context.error(
                        key, "invalid \(key) \(parts[0]) = \(parts[1]): must be a non-zero multiple of 512")
                }
            }
        }
    }

    private func validateRuntime(context: ConfigContext) throws(ConfigError) {
        if runtime.disableNewNetns, runtime.internetworkingModel != .none {
            throw context.error(
                "runtime.disable_new_netns",
                "config disable_new_netns only works with 'none' internetworking_model (internetworking_model = \"\(runtime.internetworkingModel.rawValue)\")"
            )
        }
        for feature in runtime.experimental where !Self.registeredExperimentalFeatures.contains(feature) {
            throw context.error(
                "runtime.experimental",
                "Unsupported experimental feature \(feature) (no experimental features are available)")
        }
        var bases: Set<Substring> = []
        for mount in runtime.sandboxBindMounts {
            let base = mount.path.split(separator: "/").last ?? Substring(mount.path)
            guard bases.insert(base).inserted else {
                throw context.error(
                    "runtime.sandbox_bind_mounts",
                    "sandbox-bindmounts: File \(mount.path) has base that matches already specified bindmount")
            }
        }
    }
}
