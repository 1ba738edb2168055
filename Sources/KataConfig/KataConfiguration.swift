// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

/// The whole configuration.toml after defaults, drop-ins, clamping and validation.
package struct KataConfiguration: Sendable, Equatable {
    /// `[hypervisor.qemu]`.
    package var hypervisor = QEMUSettings()
    /// `[agent.kata]`.
    package var agent = AgentSettings()
    /// `[runtime]`.
    package var runtime = RuntimeSettings()
    /// `[factory]`.
    package var factory = FactorySettings()

    /// A configuration with Kata's code defaults, as if the file were empty.
    package init() {}
}

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

    /// Kata's code defaults.
    package init() {}
}

/// `[agent.kata]`.
package struct AgentSettings: Sendable, Equatable {
    /// `enable_debug`.
    package var enableDebug = false
    /// `enable_tracing`.
    package var enableTracing = false
    /// `debug_console_enabled`.
    package var debugConsoleEnabled = false
    /// `dial_timeout` in seconds.
    package var dialTimeoutSeconds: UInt32 = 45
    /// `kernel_modules`: each a module name followed by its parameters.
    package var kernelModules: [String] = []

    /// Kata's code defaults.
    package init() {}
}

/// `[runtime]`.
package struct RuntimeSettings: Sendable, Equatable {
    /// `enable_debug`.
    package var enableDebug = false
    /// `enable_tracing`.
    package var enableTracing = false
    /// `internetworking_model`.
    package var internetworkingModel = InternetworkingModel.tcfilter
    /// `disable_guest_seccomp`.
    package var disableGuestSeccomp = true
    /// `disable_new_netns`.
    package var disableNewNetns = false
    /// `sandbox_cgroup_only`.
    package var sandboxCgroupOnly = false
    /// `static_sandbox_resource_mgmt`.
    package var staticSandboxResourceMgmt = false
    /// `guest_selinux_label`.
    package var guestSELinuxLabel: String?
    /// `experimental`: feature names.
    package var experimental: [String] = []

    /// Kata's code defaults.
    package init() {}
}

/// `[factory]`.
package struct FactorySettings: Sendable, Equatable {
    /// `enable_template`.
    package var enableTemplate = false
    /// `template_path`.
    package var templatePath = "/run/vc/vm/template"
    /// `vm_cache_number`.
    package var vmCacheNumber: UInt32 = 0
    /// `vm_cache_endpoint`.
    package var vmCacheEndpoint = "/var/run/kata-containers/cache.sock"

    /// Kata's code defaults.
    package init() {}
}

/// `machine_type` values QEMU accepts on x86_64.
package enum MachineType: String, Sendable, CaseIterable {
    /// The default PCIe machine.
    case q35
    /// The minimal machine without PCI.
    case microvm
}

/// How QEMU runs guest code.
package enum Accelerator: String, Sendable, CaseIterable {
    /// Hardware virtualization through /dev/kvm.
    case kvm
    /// QEMU's software emulation, for hosts without usable hardware virtualization.
    case tcg
}

/// `block_device_driver` values.
package enum BlockDeviceDriver: String, Sendable, CaseIterable {
    /// virtio-scsi.
    case virtioSCSI = "virtio-scsi"
    /// virtio-blk.
    case virtioBlk = "virtio-blk"
    /// virtio-mmio.
    case virtioMMIO = "virtio-mmio"
    /// nvdimm.
    case nvdimm
    /// virtio-blk-ccw.
    case virtioBlkCCW = "virtio-blk-ccw"
}

/// `shared_fs` values.
package enum SharedFS: String, Sendable, CaseIterable {
    /// virtio-fs with virtiofsd.
    case virtioFS = "virtio-fs"
    /// virtio-9p.
    case virtio9p = "virtio-9p"
    /// virtio-fs with the daemon inside the runtime.
    case inlineVirtioFS = "inline-virtio-fs"
    /// virtio-fs with nydusd.
    case virtioFSNydus = "virtio-fs-nydus"
    /// No shared file system.
    case none
}

/// `hot_plug_vfio` / `cold_plug_vfio` values.
package enum VFIOPort: String, Sendable, CaseIterable {
    /// No port.
    case noPort = "no-port"
    /// A PCI bridge port.
    case bridgePort = "bridge-port"
    /// A PCIe root port.
    case rootPort = "root-port"
    /// A PCIe switch port.
    case switchPort = "switch-port"
}

/// `internetworking_model` values.
package enum InternetworkingModel: String, Sendable, CaseIterable {
    /// tc mirred between the veth and a tap (also spelled `default`).
    case tcfilter
    /// A macvtap on the veth.
    case macvtap
    /// No network set-up.
    case none
}
