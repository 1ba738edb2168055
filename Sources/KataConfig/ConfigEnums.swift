// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

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

/// `rootfs_type` values.
package enum RootfsType: String, Sendable, CaseIterable {
    /// ext4.
    case ext4
    /// XFS.
    case xfs
    /// EROFS.
    case erofs
}

/// `block_device_aio` values.
package enum BlockDeviceAIO: String, Sendable, CaseIterable {
    /// Linux io_uring.
    case ioUring = "io_uring"
    /// Linux native AIO.
    case native
    /// QEMU's thread pool.
    case threads
}

/// `virtio_fs_cache` values virtiofsd accepts.
package enum VirtioFSCache: String, Sendable, CaseIterable {
    /// No caching.
    case never
    /// Metadata only.
    case metadata
    /// Cache until the host changes.
    case auto
    /// Cache everything.
    case always
}

/// `extra_monitor_socket` values.
package enum ExtraMonitorSocket: String, Sendable, CaseIterable {
    /// The human monitor.
    case hmp
    /// QMP.
    case qmp
    /// QMP with pretty-printed JSON.
    case qmpPretty = "qmp-pretty"
}

/// `vfio_mode` values.
package enum VFIOMode: String, Sendable, CaseIterable {
    /// The device is passed to the container as a VFIO group.
    case vfio
    /// The guest kernel binds its own driver.
    case guestKernel = "guest-kernel"
}

/// `emptydir_mode` values.
package enum EmptyDirMode: String, Sendable, CaseIterable {
    /// emptyDirs live on the shared file system.
    case sharedFS = "shared-fs"
    /// emptyDirs are encrypted block devices.
    case blockEncrypted = "block-encrypted"
    /// emptyDirs are plain block devices.
    case blockPlain = "block-plain"
}
