// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

extension TOMLParser {
    /// Why a document is not TOML 1.0, at the character, key or header that broke it.
    package enum Error: Swift.Error, CustomStringConvertible, Sendable, Equatable {
        /// The text breaks TOML's grammar: an unterminated string, a bad escape or number, a missing `=`, …
        case syntax(String, at: TOMLLocation)
        /// `key` is set a second time in one table.
        case duplicateKey(String, at: TOMLLocation, previous: TOMLLocation)
        /// A `[header]` (or `[[header]]` when `isArray`) names a table or key that is already defined.
        case tableRedefined(header: String, isArray: Bool, at: TOMLLocation, previous: TOMLLocation)
        /// `key` is used as a table (by a header or a dotted key within `fullKey`) but holds another value or an
        /// inline table, which is closed; `kind` names what it holds, e.g. "an array".
        case notATable(String, fullKey: String, kind: String, at: TOMLLocation, previous: TOMLLocation)
        /// A dotted key adds to `key`, which a header or an inline table defined; TOML allows that only for
        /// tables that dotted keys created.
        case dottedKeyIntoDefinedTable(String, at: TOMLLocation, previous: TOMLLocation)

        /// Where the offending character, key or header starts.
        package var location: TOMLLocation {
            switch self {
            case .syntax(_, let at), .duplicateKey(_, let at, _), .tableRedefined(_, _, let at, _),
                .notATable(_, _, _, let at, _), .dottedKeyIntoDefinedTable(_, let at, _):
                at
            }
        }

        /// The key or header at fault, when the error is about one rather than about the text.
        package var key: String? {
            switch self {
            case .syntax: nil
            case .duplicateKey(let key, _, _), .dottedKeyIntoDefinedTable(let key, _, _): key
            case .tableRedefined(let header, _, _, _): header
            case .notATable(_, let fullKey, _, _, _): fullKey
            }
        }

        /// What is wrong, without the location.
        package var message: String {
            switch self {
            case .syntax(let message, _):
                message
            case .duplicateKey(let key, _, let previous):
                "duplicate key \(key): already defined at \(previous)"
            case .tableRedefined(let header, let isArray, _, let previous):
                "cannot define \(isArray ? "array of tables [[\(header)]]" : "table [\(header)]"): "
                    + "already defined at \(previous)"
            case .notATable(let key, _, let kind, _, let previous):
                "cannot use \(key) as a table: it is \(kind) defined at \(previous)"
            case .dottedKeyIntoDefinedTable(let key, _, let previous):
                "cannot add keys to \(key) with a dotted key: it is already defined at \(previous)"
            }
        }

        /// `file:line:column: message`.
        package var description: String { "\(location): \(message)" }
    }
}
