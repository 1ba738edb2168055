// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import AgentAPI
import KataError
import OCISpec

// CreateSandbox, CreateContainer and ExecProcess requests as the sandbox takes them. Not carried,
// as no agent code reads them: CreateSandbox's dns; CreateContainer's exec_id, string_user,
// devices, shared_mounts and stdio ports; ExecProcess's string_user and stdio ports.

extension SandboxDefinition {
    /// What CreateSandbox asks for.
    /// - Throws: `KataError(.invalidArgument)` for a storage with an unknown driver.
    init(_ wire: Grpc_CreateSandboxRequest) throws(KataError) {
        self.init(
            id: wire.sandboxID, hostname: wire.hostname,
            kernelModules: wire.kernelModules.map { KernelModule(name: $0.name, parameters: $0.parameters) },
            storages: try [Storage](wire.storages), guestHookPath: wire.guestHookPath.nonEmpty,
            sharedPIDNamespace: wire.sandboxPidns)
    }
}

extension ContainerDefinition {
    /// What CreateContainer asks for.
    /// - Throws: `KataError(.invalidArgument)` for a closed-set value of the spec the runtime spec
    ///   does not know, or a storage with an unknown driver.
    init(_ wire: Grpc_CreateContainerRequest) throws(KataError) {
        self.init(
            id: wire.containerID, spec: wire.hasOci ? try Spec(wire.oci) : nil, storages: try [Storage](wire.storages),
            sharedPIDNamespace: wire.sandboxPidns)
    }
}

extension ExecDefinition {
    /// What ExecProcess asks for.
    /// - Throws: `KataError(.invalidArgument)` for an unknown rlimit type.
    init(_ wire: Grpc_ExecProcessRequest) throws(KataError) {
        self.init(
            containerID: wire.containerID, execID: wire.execID,
            process: wire.hasProcess ? try Process(wire.process) : nil)
    }
}
