// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataError
import OCISpec

/// The host namespaces a container may ask to share, and the refusal: a VM has its own kernel, so
/// it cannot join the host's network, IPC or PID namespace.
///
/// why: an OCI spec asks to share a host namespace by leaving that namespace out (containerd's CRI
/// does so for Kubernetes' hostNetwork, hostIPC and hostPID). Upstream Kata then quietly gives the
/// pod a namespace of its own, so a pod that asked for the host's network starts with a private
/// one and half works; refusing at create says what happened and what to use instead.
enum HostNamespaces {
    /// The namespaces a spec must name, with the Kubernetes field that leaves each out.
    static let required: [(type: Linux.NamespaceType, name: String, podField: String)] = [
        (.network, "network", "hostNetwork"), (.ipc, "IPC", "hostIPC"), (.pid, "PID", "hostPID"),
    ]

    /// Refuses a spec that shares a host namespace.
    /// - Parameters:
    ///   - spec: the container's spec.
    ///   - containerID: the container, for the message.
    /// - Throws: `KataError(.invalidArgument)` naming the namespace, the pod field and the way out.
    static func refuseSharing(_ spec: OCISpec.Spec, containerID: String) throws(KataError) {
        let present = Set((spec.linux?.namespaces ?? []).map(\.type))
        let shared = required.filter { !present.contains($0.type) }
        guard !shared.isEmpty else { return }
        let names = shared.map(\.name).joined(separator: ", ")
        let fields = shared.map { "\($0.podField): true" }.joined(separator: ", ")
        throw KataError(
            .invalidArgument,
            "container \(containerID): its spec has no \(names) namespace in linux.namespaces, so it asks to "
                + "share the host's (Kubernetes \(fields)); kata-containers runs the pod in a VM with its own "
                + "kernel and cannot share the host's \(names) namespace: run this pod with a runc RuntimeClass "
                + "or drop \(shared.count == 1 ? "that field" : "those fields")")
    }
}
