// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import KataConfig

extension GuestSandbox {
    /// CreateSandbox's content for this configuration (kata-agent spec §3.2).
    /// - Parameters:
    ///   - id: the sandbox.
    ///   - hostname: the first container's hostname.
    ///   - configuration: the configuration.
    ///   - sandboxPidns: whether containers share a sandbox PID namespace.
    /// - Returns: the request.
    package static func build(
        id: String, hostname: String, configuration: KataConfiguration, sandboxPidns: Bool
    ) -> GuestSandbox {
        GuestSandbox(
            id: id, hostname: hostname, storages: [sharedStorage(configuration.hypervisor)], sandboxPidns: sandboxPidns,
            guestHookPath: configuration.hypervisor.guestHookPath,
            kernelModules: kernelModules(configuration.agent.kernelModules))
    }

    /// The `kataShared` virtio-fs storage mounted on `/run/kata-containers/shared/containers/`;
    /// `dax` only with a DAX window and a cache mode other than never/metadata.
    /// - Parameter settings: the hypervisor settings.
    /// - Returns: the storage.
    package static func sharedStorage(_ settings: QEMUSettings) -> GuestStorage {
        let dax =
            settings.virtioFSCacheSizeMiB > 0 && settings.virtioFSCache != .never && settings.virtioFSCache != .metadata
        return GuestStorage(
            driver: "virtio-fs", source: SharedFSLayout.mountTag, fstype: "virtiofs", options: dax ? ["dax"] : [],
            mountPoint: KataPaths.guestSharedDirectory + "/")
    }

    /// `kernel_modules` entries (`"name param=v …"`) split into a name and its parameters.
    /// - Parameter entries: the configured entries.
    /// - Returns: the modules; blank entries are skipped.
    package static func kernelModules(_ entries: [String]) -> [KernelModule] {
        entries.compactMap { entry in
            let words = entry.split(whereSeparator: \.isWhitespace).map(String.init)
            guard let name = words.first else { return nil }
            return KernelModule(name: name, parameters: Array(words.dropFirst()))
        }
    }
}
