// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

/// `[hypervisor.qemu]`: the VM and the devices QEMU gets.
package struct QEMUSettings: Sendable, Equatable {
    /// `path`: the QEMU binary, symlinks resolved.
    package var path = "/usr/bin/qemu-system-x86_64"
    /// `kernel`: the guest kernel, symlinks resolved.
    package var kernel = "/usr/share/kata-containers/vmlinuz.container"
    /// `initrd`: the guest initrd; never set together with `image`.
    package var initrd: String?
    /// `image`: the guest rootfs disk image; never set together with `initrd`.
    package var image: String?
    /// `machine_type`.
    package var machineType = MachineType.q35
    /// `accelerator`: our key, KVM by default; TCG for hosts without usable hardware virtualization.
    package var accelerator = Accelerator.kvm
    /// `kernel_params`, split on spaces with double quotes respected.
    package var kernelParams: [String] = []
    /// `default_vcpus` after clamping to the host.
    package var defaultVCPUs: Double = 1
    /// `default_maxvcpus` after clamping to the host.
    package var defaultMaxVCPUs: UInt32 = 0
    /// `default_memory` in MiB.
    package var defaultMemoryMiB: UInt32 = 2048
    /// `memory_slots`.
    package var memorySlots: UInt32 = 10
    /// `block_device_driver`.
    package var blockDeviceDriver = BlockDeviceDriver.virtioSCSI
    /// `entropy_source`.
    package var entropySource = "/dev/urandom"
    /// `shared_fs`.
    package var sharedFS = SharedFS.virtioFS
    /// `virtio_fs_daemon`.
    package var virtioFSDaemon = "/usr/libexec/virtiofsd"
    /// `msize_9p`.
    package var msize9p: UInt32 = 8192
    /// `hot_plug_vfio`.
    package var hotPlugVFIO = VFIOPort.noPort
    /// `cold_plug_vfio`.
    package var coldPlugVFIO = VFIOPort.noPort
    /// `pcie_root_port`.
    package var pcieRootPort: UInt32 = 0
    /// `pcie_switch_port`.
    package var pcieSwitchPort: UInt32 = 0
    /// `enable_debug`.
    package var enableDebug = false
    /// `rootless`.
    package var rootless = false
    /// `disable_seccomp`.
    package var disableSeccomp = false
    /// `guest_hook_path`.
    package var guestHookPath: String?
    /// `enable_annotations`: regular expressions matched against annotation suffixes.
    package var enableAnnotations: [String] = []
    /// `confidential_guest`.
    package var confidentialGuest = false
    /// `rootfs_type`: the guest image's file system.
    package var rootfsType = RootfsType.ext4
    /// `firmware`: the `-bios` file, symlinks resolved.
    package var firmware: String?
    /// `firmware_volume`: the OVMF vars volume.
    package var firmwareVolume: String?
    /// `pflashes`: each becomes `-pflash <path>`, symlinks resolved.
    package var pflashes: [String] = []
    /// `machine_accelerators`: comma list, items trimmed and empty items dropped.
    package var machineAccelerators: [String] = []
    /// `cpu_features`: comma list appended to `-cpu host,`, normalised like `machine_accelerators`.
    package var cpuFeatures: [String] = []
    /// `kernel_verity_params`: comma list of `key=value` describing a dm-verity root.
    package var kernelVerityParams: String?
    /// `valid_hypervisor_paths`: globs the `path` annotation must match.
    package var validHypervisorPaths: [String] = []
    /// `guest_extension_images`: extra read-only disks.
    package var guestExtensionImages: [GuestExtensionImage] = []
    /// `default_maxmemory` in MiB after clamping to host RAM.
    package var defaultMaxMemoryMiB: UInt64 = 0
    /// `memory_offset` in MiB, added to the maximum memory.
    package var memoryOffsetMiB: UInt64 = 0
    /// `enable_virtio_mem`.
    package var enableVirtioMem = false
    /// `enable_mem_prealloc`.
    package var enableMemPrealloc = false
    /// `enable_hugepages`.
    package var enableHugepages = false
    /// `file_mem_backend`: the directory backing guest RAM with a file.
    package var fileMemBackend: String?
    /// `valid_file_mem_backends`: globs the `file_mem_backend` annotation must match.
    package var validFileMemBackends: [String] = []
    /// `reclaim_guest_freed_memory`: adds a free-page-reporting balloon.
    package var reclaimGuestFreedMemory = false
    /// `enable_guest_swap`.
    package var enableGuestSwap = false
    /// `default_bridges` after clamping to 1...5.
    package var defaultBridges: UInt32 = 1
    /// `enable_iommu`.
    package var enableIOMMU = false
    /// `enable_iommu_platform`.
    package var enableIOMMUPlatform = false
    /// `enable_numa`.
    package var enableNUMA = false
    /// `numa_mapping`: host node list per guest node.
    package var numaMapping: [String] = []
    /// `disable_image_nvdimm`; forced on for microvm and confidential guests.
    package var disableImageNVDIMM = false
    /// `disable_vhost_net`.
    package var disableVhostNet = false
    /// `valid_entropy_sources`: globs the `entropy_source` annotation must match.
    package var validEntropySources: [String] = []
    /// `use_legacy_serial`.
    package var useLegacySerial = false
    /// `seccompsandbox`: the `-sandbox` argument.
    package var seccompSandbox: String?
    /// `disable_block_device_use`.
    package var disableBlockDeviceUse = false
    /// `block_device_aio`.
    package var blockDeviceAIO = BlockDeviceAIO.ioUring
    /// `block_device_cache_set`.
    package var blockDeviceCacheSet = false
    /// `block_device_cache_direct`.
    package var blockDeviceCacheDirect = false
    /// `block_device_cache_noflush`.
    package var blockDeviceCacheNoflush = false
    /// `block_device_logical_sector_size`: 0 or a power of two in 512...65536.
    package var blockDeviceLogicalSectorSize: UInt32 = 0
    /// `block_device_physical_sector_size`: 0 or a power of two in 512...65536.
    package var blockDevicePhysicalSectorSize: UInt32 = 0
    /// `enable_iothreads`.
    package var enableIOThreads = false
    /// `indep_iothreads`.
    package var indepIOThreads: UInt32 = 0
    /// `enable_vhost_user_store`: needs hugepages.
    package var enableVhostUserStore = false
    /// `vhost_user_store_path`.
    package var vhostUserStorePath = "/var/run/kata-containers/vhost-user"
    /// `valid_vhost_user_store_paths`.
    package var validVhostUserStorePaths: [String] = []
    /// `vhost_user_reconnect_timeout_sec`.
    package var vhostUserReconnectTimeoutSeconds: UInt32 = 0
    /// `valid_virtio_fs_daemon_paths`: globs the `virtio_fs_daemon` annotation must match.
    package var validVirtioFSDaemonPaths: [String] = []
    /// `virtio_fs_cache_size` in MiB: the DAX window, 0 for none.
    package var virtioFSCacheSizeMiB: UInt32 = 0
    /// `virtio_fs_queue_size`.
    package var virtioFSQueueSize: UInt32 = 1024
    /// `virtio_fs_extra_args`: appended to the virtiofsd argv.
    package var virtioFSExtraArgs: [String] = []
    /// `virtio_fs_cache`.
    package var virtioFSCache = VirtioFSCache.never
    /// `extra_monitor_socket`, honoured only with `enable_debug`.
    package var extraMonitorSocket: ExtraMonitorSocket?
    /// `disable_nesting_checks`.
    package var disableNestingChecks = false
    /// `hypervisor_loglevel` after clamping to 1...3.
    package var hypervisorLogLevel: UInt32 = 1
    /// `guest_memory_dump_path`: adds pvpanic; dumps land here on guest panic.
    package var guestMemoryDumpPath: String?
    /// `guest_memory_dump_paging`.
    package var guestMemoryDumpPaging = false
    /// `disable_selinux`: no SELinux exec label for QEMU.
    package var disableSELinux = false
    /// `disable_guest_selinux`.
    package var disableGuestSELinux = true
    /// `rx_rate_limiter_max_rate` in bits/s, 0 for none.
    package var rxRateLimiterMaxRate: UInt64 = 0
    /// `tx_rate_limiter_max_rate` in bits/s, 0 for none.
    package var txRateLimiterMaxRate: UInt64 = 0
    /// `sev_snp_guest`.
    package var sevSNPGuest = false
    /// `snp_id_block`.
    package var snpIDBlock: String?
    /// `snp_id_auth`.
    package var snpIDAuth: String?
    /// `snp_guest_policy`.
    package var snpGuestPolicy: UInt64?
    /// `measurement_algo`.
    package var measurementAlgo = "sha512"
    /// `tdx_quote_generation_service_socket_port`.
    package var tdxQuoteGenerationServiceSocketPort: UInt32 = 0
    /// `valid_jailer_paths`: kept so files written for other VMMs load; QEMU has no jailer.
    package var validJailerPaths: [String] = []

    /// Kata's code defaults.
    package init() {}
}

/// One `[[hypervisor.qemu.guest_extension_images]]` entry.
package struct GuestExtensionImage: Sendable, Equatable {
    /// `name`: ASCII letters, digits, `-` and `_`; the disk serial is `extension-<name>`.
    package var name: String
    /// `path`: the raw image.
    package var path: String
    /// `verity_params`: passed as `kata.extension.<name>.verity_params`.
    package var verityParams: String?

    /// An extension image.
    package init(name: String, path: String, verityParams: String? = nil) {
        self.name = name
        self.path = path
        self.verityParams = verityParams
    }
}
