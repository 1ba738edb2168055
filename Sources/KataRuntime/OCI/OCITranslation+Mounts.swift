// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import OCISpec

extension OCITranslation {
    /// The size of the private `/dev/shm` tmpfs when the sandbox has no shared one: Go's `DefaultShmSize`.
    package static let defaultSHMBytes = 64 << 20

    /// The guest's mounts and the shares they need (§3.3).
    ///
    /// Bind mounts of host paths become binds of the shared directory; `/dev/shm` becomes the
    /// sandbox's shm or a private tmpfs; binds of `/proc`, `/sys` and `/dev` paths and every other
    /// file system type (`proc`, `sysfs`, `devpts`, `mqueue`, `tmpfs`, `cgroup`…) pass through, the
    /// guest having its own.
    /// - Parameters:
    ///   - mounts: the OCI mounts in order.
    ///   - context: the translation context.
    /// - Returns: the guest's mounts in the same order, the shares for them, and a `watchable-bind`
    ///   storage for each source in `context.watchableSources`.
    /// - Throws: `OCITranslation.Error` for a bind mount without an absolute source or an idmapped mount.
    package static func mounts(
        _ mounts: [Mount], context: Context
    ) throws(Error) -> (mounts: [Mount], shares: [SharedPath], storages: [GuestStorage]) {
        var out: [Mount] = []
        var shares: [SharedPath] = []
        var storages: [GuestStorage] = []
        for (index, mount) in mounts.enumerated() {
            if mount.uidMappings != nil || mount.gidMappings != nil {
                throw Error(
                    containerID: context.containerID,
                    reason: .unsupported(
                        field: "mounts[\(index)].\(mount.uidMappings != nil ? "uidMappings" : "gidMappings")",
                        problem: "idmapped mounts cannot be expressed in the agent protocol"))
            }
            if mount.destination == "/dev/shm" {
                out.append(shm(mount, sandboxHasSHM: context.sandboxHasSHM))
                continue
            }
            guard isBind(mount) else {
                out.append(mount)
                continue
            }
            guard let source = mount.source, source.hasPrefix("/") else {
                throw Error(
                    containerID: context.containerID,
                    reason: .invalid(
                        field: "mounts[\(index)].source",
                        problem: mount.source.map { "a bind mount needs an absolute host path, not \"\($0)\"" }
                            ?? "a bind mount needs a host path"))
            }
            if isGuestOwned(source) {
                out.append(mount)
                continue
            }
            let name = shareName(containerID: context.containerID, index: index, mount: mount, source: source)
            let share = SharedPath(
                hostSource: source, hostTarget: KataPaths.hostMounts(sandboxID: context.sandboxID, name),
                guestPath: KataPaths.guestShared(name), readOnly: (mount.options ?? []).contains("ro"),
                propagation: SharedPath.Propagation(options: mount.options ?? []))
            var translated = mount
            translated.source = share.guestPath
            translated.type = "bind"
            if context.watchableSources.contains(source) {
                // The agent polls the shared copy and mirrors it into a tmpfs the container can watch.
                let storage = GuestStorage(
                    driver: "watchable-bind", source: share.guestPath, fstype: "bind", options: mount.options ?? [],
                    mountPoint: KataPaths.guestShared("watchable/" + name))
                storages.append(storage)
                translated.source = storage.mountPoint
            }
            shares.append(share)
            out.append(translated)
        }
        return (out, shares, storages)
    }

    /// `/dev/shm` as Kata's handleShm makes it.
    private static func shm(_ mount: Mount, sandboxHasSHM: Bool) -> Mount {
        if sandboxHasSHM {
            return Mount(
                destination: mount.destination, type: "bind", source: KataPaths.guestSandboxSHM, options: ["rbind"])
        }
        return Mount(
            destination: mount.destination, type: "tmpfs", source: "shm",
            options: ["noexec", "nosuid", "nodev", "mode=1777", "size=\(defaultSHMBytes)"])
    }

    /// A bind mount: type `bind`, or any type with a `bind`/`rbind` option (`"type": "none"`).
    private static func isBind(_ mount: Mount) -> Bool {
        mount.type == "bind" || (mount.options ?? []).contains { $0 == "bind" || $0 == "rbind" }
    }

    /// Host paths the guest has its own copy of, so a bind of them is made from the guest's.
    private static func isGuestOwned(_ source: String) -> Bool {
        ["/proc", "/sys", "/dev"].contains { source == $0 || source.hasPrefix($0 + "/") }
    }

    /// `<cid>-<16 hex>-<basename(destination)>`, Go's volume name with a digest in place of random
    /// bytes, so that translating the same spec twice gives the same paths.
    private static func shareName(containerID: String, index: Int, mount: Mount, source: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "\(index)\u{0}\(source)\u{0}\(mount.destination)".utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        let padded = String(repeating: "0", count: 16 - hex.count) + hex
        let base = mount.destination.split(separator: "/").last.map(String.init) ?? "root"
        return "\(containerID)-\(padded)-\(base)"
    }
}
