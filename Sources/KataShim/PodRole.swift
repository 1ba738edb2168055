// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import FoundationEssentials
package import KataError

/// What a container is within its pod, from the CRI annotations in the bundle's `config.json`;
/// it decides which daemon serves the container.
package enum PodRole: Sendable, Equatable {
    /// The pod's sandbox (pause) container: a new daemon keyed by its own id.
    case sandbox
    /// A container of the pod whose sandbox has this id: served by the sandbox's daemon.
    case member(sandboxID: String)
    /// No pod annotations (`ctr run`): a daemon of its own.
    case single

    /// Type and sandbox-id annotation pairs of CRI containerd, CRI-O and dockershim.
    private static let annotationPairs: [(type: String, sandboxID: String, sandboxValue: String)] = [
        ("io.kubernetes.cri.container-type", "io.kubernetes.cri.sandbox-id", "sandbox"),
        ("io.kubernetes.cri-o.ContainerType", "io.kubernetes.cri-o.SandboxID", "sandbox"),
        ("io.kubernetes.docker.type", "io.kubernetes.sandbox.id", "podsandbox"),
    ]

    /// Reads the role from OCI annotations.
    /// - Parameter annotations: `config.json`'s `annotations`.
    package init(annotations: [String: String]) {
        for pair in Self.annotationPairs {
            guard let type = annotations[pair.type] else {
                continue
            }
            if type == pair.sandboxValue {
                self = .sandbox
                return
            }
            if let sandboxID = annotations[pair.sandboxID], !sandboxID.isEmpty {
                self = .member(sandboxID: sandboxID)
                return
            }
        }
        self = .single
    }

    /// Reads the role from `<bundle>/config.json`.
    /// - Parameter bundle: the bundle directory.
    /// - Throws: `KataError.invalidArgument` when config.json is missing or not JSON.
    package init(bundle: String) throws(KataError) {
        let path = "\(bundle)/config.json"
        let annotations: [String: String]
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            annotations = try JSONDecoder().decode(AnnotatedSpec.self, from: data).annotations ?? [:]
        } catch {
            throw KataError(.invalidArgument, "cannot read annotations from \(path): \(error)")
        }
        self.init(annotations: annotations)
    }

    /// Whether the container is served by its sandbox's daemon.
    package var isMember: Bool {
        if case .member = self { true } else { false }
    }

    /// The id whose daemon serves a container with this role and id `ownID`.
    package func groupID(ownID: String) -> String {
        switch self {
        case .member(let sandboxID): sandboxID
        case .sandbox, .single: ownID
        }
    }

    private struct AnnotatedSpec: Decodable {
        var annotations: [String: String]?
    }
}
