// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import AgentAPI
package import OCISpec

extension Grpc_Spec {
    /// The agent's spec, field by field.
    ///
    /// Absent strings, lists and maps become empty; absent sections stay unset. `domainname` has no
    /// field in the agent protocol and is dropped.
    /// - Parameter spec: the OCI spec as the guest must see it.
    package init(_ spec: Spec) {
        self.init()
        version = spec.ociVersion
        if let process = spec.process {
            self.process = Grpc_Process(process)
        }
        if let root = spec.root {
            self.root = Grpc_Root(root)
        }
        hostname = spec.hostname ?? ""
        mounts = (spec.mounts ?? []).map(Grpc_Mount.init)
        if let hooks = spec.hooks {
            self.hooks = Grpc_Hooks(hooks)
        }
        annotations = spec.annotations ?? [:]
        if let linux = spec.linux {
            self.linux = Grpc_Linux(linux)
        }
    }
}

extension Grpc_Root {
    /// The agent's root; absent `readonly` is false.
    /// - Parameter root: the OCI root.
    package init(_ root: Root) {
        self.init()
        path = root.path
        readonly = root.readonly ?? false
    }
}

extension Grpc_Mount {
    /// The agent's mount; absent type and source become "", absent options [].
    /// `uidMappings` and `gidMappings` have no field in the agent protocol and are dropped.
    /// - Parameter mount: the OCI mount.
    package init(_ mount: Mount) {
        self.init()
        destination = mount.destination
        type = mount.type ?? ""
        source = mount.source ?? ""
        options = mount.options ?? []
    }
}

extension Grpc_Hooks {
    /// The agent's hooks, list by list; absent lists become empty.
    /// - Parameter hooks: the OCI hooks.
    package init(_ hooks: Hooks) {
        self.init()
        prestart = (hooks.prestart ?? []).map(Grpc_Hook.init)
        poststart = (hooks.poststart ?? []).map(Grpc_Hook.init)
        poststop = (hooks.poststop ?? []).map(Grpc_Hook.init)
        createRuntime = (hooks.createRuntime ?? []).map(Grpc_Hook.init)
        createContainer = (hooks.createContainer ?? []).map(Grpc_Hook.init)
        startContainer = (hooks.startContainer ?? []).map(Grpc_Hook.init)
    }
}

extension Grpc_Hook {
    /// The agent's hook; an absent timeout is 0.
    /// - Parameter hook: the OCI hook.
    package init(_ hook: Hook) {
        self.init()
        path = hook.path
        args = hook.args ?? []
        env = hook.env ?? []
        timeout = Int64(hook.timeout ?? 0)
    }
}
