// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import KataConfig
package import OCISpec

extension GuestSandbox {
    /// What the sandbox's first container (the pod's sandbox container under CRI) says about the pod.
    package struct Pod: Sendable, Equatable {
        /// The pod's hostname.
        package var hostname: String
        /// Whether the first container's pid namespace names a path, Go's `sandbox_pidns` rule.
        package var sandboxPidns: Bool
        /// The size of the sandbox-wide `/dev/shm`; nil when the first container mounts none.
        package var shmBytes: UInt64?

        /// A pod.
        /// - Parameters:
        ///   - hostname: the hostname.
        ///   - sandboxPidns: whether containers share the sandbox's PID namespace.
        ///   - shmBytes: the shm size, or nil for none.
        package init(hostname: String, sandboxPidns: Bool = false, shmBytes: UInt64? = nil) {
            self.hostname = hostname
            self.sandboxPidns = sandboxPidns
            self.shmBytes = shmBytes
        }

        /// The pod as the first container's spec describes it, as Go's `getShmSize` and
        /// `handlePidNamespace` read it.
        /// - Parameters:
        ///   - spec: the first container's spec.
        ///   - fileSystemSize: the size of the file system holding a host path (statfs); asked only
        ///     for a `/dev/shm` bind of a host path other than `/dev/shm`.
        /// - Throws: what `fileSystemSize` throws.
        package init<E: Error>(spec: Spec, fileSystemSize: (String) throws(E) -> UInt64) throws(E) {
            hostname = spec.hostname ?? ""
            sandboxPidns = OCITranslation.namespaces(spec.linux?.namespaces ?? []).sandboxPidns
            shmBytes = nil
            // The last one, the one the container would see: `ctr run --mount` adds a /dev/shm bind
            // after the default spec's tmpfs (Go reads the first; CRI gives one).
            if let shm = (spec.mounts ?? []).last(where: { $0.destination == "/dev/shm" }) {
                shmBytes = UInt64(OCITranslation.defaultSHMBytes)
                // CRI's sandbox shm is a tmpfs on the host, sized by the pod's request.
                if shm.type == "bind", let source = shm.source, source != "/dev/shm" {
                    shmBytes = try fileSystemSize(source)
                }
            }
        }
    }

    /// CreateSandbox's content for this configuration (kata-agent spec §3.2).
    /// - Parameters:
    ///   - id: the sandbox.
    ///   - pod: what the first container says about the pod.
    ///   - configuration: the configuration.
    /// - Returns: the request: the shared directory, then the sandbox shm when the pod has one.
    package static func build(id: String, pod: Pod, configuration: KataConfiguration) -> GuestSandbox {
        var storages = [sharedStorage(configuration.hypervisor)]
        if let bytes = pod.shmBytes, bytes > 0 {
            storages.append(shmStorage(bytes: bytes))
        }
        return GuestSandbox(
            id: id, hostname: pod.hostname, storages: storages, sandboxPidns: pod.sandboxPidns,
            guestHookPath: configuration.hypervisor.guestHookPath,
            kernelModules: kernelModules(configuration.agent.kernelModules))
    }

    /// The `ephemeral` tmpfs at `/run/kata-containers/sandbox/shm` that every container's
    /// `/dev/shm` binds, as Go's `setupStorages` makes it.
    /// - Parameter bytes: its size.
    /// - Returns: the storage.
    package static func shmStorage(bytes: UInt64) -> GuestStorage {
        GuestStorage(
            driver: "ephemeral", source: "shm", fstype: "tmpfs",
            options: ["noexec", "nosuid", "nodev", "mode=1777", "size=\(bytes)"], mountPoint: KataPaths.guestSandboxSHM)
    }

    /// Whether a CreateSandbox request set up the sandbox shm, so that containers bind it.
    package var hasSHM: Bool { storages.contains { $0.mountPoint == KataPaths.guestSandboxSHM } }

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
