// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

extension OCITranslation {
    /// Why a container's spec cannot be sent to the agent; names the container and the OCI field.
    package struct Error: Swift.Error, CustomStringConvertible, Sendable, Equatable {
        /// The container whose spec was translated.
        package var containerID: String
        /// What is wrong.
        package var reason: Reason

        /// An error about `containerID`.
        /// - Parameters:
        ///   - containerID: the container.
        ///   - reason: what is wrong.
        package init(containerID: String, reason: Reason) {
            self.containerID = containerID
            self.reason = reason
        }

        /// The kinds of failure.
        package enum Reason: Sendable, Equatable {
            /// A field Kata needs is absent (`process`, `root`).
            case missing(field: String)
            /// A field has a value Kata cannot use.
            case invalid(field: String, problem: String)
            /// A field asks for something this runtime or the agent protocol cannot do.
            case unsupported(field: String, problem: String)
        }

        /// `container <cid>: <field>: <problem>`.
        package var description: String {
            switch reason {
            case .missing(let field):
                return "container \(containerID): \(field): is required to create a container"
            case .invalid(let field, let problem), .unsupported(let field, let problem):
                return "container \(containerID): \(field): \(problem)"
            }
        }
    }
}
