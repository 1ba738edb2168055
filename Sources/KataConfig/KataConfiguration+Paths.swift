// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

extension KataConfiguration {
    /// Resolves symlinks in every asset path; each must exist, as Go's `ResolvePath` requires.
    /// - Throws: `ConfigError` naming the key and the path that does not resolve.
    mutating func resolvePaths(fileSystem: any ConfigFileSystem, context: ConfigContext) throws(ConfigError) {
        let q = "hypervisor.qemu."
        func resolve(_ key: String, _ path: String) throws(ConfigError) -> String {
            do {
                return try fileSystem.resolve(path)
            } catch {
                throw context.error(key, "\(key) = \"\(path)\": \(error)")
            }
        }
        hypervisor.path = try resolve(q + "path", hypervisor.path)
        hypervisor.kernel = try resolve(q + "kernel", hypervisor.kernel)
        if let initrd = hypervisor.initrd { hypervisor.initrd = try resolve(q + "initrd", initrd) }
        if let image = hypervisor.image { hypervisor.image = try resolve(q + "image", image) }
        if let firmware = hypervisor.firmware { hypervisor.firmware = try resolve(q + "firmware", firmware) }
        var flashes: [String] = []
        for flash in hypervisor.pflashes { flashes.append(try resolve(q + "pflashes", flash)) }
        hypervisor.pflashes = flashes
        if [.virtioFS, .virtioFSNydus].contains(hypervisor.sharedFS), !hypervisor.virtioFSDaemon.isEmpty {
            hypervisor.virtioFSDaemon = try resolve(q + "virtio_fs_daemon", hypervisor.virtioFSDaemon)
        }
        var mounts: [SandboxBindMount] = []
        for var mount in runtime.sandboxBindMounts {
            mount.path = try resolve("runtime.sandbox_bind_mounts", mount.path)
            mounts.append(mount)
        }
        runtime.sandboxBindMounts = mounts
    }
}
