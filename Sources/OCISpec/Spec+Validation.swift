// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

extension Spec {
    /// A rule of the runtime spec that a decoded spec breaks.
    public struct Violation: Swift.Error, CustomStringConvertible, Sendable, Equatable {
        /// The JSON path of the field, e.g. `process.args` or `mounts[3].destination`.
        public var field: String
        /// What is wrong with it.
        public var problem: String

        /// A violation of `field`.
        /// - Parameters:
        ///   - field: the JSON path.
        ///   - problem: what is wrong.
        public init(field: String, problem: String) {
            self.field = field
            self.problem = problem
        }

        /// `<field>: <problem>`.
        public var description: String { "\(field): \(problem)" }
    }

    /// Checks the rules a Linux runtime relies on beyond what decoding enforces.
    ///
    /// `ociVersion` and `root.path` are non-empty, `root` is present, `process.args` has an entry,
    /// `process.cwd`, mount destinations, hook paths and namespace paths are absolute, and no namespace
    /// type repeats.
    /// - Throws: the first `Spec.Violation` found, in document order.
    public func validate() throws(Violation) {
        if ociVersion.isEmpty {
            throw Violation(field: "ociVersion", problem: "must not be empty")
        }
        if let process {
            if process.args?.isEmpty ?? true {
                throw Violation(field: "process.args", problem: "must have at least one entry")
            }
            try Self.requireAbsolute(process.cwd, field: "process.cwd")
        }
        guard let root else {
            throw Violation(field: "root", problem: "is required on Linux")
        }
        if root.path.isEmpty {
            throw Violation(field: "root.path", problem: "must not be empty")
        }
        for (index, mount) in (mounts ?? []).enumerated() {
            try Self.requireAbsolute(mount.destination, field: "mounts[\(index)].destination")
        }
        let hookLists: [(String, [Hook]?)] = [
            ("prestart", hooks?.prestart), ("createRuntime", hooks?.createRuntime),
            ("createContainer", hooks?.createContainer), ("startContainer", hooks?.startContainer),
            ("poststart", hooks?.poststart), ("poststop", hooks?.poststop),
        ]
        for (name, list) in hookLists {
            for (index, hook) in (list ?? []).enumerated() {
                try Self.requireAbsolute(hook.path, field: "hooks.\(name)[\(index)].path")
            }
        }
        var seen: [Linux.NamespaceType: Int] = [:]
        for (index, namespace) in (linux?.namespaces ?? []).enumerated() {
            if let first = seen[namespace.type] {
                throw Violation(
                    field: "linux.namespaces[\(index)].type",
                    problem: "\"\(namespace.type.rawValue)\" repeats linux.namespaces[\(first)]")
            }
            seen[namespace.type] = index
            if let path = namespace.path {
                try Self.requireAbsolute(path, field: "linux.namespaces[\(index)].path")
            }
        }
    }

    private static func requireAbsolute(_ path: String, field: String) throws(Violation) {
        guard path.hasPrefix("/") else {
            throw Violation(field: field, problem: "must be an absolute path, not \"\(path)\"")
        }
    }
}
