// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import AgentAPI
package import KataConfig

/// The CreateSandbox request as the Go runtime fills it (kata-agent spec §3.2, §9.1 step 5).
package enum SandboxRequest {
    /// The `kataShared` virtio-fs storage mounted on `/run/kata-containers/shared/containers/`;
    /// `dax` only with a DAX window and a cache mode other than never/metadata.
    /// - Parameter settings: the hypervisor settings.
    /// - Returns: the storage.
    package static func sharedStorage(_ settings: QEMUSettings) -> Grpc_Storage {
        var storage = Grpc_Storage()
        storage.driver = "virtio-fs"
        storage.source = SharedFSLayout.mountTag
        storage.fstype = "virtiofs"
        storage.mountPoint = KataPaths.guestSharedDirectory + "/"
        if settings.virtioFSCacheSizeMiB > 0, settings.virtioFSCache != .never, settings.virtioFSCache != .metadata {
            storage.options = ["dax"]
        }
        return storage
    }

    /// `kernel_modules` entries (`"name param=v …"`) split into a name and its parameters.
    /// - Parameter entries: the configured entries.
    /// - Returns: the modules; blank entries are skipped.
    package static func kernelModules(_ entries: [String]) -> [Grpc_KernelModule] {
        entries.compactMap { entry in
            let words = entry.split(whereSeparator: \.isWhitespace).map(String.init)
            guard let name = words.first else { return nil }
            var module = Grpc_KernelModule()
            module.name = name
            module.parameters = Array(words.dropFirst())
            return module
        }
    }

    /// The request.
    /// - Parameters:
    ///   - sandboxID: the sandbox.
    ///   - hostname: the sandbox's hostname (at most 64 bytes are sent, as Go).
    ///   - configuration: the configuration.
    ///   - sandboxPidns: whether containers share a sandbox PID namespace.
    /// - Returns: the request.
    package static func build(
        sandboxID: String, hostname: String, configuration: KataConfiguration, sandboxPidns: Bool
    ) -> Grpc_CreateSandboxRequest {
        var request = Grpc_CreateSandboxRequest()
        request.sandboxID = sandboxID
        request.hostname = String(decoding: hostname.utf8.prefix(64), as: UTF8.self)
        request.storages = [sharedStorage(configuration.hypervisor)]
        request.sandboxPidns = sandboxPidns
        request.guestHookPath = configuration.hypervisor.guestHookPath ?? ""
        request.kernelModules = kernelModules(configuration.agent.kernelModules)
        return request
    }
}
