// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

extension Bundle {
    /// Why a bundle could not be loaded; every case names the bundle directory.
    public enum Error: Swift.Error, CustomStringConvertible, Sendable, Equatable {
        /// `<bundle>/config.json` does not exist.
        case configNotFound(bundle: String)
        /// `<bundle>/config.json` exists but could not be read.
        case configUnreadable(bundle: String, reason: String)
        /// `config.json` is not JSON; `reason` carries the parser's location.
        case invalidJSON(bundle: String, reason: String)
        /// A field is missing, has the wrong type or an invalid value; `field` is its JSON path.
        case invalidField(bundle: String, field: String, problem: String)

        /// The bundle the error is about.
        public var bundle: String {
            switch self {
            case .configNotFound(let bundle), .configUnreadable(let bundle, _), .invalidJSON(let bundle, _),
                .invalidField(let bundle, _, _):
                return bundle
            }
        }

        /// `bundle <path>: <field>: <problem>`, or the file-level equivalent.
        public var description: String {
            switch self {
            case .configNotFound(let bundle):
                return "bundle \(bundle): config.json not found"
            case .configUnreadable(let bundle, let reason):
                return "bundle \(bundle): config.json cannot be read: \(reason)"
            case .invalidJSON(let bundle, let reason):
                return "bundle \(bundle): config.json is not valid JSON: \(reason)"
            case .invalidField(let bundle, let field, let problem):
                return "bundle \(bundle): config.json: \(field): \(problem)"
            }
        }
    }
}
