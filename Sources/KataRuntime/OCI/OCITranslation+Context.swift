// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import KataConfig

extension OCITranslation {
    /// Everything besides the spec that decides the translation: ids, paths and the settings used.
    package struct Context: Sendable, Equatable {
        /// The container being created.
        package var containerID: String
        /// The sandbox (VM) it joins.
        package var sandboxID: String
        /// The bundle directory, against which a relative `root.path` resolves.
        package var bundlePath: String
        /// How the container's root file system reaches the guest.
        package var rootfs: Rootfs
        /// `[runtime] disable_guest_seccomp`.
        package var disableGuestSeccomp: Bool
        /// Whether the agent reported seccomp support (GetGuestDetails `agent_details.supports_seccomp`).
        package var agentSupportsSeccomp: Bool
        /// `[hypervisor.qemu] shared_fs`.
        package var sharedFS: SharedFS
        /// Whether CreateSandbox set up the sandbox-wide shm at `/run/kata-containers/sandbox/shm`.
        package var sandboxHasSHM: Bool
        /// Bind-mount sources the guest must poll for changes, because virtio-fs has no inotify:
        /// Kubernetes secret and configmap volumes holding 1 to 8 files, as the caller found on the host.
        package var watchableSources: Set<String>

        /// A context taking its settings from `configuration`.
        /// - Parameters:
        ///   - containerID: the container.
        ///   - sandboxID: the sandbox.
        ///   - bundlePath: the bundle directory.
        ///   - rootfs: how the rootfs reaches the guest; the bundle's directory through the share by default.
        ///   - configuration: the loaded configuration.toml.
        ///   - agentSupportsSeccomp: what the agent reported.
        ///   - sandboxHasSHM: whether the sandbox has a shared shm.
        ///   - watchableSources: the bind sources that get a `watchable-bind` storage.
        package init(
            containerID: String, sandboxID: String, bundlePath: String, rootfs: Rootfs = .sharedDirectory,
            configuration: KataConfiguration, agentSupportsSeccomp: Bool, sandboxHasSHM: Bool,
            watchableSources: Set<String> = []
        ) {
            self.containerID = containerID
            self.sandboxID = sandboxID
            self.bundlePath = bundlePath
            self.rootfs = rootfs
            self.disableGuestSeccomp = configuration.runtime.disableGuestSeccomp
            self.agentSupportsSeccomp = agentSupportsSeccomp
            self.sharedFS = configuration.hypervisor.sharedFS
            self.sandboxHasSHM = sandboxHasSHM
            self.watchableSources = watchableSources
        }
    }

    /// How a container's root file system reaches the guest (§3.4).
    package enum Rootfs: Sendable, Equatable {
        /// The bundle's rootfs directory, bound into the shared directory.
        case sharedDirectory
        /// A hot-plugged block device holding the file system (devmapper snapshotter).
        case blockDevice(BlockDevice)
    }

    /// A hot-plugged block device that is the container's root file system.
    package struct BlockDevice: Sendable, Equatable {
        /// The storage driver the agent uses to find the device.
        package var driver: Driver
        /// The driver's address: a PCI path (`blk`), SCSI `id:lun` (`scsi`), or a `/dev` path.
        package var source: String
        /// The file system type, e.g. `ext4` or `xfs`.
        package var fstype: String

        /// A block rootfs.
        /// - Parameters:
        ///   - driver: the storage driver.
        ///   - source: its address.
        ///   - fstype: the file system type.
        package init(driver: Driver, source: String, fstype: String) {
            self.driver = driver
            self.source = source
            self.fstype = fstype
        }

        /// Storage drivers the agent knows for block devices.
        package enum Driver: String, Sendable, CaseIterable {
            /// virtio-blk on PCI, addressed by PCI path.
            case blk
            /// virtio-scsi, addressed by `id:lun`.
            case scsi
            /// virtio-blk on MMIO, addressed by `/dev` path.
            case mmioBlk = "mmioblk"
            /// virtio-blk on CCW, addressed by device number.
            case blkCCW = "blk-ccw"
            /// NVDIMM, addressed by `/dev/pmemN`.
            case nvdimm
        }
    }
}
