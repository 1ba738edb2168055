// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import FoundationEssentials
import TOML

extension QEMUSettings {
    /// Keys from Kata 1.x and forks: accepted so old files load, reported so users drop them.
    static let obsoleteKeys: [String: String] = [
        "use_vsock": "obsolete since Kata 2.0 (vsock is always used) and ignored",
        "hotplug_vfio_on_root_bus": "obsolete since Kata 2.0 (use hot_plug_vfio = \"root-port\") and ignored",
        "enable_swap": "obsolete since Kata 2.0 (use enable_guest_swap) and ignored",
        "default_root_ports": "an openEuler 1.x key (use pcie_root_port) and ignored",
        "remote_hypervisor_socket": "applies only to the remote hypervisor and is ignored with QEMU",
        "remote_hypervisor_timeout": "applies only to the remote hypervisor and is ignored with QEMU",
        "disk_rate_limiter_bw_max_rate": "applies only to Firecracker and is ignored with QEMU",
        "disk_rate_limiter_bw_one_time_burst": "applies only to Firecracker and is ignored with QEMU",
        "disk_rate_limiter_ops_max_rate": "applies only to Firecracker and is ignored with QEMU",
        "disk_rate_limiter_ops_one_time_burst": "applies only to Firecracker and is ignored with QEMU",
        "net_rate_limiter_bw_max_rate": "applies only to Firecracker and is ignored with QEMU",
        "net_rate_limiter_bw_one_time_burst": "applies only to Firecracker and is ignored with QEMU",
        "net_rate_limiter_ops_max_rate": "applies only to Firecracker and is ignored with QEMU",
        "net_rate_limiter_ops_one_time_burst": "applies only to Firecracker and is ignored with QEMU",
    ]

    /// Overwrites the fields whose keys `reader`'s table holds; absent keys keep their current value.
    mutating func decode(_ r: inout SectionReader) throws(ConfigError) {
        try r.string("path", &path)
        try r.string("kernel", &kernel)
        try r.optionalString("initrd", &initrd)
        try r.optionalString("image", &image)
        try r.choice("rootfs_type", &rootfsType) { "unsupported rootfs type \($0) (supported: ext4, xfs, erofs)" }
        try r.optionalString("firmware", &firmware)
        try r.optionalString("firmware_volume", &firmwareVolume)
        try r.strings("pflashes", &pflashes)
        try r.choice("machine_type", &machineType) { "unrecognised machinetype: \($0) (supported: q35, microvm)" }
        try r.choice("accelerator", &accelerator) { "unknown accelerator \($0) (supported: kvm, tcg)" }
        var text = ""
        if r.table["machine_accelerators"] != nil {
            try r.string("machine_accelerators", &text)
            machineAccelerators = Self.commaList(text)
        }
        if r.table["cpu_features"] != nil {
            try r.string("cpu_features", &text)
            cpuFeatures = Self.commaList(text)
        }
        if r.table["kernel_params"] != nil {
            try r.string("kernel_params", &text)
            kernelParams = Self.splitKernelParams(text)
        }
        try r.optionalString("kernel_verity_params", &kernelVerityParams)
        try r.strings("valid_hypervisor_paths", &validHypervisorPaths)
        try r.strings("enable_annotations", &enableAnnotations)
        try decodeExtensionImages(&r)
        try r.double("default_vcpus", &defaultVCPUs)
        try r.unsigned("default_maxvcpus", &defaultMaxVCPUs)
        try r.unsigned("default_memory", &defaultMemoryMiB)
        try r.unsigned("memory_slots", &memorySlots)
        try r.unsigned("default_maxmemory", &defaultMaxMemoryMiB)
        try r.unsigned("memory_offset", &memoryOffsetMiB)
        try r.bool("enable_virtio_mem", &enableVirtioMem)
        try r.bool("enable_mem_prealloc", &enableMemPrealloc)
        try r.bool("enable_hugepages", &enableHugepages)
        try r.optionalString("file_mem_backend", &fileMemBackend)
        try r.strings("valid_file_mem_backends", &validFileMemBackends)
        try r.bool("reclaim_guest_freed_memory", &reclaimGuestFreedMemory)
        try r.bool("enable_guest_swap", &enableGuestSwap)
        try r.unsigned("default_bridges", &defaultBridges)
        try r.choice("hot_plug_vfio", &hotPlugVFIO)
        try r.choice("cold_plug_vfio", &coldPlugVFIO)
        try r.unsigned("pcie_root_port", &pcieRootPort)
        try r.unsigned("pcie_switch_port", &pcieSwitchPort)
        try r.bool("enable_iommu", &enableIOMMU)
        try r.bool("enable_iommu_platform", &enableIOMMUPlatform)
        try r.bool("enable_numa", &enableNUMA)
        try r.strings("numa_mapping", &numaMapping)
        try r.bool("disable_image_nvdimm", &disableImageNVDIMM)
        try r.bool("disable_vhost_net", &disableVhostNet)
        try r.string("entropy_source", &entropySource)
        try r.strings("valid_entropy_sources", &validEntropySources)
        try r.bool("use_legacy_serial", &useLegacySerial)
        try r.optionalString("seccompsandbox", &seccompSandbox)
        try decodeBlockKeys(&r)
        try decodeSharedFSKeys(&r)
        try decodeDebugKeys(&r)
    }

    private mutating func decodeBlockKeys(_ r: inout SectionReader) throws(ConfigError) {
        try r.bool("disable_block_device_use", &disableBlockDeviceUse)
        try r.choice("block_device_driver", &blockDeviceDriver) { value in
            let supported = BlockDeviceDriver.allCases.map(\.rawValue).joined(separator: ", ")
            return "Invalid hypervisor block storage driver \(value) specified (supported drivers: \(supported))"
        }
        try r.choice("block_device_aio", &blockDeviceAIO) {
            "unsupported block_device_aio \($0) (supported: io_uring, native, threads)"
        }
        try r.bool("block_device_cache_set", &blockDeviceCacheSet)
        try r.bool("block_device_cache_direct", &blockDeviceCacheDirect)
        try r.bool("block_device_cache_noflush", &blockDeviceCacheNoflush)
        try r.unsigned("block_device_logical_sector_size", &blockDeviceLogicalSectorSize)
        try r.unsigned("block_device_physical_sector_size", &blockDevicePhysicalSectorSize)
        try r.bool("enable_iothreads", &enableIOThreads)
        try r.unsigned("indep_iothreads", &indepIOThreads)
        try r.bool("enable_vhost_user_store", &enableVhostUserStore)
        try r.string("vhost_user_store_path", &vhostUserStorePath)
        try r.strings("valid_vhost_user_store_paths", &validVhostUserStorePaths)
        try r.unsigned("vhost_user_reconnect_timeout_sec", &vhostUserReconnectTimeoutSeconds)
    }

    private mutating func decodeSharedFSKeys(_ r: inout SectionReader) throws(ConfigError) {
        try r.choice("shared_fs", &sharedFS) { value in
            "Invalid shared_fs type \(value) (supported: virtio-fs, virtio-9p, virtio-fs-nydus, none)"
        }
        if sharedFS == .inlineVirtioFS, let node = r.table["shared_fs"] {
            throw r.valueError(
                "shared_fs", node,
                "inline-virtio-fs is runtime-rs only (supported: virtio-fs, virtio-9p, virtio-fs-nydus, none)")
        }
        try r.string("virtio_fs_daemon", &virtioFSDaemon)
        try r.strings("valid_virtio_fs_daemon_paths", &validVirtioFSDaemonPaths)
        try r.unsigned("virtio_fs_cache_size", &virtioFSCacheSizeMiB)
        try r.unsigned("virtio_fs_queue_size", &virtioFSQueueSize)
        try r.strings("virtio_fs_extra_args", &virtioFSExtraArgs)
        try r.choice("virtio_fs_cache", &virtioFSCache, aliases: ["none": .never]) {
            "Invalid virtio-fs cache mode: \($0) (supported: never, metadata, auto, always)"
        }
        if let node = r.table["virtio_fs_cache"], node.value == .string("none") {
            // runtime-rs still reads the old spelling; keep loading such files but say it is deprecated.
            r.nestedWarnings.append(
                ConfigWarning(
                    file: r.file, line: node.location.line, key: r.fullKey("virtio_fs_cache"),
                    message: "\(r.fullKey("virtio_fs_cache")) = \"none\" is deprecated; use \"never\""))
        }
        try r.unsigned("msize_9p", &msize9p)
    }

    private mutating func decodeDebugKeys(_ r: inout SectionReader) throws(ConfigError) {
        try r.bool("enable_debug", &enableDebug)
        try r.optionalChoice("extra_monitor_socket", &extraMonitorSocket) {
            "unsupported extra_monitor_socket \($0) (supported: hmp, qmp, qmp-pretty)"
        }
        try r.bool("disable_nesting_checks", &disableNestingChecks)
        try r.unsigned("hypervisor_loglevel", &hypervisorLogLevel)
        try r.optionalString("guest_hook_path", &guestHookPath)
        try r.optionalString("guest_memory_dump_path", &guestMemoryDumpPath)
        try r.bool("guest_memory_dump_paging", &guestMemoryDumpPaging)
        try r.bool("rootless", &rootless)
        try r.bool("disable_seccomp", &disableSeccomp)
        try r.bool("disable_selinux", &disableSELinux)
        try r.bool("disable_guest_selinux", &disableGuestSELinux)
        try r.unsigned("rx_rate_limiter_max_rate", &rxRateLimiterMaxRate)
        try r.unsigned("tx_rate_limiter_max_rate", &txRateLimiterMaxRate)
        try r.bool("confidential_guest", &confidentialGuest)
        try r.bool("sev_snp_guest", &sevSNPGuest)
        try r.optionalString("snp_id_block", &snpIDBlock)
        try r.optionalString("snp_id_auth", &snpIDAuth)
        if r.table["snp_guest_policy"] != nil {
            var policy: UInt64 = 0
            try r.unsigned("snp_guest_policy", &policy)
            snpGuestPolicy = policy
        }
        try r.string("measurement_algo", &measurementAlgo)
        try r.unsigned("tdx_quote_generation_service_socket_port", &tdxQuoteGenerationServiceSocketPort)
        try r.strings("valid_jailer_paths", &validJailerPaths)
        if let node = r.node("jailer_path"), node.value != .string("") {
            throw r.valueError("jailer_path", node, "Path for QEMU jailer should be empty")
        }
    }

    private mutating func decodeExtensionImages(_ r: inout SectionReader) throws(ConfigError) {
        guard let node = r.node("guest_extension_images") else { return }
        guard case .array(let items, _) = node.value else {
            throw r.typeError(
                "guest_extension_images", node, expected: "an array of tables {name, path, verity_params}")
        }
        var images: [GuestExtensionImage] = []
        for item in items {
            guard case .table(let table) = item.value else {
                throw r.typeError("guest_extension_images", item, expected: "a table {name, path, verity_params}")
            }
            var entry = SectionReader(table, section: r.fullKey("guest_extension_images"), file: r.file)
            var image = GuestExtensionImage(name: "", path: "")
            try entry.string("name", &image.name)
            try entry.string("path", &image.path)
            try entry.optionalString("verity_params", &image.verityParams)
            let allowed = image.name.unicodeScalars.allSatisfy {
                $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_")
            }
            guard !image.name.isEmpty, allowed else {
                throw r.valueError(
                    "guest_extension_images", item,
                    "name \"\(image.name)\" must be non-empty ASCII letters, digits, '-' or '_'")
            }
            r.nestedWarnings += entry.unknownKeyWarnings(notes: [:])
            images.append(image)
        }
        guestExtensionImages = images
    }

    /// Go's comma-list normalisation: items trimmed, empty items dropped.
    /// `value` as Go's `%f` prints it (six decimals), for messages that quote upstream's text.
    static func sixDecimals(_ value: Double) -> String {
        let micro = (abs(value) * 1_000_000).rounded()
        guard micro < 9e18 else { return "\(value)" }
        let units = Int64(micro)
        let fraction = String(units % 1_000_000)
        return (value < 0 && units != 0 ? "-" : "") + "\(units / 1_000_000)."
            + String(repeating: "0", count: 6 - fraction.count) + fraction
    }

    static func commaList(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingBlanks }.filter { !$0.isEmpty }
    }

    /// Splits kernel parameters on spaces, keeping double-quoted spaces inside one parameter.
    static func splitKernelParams(_ text: String) -> [String] {
        var params: [String] = []
        var current = ""
        var quoted = false
        for character in text {
            if character == "\"" { quoted.toggle() }
            if character == " " && !quoted {
                if !current.isEmpty { params.append(current) }
                current = ""
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { params.append(current) }
        return params
    }
}
