// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import AgentAPI

/// The sandbox's shared directory as Kata's runtime hands it to the agent: the virtio-fs tag
/// `kataShared` mounted on `/run/kata-containers/shared/containers/`.
public enum SharedDirectory {
    /// Where the guest mounts it.
    public static let guestPath = "/run/kata-containers/shared/containers"

    /// The CreateSandbox storage that mounts it.
    public static let storage = Grpc_Storage.with {
        $0.driver = "virtio-fs"
        $0.source = "kataShared"
        $0.fstype = "virtiofs"
        $0.mountPoint = guestPath + "/"
    }
}
