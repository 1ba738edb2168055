// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import OCISpec

/// What CreateContainer asks for: the container's OCI spec and the storages it needs mounted.
struct ContainerDefinition: Sendable {
    /// The container id.
    var id: String
    /// The spec as the host sent it; nil when the request had none (refused by the sandbox).
    var spec: Spec?
    /// Storages to mount before the container starts (its volumes).
    var storages: [Storage]
    /// Whether the container joins the pod's PID namespace (that of the pod's first container).
    var sharedPIDNamespace: Bool
}
