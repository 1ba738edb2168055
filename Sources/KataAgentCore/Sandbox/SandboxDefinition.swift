// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

/// What CreateSandbox asks for: the pod's identity, the kernel modules it needs and the storages
/// every container shares.
struct SandboxDefinition: Sendable, Equatable {
    /// A kernel module to load, with its parameters (`name=value`).
    struct KernelModule: Sendable, Equatable {
        /// The module name, as modprobe spells it.
        var name: String
        /// Its parameters.
        var parameters: [String]
    }

    /// The sandbox id.
    var id: String
    /// The pod's host name.
    var hostname: String
    /// The modules to load first.
    var kernelModules: [KernelModule]
    /// The pod's storages (the shared directory).
    var storages: [Storage]
    /// A guest directory with `prestart`/`poststart`/`poststop` hook executables.
    var guestHookPath: String?
    /// Whether the pod's containers share one PID namespace.
    var sharedPIDNamespace: Bool
}
