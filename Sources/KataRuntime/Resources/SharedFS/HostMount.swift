// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import KataError
package import KataLinux

/// The host mounts the sandbox makes, as `KataError`s naming the paths.
package enum HostMount {
    /// Binds `source` onto `target` (recursively), read-only when asked.
    /// - Parameters:
    ///   - source: what to bind.
    ///   - target: the existing mount point.
    ///   - readOnly: remount the bind read-only.
    /// - Throws: `KataError` naming both paths.
    package static func bind(_ source: String, onto target: String, readOnly: Bool) throws(KataError) {
        do {
            try Mount.mount(source: source, target: target, type: nil, flags: [.bind, .recursive])
        } catch {
            throw KataError(.internal, "cannot bind \(source) onto \(target)", underlying: error)
        }
        guard readOnly else { return }
        do {
            try Mount.mount(source: "none", target: target, type: nil, flags: [.remount, .bind, .readOnly])
        } catch {
            try? Mount.unmount(target, detach: true)
            throw KataError(.internal, "cannot make the bind of \(source) on \(target) read-only", underlying: error)
        }
    }

    /// Binds `source` at `target`, an existing mount point under the shared `mounts/` tree, with
    /// the share's propagation and read-only flag.
    ///
    /// The bind is finished at `staging`, under a private mount, and then moved: a bind made
    /// straight under `mounts/` would be copied to `shared/` and virtiofsd's namespace before its
    /// propagation and read-only flag were set, so those copies would stay writable and keep
    /// receiving the host's mounts even for a private volume; and on a shared source it would be
    /// the source's peer until then, so a lazy unmount could take the source's submounts with it.
    /// - Parameters:
    ///   - source: the host path shared.
    ///   - target: the mount point under `mounts/`.
    ///   - staging: a path that does not exist yet, under the sandbox's private staging mount;
    ///     created and removed here.
    ///   - readOnly: remount the bind read-only.
    ///   - propagation: `.private` cuts the share from later host mounts (rprivate); the others make
    ///     it the source's slave (rslave), so they reach the guest.
    /// - Throws: `KataError` naming the paths and the step that failed; nothing is left mounted.
    package static func share(
        _ source: String, onto target: String, staging: String, readOnly: Bool, propagation: SharedPath.Propagation
    ) throws(KataError) {
        let isDirectory = FileSystem.fileType(source) == .directory
        do {
            if isDirectory { try FileSystem.mkdirAll(staging) } else { try FileSystem.touch(staging) }
        } catch {
            throw KataError(.internal, "cannot create the staging point \(staging) for \(source)", underlying: error)
        }
        defer {
            if isDirectory { try? FileSystem.removeDirectory(staging) } else { try? FileSystem.remove(staging) }
        }
        try bind(source, onto: staging, readOnly: readOnly)
        let isPrivate = propagation == .private
        do {
            try Mount.mount(
                source: "none", target: staging, type: nil, flags: [isPrivate ? .private : .slave, .recursive])
        } catch {
            try? Mount.unmount(staging, detach: true)
            throw KataError(
                .internal, "cannot make the bind of \(source) at \(staging) \(isPrivate ? "rprivate" : "rslave")",
                underlying: error)
        }
        do {
            try Mount.mount(source: staging, target: target, type: nil, flags: .move)
        } catch {
            try? Mount.unmount(staging, detach: true)
            throw KataError(
                .internal, "cannot move the bind of \(source) from \(staging) to \(target)", underlying: error)
        }
    }

    /// Sets the propagation of the mount at `target`.
    /// - Parameters:
    ///   - target: the mount point.
    ///   - propagation: `.shared`, `.slave` or `.private`.
    /// - Throws: `KataError` naming the path.
    package static func setPropagation(_ target: String, _ propagation: Mount.Flags) throws(KataError) {
        do {
            try Mount.mount(source: "none", target: target, type: nil, flags: propagation)
        } catch {
            throw KataError(.internal, "cannot change mount propagation of \(target)", underlying: error)
        }
    }

    /// Mounts one of containerd's rootfs mounts (`overlay`, `bind`, …) at `target`.
    /// - Parameters:
    ///   - mount: the mount.
    ///   - target: the bundle's rootfs directory.
    /// - Throws: `KataError` naming the type, source and target.
    package static func mount(_ mount: RootfsMount, at target: String) throws(KataError) {
        let options = Mount.Options(mount.options)
        let isBind = options.flags.contains(.bind) || mount.type == "bind"
        do {
            try Mount.mount(
                source: mount.source, target: target, type: isBind ? nil : mount.type,
                flags: isBind ? options.flags.union(.bind) : options.flags,
                data: options.data.isEmpty ? nil : options.data)
        } catch {
            throw KataError(
                .internal, "cannot mount the \(mount.type) rootfs \(mount.source) at \(target)", underlying: error)
        }
    }

    /// Unmounts `target`; a busy mount is detached instead, and one that is not mounted is fine.
    /// - Parameter target: the mount point.
    /// - Returns: false when the target is still mounted afterwards.
    @discardableResult
    package static func unmount(_ target: String) -> Bool {
        do {
            try Mount.unmount(target)
            return true
        } catch {
            if case .syscall(_, _, let errno) = error, errno == .invalidArgument || errno == .noSuchFileOrDirectory {
                return true
            }
            return (try? Mount.unmount(target, detach: true)) != nil
        }
    }

    /// Mount points at or below `directory`, deepest (last mounted) first.
    /// - Parameter directory: the tree.
    /// - Returns: the mount points.
    package static func mountPoints(under directory: String) -> [String] {
        guard let table = try? MountTable.read() else { return [] }
        return table.entries.map(\.mountPoint)
            .filter { $0 == directory || $0.hasPrefix(directory + "/") }
            .reversed()
    }
}
