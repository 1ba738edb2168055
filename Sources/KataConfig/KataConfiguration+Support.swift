// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

/// A key this runtime reads but does not act on, and how much it matters when it is set.
struct UnsupportedSetting: Sendable {
    /// Whether setting the key is refused or only reported.
    enum Severity: Sendable {
        /// The value would change what the sandbox does upstream; loading fails.
        case error
        /// Upstream's QEMU runtime does nothing with the value in this setup either; loading warns.
        case warning
    }

    /// The full dotted key, e.g. `hypervisor.qemu.enable_hugepages`.
    let key: String
    let severity: Severity
    /// Why it has no effect here.
    let reason: String
    /// The value as written when it is set to something other than "off", else nil.
    let value: @Sendable (KataConfiguration) -> String?
}

extension KataConfiguration {
    /// Every parsed key without an effect in this runtime. A key missing here either takes effect
    /// (Sources/KataConfig/README.md lists where) or is refused at load by `validate`.
    static let unsupportedSettings: [UnsupportedSetting] = hypervisorUnsupported + otherUnsupported

    private static func flag(_ value: Bool) -> String? { value ? "true" : nil }
    private static func number<T: BinaryInteger>(_ value: T, unless off: T = 0) -> String? {
        value == off ? nil : "\(value)"
    }
    private static func text(_ value: String?) -> String? { value.map { "\"\($0)\"" } }
    private static func list(_ value: [String]) -> String? {
        value.filter { !$0.isEmpty }.isEmpty ? nil : "[" + value.map { "\"\($0)\"" }.joined(separator: ", ") + "]"
    }

    private static let noBlockDevices = "no block devices are attached: rootfs and volumes are shared over virtio-fs"
    private static let noConfidential = "confidential guests (SEV-SNP, TDX) are not supported"

    private static let hypervisorUnsupported: [UnsupportedSetting] = {
        typealias S = UnsupportedSetting
        let q = "hypervisor.qemu."
        return [
            S(key: q + "image", severity: .error, reason: "the guest boots from an initrd only; set initrd") {
                text($0.hypervisor.image)
            },
            S(key: q + "rootfs_type", severity: .error, reason: "it applies to image, which is not supported") {
                $0.hypervisor.rootfsType == .ext4 ? nil : text($0.hypervisor.rootfsType.rawValue)
            },
            S(key: q + "kernel_verity_params", severity: .error, reason: "dm-verity needs an image root") {
                text($0.hypervisor.kernelVerityParams)
            },
            S(key: q + "guest_extension_images", severity: .error, reason: "extension disks are not attached") {
                list($0.hypervisor.guestExtensionImages.map(\.name))
            },
            S(key: q + "firmware_volume", severity: .error, reason: "only firmware (-bios) is passed to QEMU") {
                text($0.hypervisor.firmwareVolume)
            },
            S(key: q + "pflashes", severity: .error, reason: "-pflash is not passed to QEMU") {
                list($0.hypervisor.pflashes)
            },
            S(key: q + "confidential_guest", severity: .error, reason: noConfidential) {
                flag($0.hypervisor.confidentialGuest)
            },
            S(key: q + "sev_snp_guest", severity: .error, reason: noConfidential) { flag($0.hypervisor.sevSNPGuest) },
            S(key: q + "snp_id_block", severity: .error, reason: noConfidential) { text($0.hypervisor.snpIDBlock) },
            S(key: q + "snp_id_auth", severity: .error, reason: noConfidential) { text($0.hypervisor.snpIDAuth) },
            S(key: q + "snp_guest_policy", severity: .error, reason: noConfidential) {
                $0.hypervisor.snpGuestPolicy.map { "\($0)" }
            },
            S(key: q + "measurement_algo", severity: .error, reason: noConfidential) {
                $0.hypervisor.measurementAlgo == "sha512" ? nil : text($0.hypervisor.measurementAlgo)
            },
            S(key: q + "tdx_quote_generation_service_socket_port", severity: .error, reason: noConfidential) {
                number($0.hypervisor.tdxQuoteGenerationServiceSocketPort)
            },
            S(key: q + "enable_virtio_mem", severity: .error, reason: "memory is not hot-plugged with virtio-mem") {
                flag($0.hypervisor.enableVirtioMem)
            },
            S(key: q + "enable_hugepages", severity: .error, reason: "guest RAM is a plain memfd, not hugetlbfs") {
                flag($0.hypervisor.enableHugepages)
            },
            S(key: q + "file_mem_backend", severity: .error, reason: "guest RAM is a memfd, never a file") {
                text($0.hypervisor.fileMemBackend)
            },
            S(key: q + "enable_guest_swap", severity: .error, reason: "no swap device is given to the guest") {
                flag($0.hypervisor.enableGuestSwap)
            },
            S(key: q + "default_bridges", severity: .error, reason: "devices sit on pcie.0; no PCI bridge is added") {
                $0.hypervisor.defaultBridges == 0 ? nil : number($0.hypervisor.defaultBridges, unless: 1)
            },
            S(key: q + "enable_iommu", severity: .error, reason: "no vIOMMU device is added to the VM") {
                flag($0.hypervisor.enableIOMMU)
            },
            S(key: q + "enable_iommu_platform", severity: .error, reason: "no vIOMMU device is added to the VM") {
                flag($0.hypervisor.enableIOMMUPlatform)
            },
            S(key: q + "enable_numa", severity: .error, reason: "the guest has one NUMA node") {
                flag($0.hypervisor.enableNUMA)
            },
            S(key: q + "numa_mapping", severity: .error, reason: "the guest has one NUMA node") {
                list($0.hypervisor.numaMapping)
            },
            S(key: q + "hot_plug_vfio", severity: .error, reason: "VFIO devices are not supported") {
                $0.hypervisor.hotPlugVFIO == .noPort ? nil : text($0.hypervisor.hotPlugVFIO.rawValue)
            },
            S(key: q + "cold_plug_vfio", severity: .error, reason: "VFIO devices are not supported") {
                $0.hypervisor.coldPlugVFIO == .noPort ? nil : text($0.hypervisor.coldPlugVFIO.rawValue)
            },
            S(key: q + "pcie_root_port", severity: .error, reason: "no PCIe root ports are added (no VFIO)") {
                number($0.hypervisor.pcieRootPort)
            },
            S(key: q + "pcie_switch_port", severity: .error, reason: "no PCIe switch ports are added (no VFIO)") {
                number($0.hypervisor.pcieSwitchPort)
            },
            S(key: q + "rootless", severity: .error, reason: "QEMU runs as root") { flag($0.hypervisor.rootless) },
            S(key: q + "seccompsandbox", severity: .error, reason: "-sandbox is not passed to QEMU") {
                text($0.hypervisor.seccompSandbox)
            },
            S(key: q + "extra_monitor_socket", severity: .error, reason: "QEMU gets only the runtime's QMP socket") {
                $0.hypervisor.extraMonitorSocket.map { "\"\($0.rawValue)\"" }
            },
            S(key: q + "guest_memory_dump_path", severity: .error, reason: "no pvpanic device, no memory dumps") {
                text($0.hypervisor.guestMemoryDumpPath)
            },
            S(key: q + "guest_memory_dump_paging", severity: .error, reason: "no pvpanic device, no memory dumps") {
                flag($0.hypervisor.guestMemoryDumpPaging)
            },
            S(key: q + "rx_rate_limiter_max_rate", severity: .error, reason: "no tc rate limiter on the tap") {
                number($0.hypervisor.rxRateLimiterMaxRate)
            },
            S(key: q + "tx_rate_limiter_max_rate", severity: .error, reason: "no tc rate limiter on the tap") {
                number($0.hypervisor.txRateLimiterMaxRate)
            },
            S(key: q + "msize_9p", severity: .error, reason: "virtio-9p is not supported (shared_fs = \"virtio-fs\")") {
                $0.hypervisor.msize9p == 0 ? nil : number($0.hypervisor.msize9p, unless: 8192)
            },
            S(key: q + "block_device_aio", severity: .error, reason: noBlockDevices) {
                $0.hypervisor.blockDeviceAIO == .ioUring ? nil : text($0.hypervisor.blockDeviceAIO.rawValue)
            },
            S(key: q + "block_device_cache_set", severity: .error, reason: noBlockDevices) {
                flag($0.hypervisor.blockDeviceCacheSet)
            },
            S(key: q + "block_device_cache_direct", severity: .error, reason: noBlockDevices) {
                flag($0.hypervisor.blockDeviceCacheDirect)
            },
            S(key: q + "block_device_cache_noflush", severity: .error, reason: noBlockDevices) {
                flag($0.hypervisor.blockDeviceCacheNoflush)
            },
            S(key: q + "block_device_logical_sector_size", severity: .error, reason: noBlockDevices) {
                number($0.hypervisor.blockDeviceLogicalSectorSize)
            },
            S(key: q + "block_device_physical_sector_size", severity: .error, reason: noBlockDevices) {
                number($0.hypervisor.blockDevicePhysicalSectorSize)
            },
            S(key: q + "enable_iothreads", severity: .error, reason: noBlockDevices) {
                flag($0.hypervisor.enableIOThreads)
            },
            S(key: q + "indep_iothreads", severity: .error, reason: "no iothread objects are created") {
                number($0.hypervisor.indepIOThreads)
            },
            S(key: q + "enable_vhost_user_store", severity: .error, reason: "vhost-user block devices are not used") {
                flag($0.hypervisor.enableVhostUserStore)
            },
            S(key: q + "vhost_user_reconnect_timeout_sec", severity: .error, reason: "vhost-user block is not used") {
                number($0.hypervisor.vhostUserReconnectTimeoutSeconds)
            },
            S(key: q + "disable_nesting_checks", severity: .error, reason: "the nesting check is not made") {
                flag($0.hypervisor.disableNestingChecks)
            },
            // Upstream's QEMU driver ignores these too: only Cloud Hypervisor and Firecracker read them.
            S(key: q + "disable_seccomp", severity: .warning, reason: "upstream uses it only for other VMMs") {
                flag($0.hypervisor.disableSeccomp)
            },
            S(key: q + "hypervisor_loglevel", severity: .warning, reason: "upstream uses it only for other VMMs") {
                $0.hypervisor.hypervisorLogLevel == 0 ? nil : number($0.hypervisor.hypervisorLogLevel, unless: 1)
            },
        ]
    }()

    private static let otherUnsupported: [UnsupportedSetting] = {
        typealias S = UnsupportedSetting
        return [
            S(key: "runtime.enable_tracing", severity: .error, reason: "OpenTelemetry tracing is not built in") {
                flag($0.runtime.enableTracing)
            },
            S(key: "runtime.guest_selinux_label", severity: .error, reason: "no SELinux label is set in the guest") {
                text($0.runtime.guestSELinuxLabel)
            },
            S(key: "runtime.enable_vcpus_pinning", severity: .error, reason: "vCPU threads are not pinned") {
                flag($0.runtime.enableVCPUsPinning)
            },
            S(key: "runtime.sandbox_bind_mounts", severity: .error, reason: "sandbox bind mounts are not shared") {
                list($0.runtime.sandboxBindMounts.map(\.path))
            },
            S(key: "runtime.vfio_mode", severity: .error, reason: "VFIO devices are not supported") {
                $0.runtime.vfioMode == .guestKernel ? nil : text($0.runtime.vfioMode.rawValue)
            },
            S(key: "runtime.emptydir_mode", severity: .error, reason: "emptyDir volumes are always on the shared fs") {
                $0.runtime.emptyDirMode == .sharedFS ? nil : text($0.runtime.emptyDirMode.rawValue)
            },
            S(
                key: "runtime.experimental_force_guest_pull", severity: .error,
                reason: "images are never pulled in the guest"
            ) {
                flag($0.runtime.experimentalForceGuestPull)
            },
            S(key: "runtime.enable_pprof", severity: .error, reason: "the shim serves no debug endpoint") {
                flag($0.runtime.enablePprof)
            },
            S(key: "runtime.dan_conf", severity: .error, reason: "Directly Attachable Network is not supported") {
                $0.runtime.danConf == "/run/kata-containers/dans" ? nil : text($0.runtime.danConf)
            },
            S(key: "runtime.kubelet_root_dir", severity: .error, reason: "kubelet's directory is not inspected") {
                $0.runtime.kubeletRootDir == "/var/lib/kubelet" ? nil : text($0.runtime.kubeletRootDir)
            },
            S(key: "runtime.pod_resource_api_sock", severity: .error, reason: "VFIO cold plug is not supported") {
                text($0.runtime.podResourceAPISock)
            },
            S(key: "agent.kata.enable_tracing", severity: .error, reason: "the guest agent does not trace") {
                flag($0.agent.enableTracing)
            },
            S(key: "agent.kata.visible_cdi_devices", severity: .error, reason: "the guest agent has no CDI support") {
                flag($0.agent.visibleCDIDevices)
            },
            // Both only matter to the confidential-containers guest components, which upstream's
            // standard guest lacks too.
            S(key: "agent.kata.cdh_api_timeout", severity: .warning, reason: "there is no confidential data hub") {
                number($0.agent.cdhAPITimeoutSeconds)
            },
            S(
                key: "agent.kata.launch_process_timeout", severity: .warning,
                reason: "images are not pulled in the guest"
            ) {
                number($0.agent.launchProcessTimeoutSeconds)
            },
            S(key: "agent.kata.policy", severity: .error, reason: "the guest agent enforces no policy") {
                $0.agent.policy.map { _ in "<policy text>" }
            },
            S(key: "factory.enable_template", severity: .error, reason: "VM templating is not supported") {
                flag($0.factory.enableTemplate)
            },
            S(key: "factory.vm_cache_number", severity: .error, reason: "the VM cache is not supported") {
                number($0.factory.vmCacheNumber)
            },
        ]
    }()

    /// The set keys of `unsupportedSettings`, in table order.
    func unsupportedInUse() -> [(setting: UnsupportedSetting, value: String)] {
        Self.unsupportedSettings.compactMap { setting in setting.value(self).map { (setting, $0) } }
    }

    /// Refuses the first unsupported key set to a value that would change behaviour; reports the others.
    /// - Returns: a warning per key that upstream ignores in this setup as well.
    /// - Throws: `ConfigError` at the key's file and line: "<key> = <value> is not supported by this runtime".
    func checkSupported(context: ConfigContext) throws(ConfigError) -> [ConfigWarning] {
        var warnings: [ConfigWarning] = []
        // Upstream's code default is false (emptyDir in guest memory); only a file that asks for it is told.
        let emptyDir = "runtime.disable_guest_empty_dir"
        if context.origins[emptyDir] != nil, !runtime.disableGuestEmptyDir {
            warnings.append(
                context.warning(
                    emptyDir,
                    "\(emptyDir) = false is not supported by this runtime: emptyDir volumes are shared from the host, as with true"
                ))
        }
        for (setting, value) in unsupportedInUse() {
            let message = "\(setting.key) = \(value) is not supported by this runtime (\(setting.reason))"
            switch setting.severity {
            case .error:
                throw context.error(setting.key, message + "; remove it or set it back to its default")
            case .warning:
                warnings.append(context.warning(setting.key, message + " and is ignored, as upstream ignores it here"))
            }
        }
        return warnings
    }
}
