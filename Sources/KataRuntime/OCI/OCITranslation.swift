// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import AgentAPI
package import OCISpec

/// The host-side rewrite of an OCI spec into the agent's `Grpc_Spec` (kata-agent spec §3.3, §3.4, §5.2).
///
/// Pure: the result depends only on the spec and the `Context`; nothing on the host is read or changed.
/// The caller performs the returned shares, then sends the request.
package enum OCITranslation {
    /// Translates `spec` for CreateContainer.
    /// - Parameters:
    ///   - spec: the container's validated OCI spec.
    ///   - context: ids, paths and settings.
    /// - Returns: the agent spec, storages, host shares and PID namespace choice.
    /// - Throws: `OCITranslation.Error` naming the container and the field that cannot be translated.
    package static func translate(_ spec: Spec, context: Context) throws(Error) -> TranslatedContainer {
        let cid = context.containerID
        guard let process = spec.process else {
            throw Error(containerID: cid, reason: .missing(field: "process"))
        }
        guard let root = spec.root else {
            throw Error(containerID: cid, reason: .missing(field: "root"))
        }
        var out = Grpc_Spec()
        out.version = spec.ociVersion
        out.process = Self.process(process)
        out.hostname = spec.hostname ?? ""
        out.annotations = spec.annotations ?? [:]

        let rootfs = try Self.rootfs(root, context: context)
        out.root = rootfs.root
        var shares = rootfs.shares
        let mounts = try Self.mounts(spec.mounts ?? [], context: context)
        out.mounts = mounts.mounts
        shares += mounts.shares

        var sandboxPidns = false
        if let linux = spec.linux {
            let translated = try Self.linux(linux, context: context)
            out.linux = translated.linux
            sandboxPidns = translated.sandboxPidns
        }
        return TranslatedContainer(
            spec: out, storages: rootfs.storages + mounts.storages, shares: shares, sandboxPidns: sandboxPidns,
            hostHooks: spec.hooks)
    }

    /// The root, storages and shares for the container's root file system (§3.4).
    private static func rootfs(
        _ root: Root, context: Context
    ) throws(Error) -> (root: Grpc_Root, storages: [Grpc_Storage], shares: [SharedPath]) {
        let cid = context.containerID
        var out = Grpc_Root()
        out.readonly = root.readonly ?? false
        switch context.rootfs {
        case .blockDevice(let device):
            var storage = Grpc_Storage()
            storage.driver = device.driver.rawValue
            storage.source = device.source
            storage.fstype = device.fstype
            storage.options = device.fstype == "xfs" ? ["nouuid"] : []
            storage.mountPoint = KataPaths.guestShared(cid)
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
