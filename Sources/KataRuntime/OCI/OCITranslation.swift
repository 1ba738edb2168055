// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import OCISpec

/// The host-side rewrite of a container's OCI spec into the spec the guest must see (kata-agent
/// spec §3.3, §3.4, §5.2): Kata's policy, on OCI values. `Agent/Wire/` turns the result into the
/// agent's messages.
///
/// Pure: the result depends only on the spec and the `Context`; nothing on the host is read or changed.
/// The caller performs the returned shares, then sends the container.
package enum OCITranslation {
    /// Translates `spec` for CreateContainer.
    /// - Parameters:
    ///   - spec: the container's validated OCI spec.
    ///   - context: ids, paths and settings.
    /// - Returns: the guest's container (spec, storages, PID namespace choice), the host shares and hooks.
    /// - Throws: `OCITranslation.Error` naming the container and the field that cannot be translated.
    package static func translate(_ spec: Spec, context: Context) throws(Error) -> TranslatedContainer {
        let cid = context.containerID
        guard let process = spec.process else {
            throw Error(containerID: cid, reason: .missing(field: "process"))
        }
        guard let root = spec.root else {
            throw Error(containerID: cid, reason: .missing(field: "root"))
        }
        var out = spec
        out.process = Self.process(process)
        // The host runs every hook; the guest has none of the host's programs.
        out.hooks = nil

        let rootfs = try Self.rootfs(root, context: context)
        out.root = rootfs.root
        var shares = rootfs.shares
        let mounts = try Self.mounts(spec.mounts ?? [], context: context)
        if spec.mounts != nil {
            out.mounts = mounts.mounts
        }
        shares += mounts.shares

        var sandboxPidns = false
        if let linux = spec.linux {
            let translated = try Self.linux(linux, context: context)
            out.linux = translated.linux
            sandboxPidns = translated.sandboxPidns
        }
        let container = GuestContainer(
            id: cid, spec: out, storages: rootfs.storages + mounts.storages, sandboxPidns: sandboxPidns)
        return TranslatedContainer(container: container, shares: shares, hostHooks: spec.hooks)
    }

    /// The root, storages and shares for the container's root file system (§3.4).
    private static func rootfs(
        _ root: Root, context: Context
    ) throws(Error) -> (root: Root, storages: [GuestStorage], shares: [SharedPath]) {
        let cid = context.containerID
        var out = root
        switch context.rootfs {
        case .blockDevice(let device):
            let storage = GuestStorage(
                driver: device.driver.rawValue, source: device.source, fstype: device.fstype,
                options: device.fstype == "xfs" ? ["nouuid"] : [], mountPoint: KataPaths.guestShared(cid))
            // The device itself is the root file system, so Go drops the `rootfs` suffix.
            out.path = storage.mountPoint
            return (out, [storage], [])
        case .sharedDirectory:
            switch context.sharedFS {
            case .virtioFS, .virtio9p, .inlineVirtioFS:
                break
            case .virtioFSNydus, .none:
                throw Error(
                    containerID: cid,
                    reason: .unsupported(
                        field: "root.path",
                        problem: "shared_fs=\(context.sharedFS.rawValue) cannot share a rootfs directory; "
                            + "use virtio-fs or a block-device rootfs"))
            }
            let name = cid + "/rootfs"
            let hostSource =
                root.path.hasPrefix("/")
                ? root.path
                : (context.bundlePath.hasSuffix("/") ? context.bundlePath : context.bundlePath + "/") + root.path
            out.path = KataPaths.guestShared(name)
            let share = SharedPath(
                hostSource: hostSource, hostTarget: KataPaths.hostMounts(sandboxID: context.sandboxID, name),
                guestPath: out.path, readOnly: false)
            return (out, [], [share])
        }
    }
}
