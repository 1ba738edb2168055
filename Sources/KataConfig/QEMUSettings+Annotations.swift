// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import FoundationEssentials

extension QEMUSettings {
    /// Applies one `io.katacontainers.config.hypervisor.<suffix>` annotation that `enable_annotations` allowed.
    mutating func apply(
        suffix: String, key: String, value: String, host: HostResources, context: ConfigContext
    ) throws(ConfigError) {
        typealias A = Annotations
        switch suffix {
        case "path":
            path = try A.allowed(
                key, value, globs: validHypervisorPaths, listKey: "valid_hypervisor_paths", what: "hypervisor",
                context: context)
        case "jailer_path":
            _ = try A.allowed(
                key, value, globs: validJailerPaths, listKey: "valid_jailer_paths", what: "jailer", context: context)
            throw ConfigError(key: key, message: "annotation \(key): QEMU has no jailer")
        case "kernel": kernel = try A.absolutePath(key, value)
        case "image": image = try A.absolutePath(key, value)
        case "initrd": initrd = try A.absolutePath(key, value)
        case "firmware": firmware = try A.absolutePath(key, value)
        case "firmware_volume": firmwareVolume = try A.absolutePath(key, value)
        case "hypervisor_hash", "kernel_hash", "image_hash", "initrd_hash", "firmware_hash", "firmware_volume_hash",
            "jailer_hash", "cc_init_data", "default_gpus", "default_gpu_model":
            throw ConfigError(key: key, message: "annotation \(key) is not supported by this runtime")
        case "kernel_params": kernelParams = Self.merging(Self.splitKernelParams(value), into: kernelParams)
        case "kernel_verity_params":
            try KataConfiguration.validateVerityParams(
                value, key: key, context: ConfigContext(mainFile: nil, origins: [:]))
            kernelVerityParams = value
        case "machine_type":
            guard !value.isEmpty else { throw A.invalid(key, value, expected: "a machine type") }
            machineType = try A.choice(key, value, as: MachineType.self)
        case "machine_accelerators": machineAccelerators = Self.commaList(value)
        case "cpu_features": cpuFeatures = Self.commaList(value)
        case "default_vcpus":
            let vcpus = try A.double(key, value)
            guard vcpus <= Double(host.cpuCount) else {
                let formatted = Self.sixDecimals(vcpus)
                throw ConfigError(
                    key: key,
                    message:
                        "Number of cpus \(formatted) specified in annotation default_vcpus is greater than the number of CPUs \(host.cpuCount) on the system"
                )
            }
            defaultVCPUs = vcpus
        case "default_max_vcpus":
            let max: UInt32 = try A.unsigned(key, value)
            guard max <= UInt32(host.cpuCount), max <= UInt32(KataConfiguration.maxVCPUs) else {
                throw ConfigError(
                    key: key,
                    message:
                        "Number of cpus \(max) in annotation default_max_vcpus is greater than the number of CPUs \(host.cpuCount) on the system or the limit \(KataConfiguration.maxVCPUs)"
                )
            }
            defaultMaxVCPUs = max
        case "default_memory":
            let memory: UInt32 = try A.unsigned(key, value)
            guard memory >= KataConfiguration.minMemoryMiB else {
                throw ConfigError(
                    key: key,
                    message:
                        "Memory specified in annotation \(key) is less than minimum required \(KataConfiguration.minMemoryMiB), please specify a larger value"
                )
            }
            guard defaultMaxMemoryMiB == 0 || UInt64(memory) <= defaultMaxMemoryMiB else {
                throw ConfigError(
                    key: key,
                    message:
                        "Memory specified in annotation \(key) (\(memory) MiB) is more than a VM may have here (\(defaultMaxMemoryMiB) MiB: default_maxmemory, at most the host's RAM), please specify a smaller value"
                )
            }
            defaultMemoryMiB = memory
        case "memory_slots":
            let slots: UInt32 = try A.unsigned(key, value)
            guard slots > 0 else { throw A.invalid(key, value, expected: "a number of memory slots above 0") }
            memorySlots = slots
        case "memory_offset": memoryOffsetMiB = try A.unsigned(key, value)
        case "numa_mapping": numaMapping = value.split(separator: " ").map(String.init)
        default:
            try applyDeviceAnnotation(suffix: suffix, key: key, value: value, context: context)
        }
    }

    private mutating func applyDeviceAnnotation(
        suffix: String, key: String, value: String, context: ConfigContext
    ) throws(ConfigError) {
        typealias A = Annotations
        switch suffix {
        case "disable_image_nvdimm", "disable_block_device_use", "vhost_user_store_path":
            // Either value behaves the same here: there is no image, no block rootfs, no vhost-user block.
            throw Annotations.unsupported(key, detail: "the guest boots from an initrd and shares files over virtio-fs")
        case "enable_virtio_mem": enableVirtioMem = try A.bool(key, value)
        case "enable_mem_prealloc": enableMemPrealloc = try A.bool(key, value)
        case "enable_hugepages": enableHugepages = try A.bool(key, value)
        case "reclaim_guest_freed_memory": reclaimGuestFreedMemory = try A.bool(key, value)
        case "enable_iommu": enableIOMMU = try A.bool(key, value)
        case "enable_iommu_platform": enableIOMMUPlatform = try A.bool(key, value)
        case "enable_guest_swap": enableGuestSwap = try A.bool(key, value)
        case "rootless": rootless = try A.bool(key, value)
        case "enable_iothreads": enableIOThreads = try A.bool(key, value)
        case "block_device_cache_set": blockDeviceCacheSet = try A.bool(key, value)
        case "block_device_cache_direct": blockDeviceCacheDirect = try A.bool(key, value)
        case "block_device_cache_noflush": blockDeviceCacheNoflush = try A.bool(key, value)
        case "enable_vhost_user_store": enableVhostUserStore = try A.bool(key, value)
        case "use_legacy_serial": useLegacySerial = try A.bool(key, value)
        case "disable_vhost_net": disableVhostNet = try A.bool(key, value)
        case "block_device_driver": blockDeviceDriver = try A.choice(key, value, as: BlockDeviceDriver.self)
        case "block_device_aio": blockDeviceAIO = try A.choice(key, value, as: BlockDeviceAIO.self)
        case "indep_iothreads":
            let threads: UInt32 = try A.unsigned(key, value)
            guard (1...50).contains(threads) else {
                throw A.invalid(key, value, expected: "a number of iothreads in 1...50")
            }
            indepIOThreads = threads
        case "blk_logical_sector_size": blockDeviceLogicalSectorSize = try A.unsigned(key, value)
        case "blk_physical_sector_size": blockDevicePhysicalSectorSize = try A.unsigned(key, value)
        case "vhost_user_reconnect_timeout_sec": vhostUserReconnectTimeoutSeconds = try A.unsigned(key, value)
        case "hot_plug_vfio":
            hotPlugVFIO = try A.choice(key, value, as: VFIOPort.self)
            coldPlugVFIO = .noPort
        case "cold_plug_vfio":
            coldPlugVFIO = try A.choice(key, value, as: VFIOPort.self)
            hotPlugVFIO = .noPort
        case "pcie_root_port": pcieRootPort = try A.unsigned(key, value)
        case "pcie_switch_port": pcieSwitchPort = try A.unsigned(key, value)
        case "entropy_source":
            entropySource = try A.allowed(
                key, value, globs: validEntropySources, listKey: "valid_entropy_sources", what: "entropy source",
                context: context)
        case "file_mem_backend":
            fileMemBackend = try A.allowed(
                key, value, globs: validFileMemBackends, listKey: "valid_file_mem_backends",
                what: "file_mem_backend", context: context)
        default:
            try applySharedFSAnnotation(suffix: suffix, key: key, value: value, context: context)
        }
    }

    private mutating func applySharedFSAnnotation(
        suffix: String, key: String, value: String, context: ConfigContext
    ) throws(ConfigError) {
        typealias A = Annotations
        switch suffix {
        case "shared_fs":
            guard value == SharedFS.virtio9p.rawValue || value == SharedFS.virtioFS.rawValue else {
                throw A.invalid(key, value, expected: "virtio-9p or virtio-fs")
            }
            sharedFS = try A.choice(key, value, as: SharedFS.self)
        case "virtio_fs_daemon":
            virtioFSDaemon = try A.allowed(
                key, value, globs: validVirtioFSDaemonPaths, listKey: "valid_virtio_fs_daemon_paths",
                what: "virtiofs daemon", context: context)
        case "virtio_fs_cache": virtioFSCache = try A.choice(key, value, as: VirtioFSCache.self)
        case "virtio_fs_cache_size": virtioFSCacheSizeMiB = try A.unsigned(key, value)
        case "virtio_fs_extra_args":
            guard let data = value.data(using: .utf8), let args = try? JSONDecoder().decode([String].self, from: data)
            else {
                throw A.invalid(key, value, expected: "a JSON array of strings")
            }
            virtioFSExtraArgs += args
        case "msize_9p":
            let size: UInt32 = try A.unsigned(key, value)
            guard size > 0 else { throw A.invalid(key, value, expected: "a 9p message size above 0") }
            msize9p = size
        case "rx_rate_limiter_max_rate": rxRateLimiterMaxRate = try A.unsigned(key, value)
        case "tx_rate_limiter_max_rate": txRateLimiterMaxRate = try A.unsigned(key, value)
        case "guest_hook_path": guestHookPath = value.isEmpty ? nil : value
        default:
            // Go skips an allowed suffix it does not know; here nothing set by a pod is dropped unseen.
            throw Annotations.unsupported(key)
        }
    }

    /// Kernel parameters from an annotation replace existing ones with the same key rather than repeating them.
    static func merging(_ overrides: [String], into existing: [String]) -> [String] {
        func name(_ param: String) -> Substring { param.split(separator: "=", maxSplits: 1).first ?? Substring(param) }
        var result = existing
        for param in overrides {
            if let index = result.firstIndex(where: { name($0) == name(param) }) {
                result[index] = param
            } else {
                result.append(param)
            }
        }
        return result
    }
}
