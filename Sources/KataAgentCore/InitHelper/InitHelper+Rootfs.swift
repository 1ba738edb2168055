// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Cgroups
import KataError
import KataLinux

import struct OCISpec.Spec

extension InitHelper {
    /// Builds a container's root file system in its new mount namespace, as runc does: the spec's
    /// mounts inside the root, /dev with the default devices, the switch of root, then masked and
    /// read-only paths.
    struct Rootfs {
        /// The devices every container gets, as the OCI runtime spec lists them.
        static let defaultDevices = ["null", "zero", "full", "tty", "random", "urandom"]

        let spec: Spec
        var root: String { spec.root?.path ?? "" }

        mutating func build(noPivot: Bool) throws {
            let isShared = [.shared, .rshared].contains(spec.linux?.rootfsPropagation)
            // Nothing mounted in the container may reach the guest's namespace. A shared root is
            // made shared only once it is the root, as runc does: the move (and pivot_root) of a
            // mount whose parent is shared fails with EINVAL.
            let propagation: Mount.Flags =
                switch spec.linux?.rootfsPropagation {
                case .private?, .rprivate?: [.private, .recursive]
                default: [.slave, .recursive]
                }
            try step("set / propagation") {
                try Mount.mount(source: "none", target: "/", type: nil, flags: propagation)
            }
            try step("bind the rootfs \(root) onto itself") {
                try Mount.mount(source: root, target: root, type: nil, flags: [.bind, .recursive])
            }
            for mount in spec.mounts ?? [] {
                try self.mount(
                    destination: mount.destination, source: mount.source ?? "", type: mount.type ?? "",
                    options: mount.options ?? [])
            }
            try populateDevices()
            if noPivot {
                try step("move the root to \(root)") { try ContainerSyscalls.moveRoot(root) }
            } else {
                try step("pivot_root to \(root)") { try ContainerSyscalls.pivotRoot(root) }
            }
            if isShared {
                try step("make / rshared") {
                    try Mount.mount(source: "none", target: "/", type: nil, flags: [.shared, .recursive])
                }
            }
            for (key, value) in (spec.linux?.sysctl ?? [:]).sorted(by: { $0.key < $1.key }) {
                let file = "/proc/sys/" + key.replacingOccurrences(of: ".", with: "/")
                try step("set sysctl \(key)=\(value)") { try FileSystem.writeFile(value, to: file) }
            }
            for path in spec.linux?.maskedPaths ?? [] {
                try mask(path)
            }
            for path in spec.linux?.readonlyPaths ?? [] where FileSystem.exists(path) {
                try step("make \(path) read-only") {
                    try Mount.mount(source: path, target: path, type: nil, flags: [.bind, .recursive])
                    try Mount.mount(
                        source: path, target: path, type: nil, flags: [.bind, .recursive, .remount, .readOnly])
                }
            }
            if spec.root?.readonly ?? false {
                try step("make the root read-only") {
                    try Mount.mount(source: "/", target: "/", type: nil, flags: [.bind, .remount, .readOnly])
                }
            }
            ContainerSyscalls.setUmask(0o022)
        }

        /// One of the spec's `mounts`, below the root.
        private func mount(destination target: String, source: String, type: String, options: [String]) throws {
            let destination = try Self.resolve(target, in: root)
            let options = Mount.Options(options)
            let isBind = type == "bind" || options.flags.contains(.bind)
            try step("mount \(source) on \(target)") {
                if isBind, FileSystem.fileType(source) != .directory {
                    try FileSystem.mkdirAll(destination.parentDirectory)
                    try FileSystem.touch(destination)
                } else {
                    try FileSystem.mkdirAll(destination)
                }
                switch type {
                case _ where isBind:
                    try Mount.mount(
                        source: source, target: destination, type: nil,
                        flags: options.flags.intersection([.bind, .recursive]).union(.bind))
                    let rest = options.flags.subtracting([.bind, .recursive])
                    if !rest.isEmpty {
                        try Mount.mount(
                            source: destination, target: destination, type: nil, flags: rest.union([.bind, .remount]))
                    }
                case "cgroup", "cgroup2":
                    try mountCgroups(at: destination, flags: options.flags)
                default:
                    try Mount.mount(
                        source: source, target: destination, type: type, flags: options.flags,
                        data: options.data.isEmpty ? nil : options.data)
                }
                if !options.propagation.isEmpty {
                    try Mount.mount(source: "none", target: destination, type: nil, flags: options.propagation)
                }
            }
        }

        /// The container's own cgroup at `destination`, as runc shows it: on v2 a new cgroup2 mount,
        /// which inside the container's cgroup namespace has the container's cgroup as its root; on
        /// v1 a tmpfs with the container's directory of each controller bound in it. Either way the
        /// limits the container runs under are the files at the top (`memory.max`,
        /// `memory/memory.limit_in_bytes`).
        /// - Parameters:
        ///   - destination: the resolved mount point.
        ///   - flags: the spec's mount flags (CRI and containerd ask for `ro`, `nosuid`, `noexec`, `nodev`).
        /// - Throws: the failed mount's error; the caller names the mount.
        private func mountCgroups(at destination: String, flags: Mount.Flags) throws {
            let hierarchy = try? CgroupHierarchy.current()
            switch hierarchy {
            case .v2?:
                try Mount.mount(source: "cgroup2", target: destination, type: "cgroup2", flags: flags)
            case .v1(let controllers)?:
                let base: Mount.Flags = [.noSetUID, .noExec, .noDevices]
                try Mount.mount(source: "tmpfs", target: destination, type: "tmpfs", flags: base, data: "mode=755")
                // The agent names the container's cgroup in cgroupsPath (see Sandbox.createContainer).
                let path = spec.linux?.cgroupsPath ?? ""
                for mountPoint in Set(controllers.values).sorted() {
                    let source = mountPoint + path
                    guard let name = mountPoint.split(separator: "/").last, FileSystem.fileType(source) == .directory
                    else { continue }
                    let target = "\(destination)/\(name)"
                    try FileSystem.mkdirAll(target)
                    try Mount.mount(source: source, target: target, type: nil, flags: [.bind, .recursive])
                    try Mount.mount(
                        source: target, target: target, type: nil,
                        flags: flags.union(base).union([.bind, .recursive, .remount]))
                }
                if flags.contains(.readOnly) {
                    try Mount.mount(
                        source: destination, target: destination, type: nil,
                        flags: base.union([.bind, .remount, .readOnly]))
                }
            case nil:
                // No hierarchy in the guest: an empty directory, as the container has no cgroup.
                try Mount.mount(
                    source: "tmpfs", target: destination, type: "tmpfs", flags: [.noSetUID, .noExec, .noDevices],
                    data: "mode=755")
            }
        }

        /// /dev: the default devices bound from the guest's /dev, the spec's devices, and the links.
        private func populateDevices() throws {
            let dev = "\(root)/dev"
            try FileSystem.mkdirAll(dev)
            for name in Self.defaultDevices where FileSystem.fileType("\(dev)/\(name)") == nil {
                try step("create /dev/\(name)") {
                    try FileSystem.touch("\(dev)/\(name)")
                    try Mount.mount(source: "/dev/\(name)", target: "\(dev)/\(name)", type: nil, flags: .bind)
                }
            }
            for device in spec.linux?.devices ?? [] {
                let path = try Self.resolve(device.path, in: root)
                guard !FileSystem.exists(path) else { continue }
                let mode = device.fileMode ?? 0
                try step("create device \(device.path)") {
                    try FileSystem.mkdirAll(path.parentDirectory)
                    try ContainerSyscalls.makeNode(
                        path, type: device.type.rawValue, major: device.major ?? 0, minor: device.minor ?? 0,
                        mode: mode == 0 ? 0o666 : mode)
                    try ContainerSyscalls.changeOwner(path, uid: device.uid ?? 0, gid: device.gid ?? 0)
                }
            }
            let links = [
                ("fd", "/proc/self/fd"), ("stdin", "/proc/self/fd/0"), ("stdout", "/proc/self/fd/1"),
                ("stderr", "/proc/self/fd/2"), ("core", "/proc/kcore"),
            ]
            for (name, target) in links where !FileSystem.exists("\(dev)/\(name)") {
                try? FileSystem.symlink(at: "\(dev)/\(name)", to: target)
            }
            if FileSystem.fileType("\(dev)/pts/ptmx") != nil {
                if FileSystem.fileType("\(dev)/ptmx") != .symbolicLink {
                    try? FileSystem.remove("\(dev)/ptmx")
                }
                try? FileSystem.symlink(at: "\(dev)/ptmx", to: "pts/ptmx")
            }
        }

        /// Hides `path`: /dev/null over a file, an empty read-only tmpfs over a directory.
        private func mask(_ path: String) throws {
            switch FileSystem.fileType(path) {
            case nil:
                return
            case .directory?:
                try step("mask \(path)") {
                    try Mount.mount(source: "tmpfs", target: path, type: "tmpfs", flags: .readOnly)
                }
            default:
                try step("mask \(path)") { try Mount.mount(source: "/dev/null", target: path, type: nil, flags: .bind) }
            }
        }

        /// `path` inside `root`, with every symbolic link on the way resolved as if `root` were `/`
        /// and `..` never leaving it: a spec cannot make the agent mount over a guest path.
        static func resolve(_ path: String, in root: String) throws -> String {
            var resolved: [Substring] = []
            var pending = Array(path.split(separator: "/").reversed())
            var links = 0
            while let component = pending.popLast() {
                switch component {
                case ".":
                    continue
                case "..":
                    _ = resolved.popLast()
                    continue
                default:
                    break
                }
                let candidate = root + "/" + (resolved + [component]).joined(separator: "/")
                guard FileSystem.fileType(candidate) == .symbolicLink else {
                    resolved.append(component)
                    continue
                }
                links += 1
                guard links <= 40 else {
                    throw KataError(.invalidArgument, "mount destination \(path): too many symbolic links")
                }
                let target = (try? FileSystem.readLink(candidate)) ?? ""
                if target.hasPrefix("/") { resolved.removeAll() }
                pending.append(contentsOf: target.split(separator: "/").reversed())
            }
            return root + "/" + resolved.joined(separator: "/")
        }
    }
}

extension String {
    fileprivate var parentDirectory: String {
        guard let slash = lastIndex(of: "/"), slash != startIndex else { return "/" }
        return String(self[..<slash])
    }

    fileprivate func replacingOccurrences(of target: Character, with replacement: Character) -> String {
        String(map { $0 == target ? replacement : $0 })
    }
}
