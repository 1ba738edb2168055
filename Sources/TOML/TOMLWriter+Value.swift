// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

extension TOMLWriter {
    /// A value to write. Unlike ``TOMLValue`` it carries no locations: it is built in code, not read from a file.
    package indirect enum Value: Sendable, Equatable {
        /// A string, written as a basic string with escapes.
        case string(String)
        /// A 64-bit integer, TOML's only integer range.
        case integer(Int64)
        /// A float, including `inf` and `nan`.
        case float(Double)
        /// `true` or `false`.
        case boolean(Bool)
        /// An offset or local date-time, date or time, written verbatim: the caller passes RFC 3339 text.
        case datetime(String)
        /// An array. One that holds only tables (and at least one) is an array of tables: a document writes it
        /// as `[[header]]` entries, an inline value as `[{…}, {…}]`.
        case array([Value])
        /// A table, keys in the order given: a `[header]` in a document, `{…}` inside an inline value.
        case table([Field])

        /// A parsed value without its locations; the TOML spelling of the one is the spelling of the other.
        /// - Parameter value: the parsed value.
        package init(_ value: TOMLValue) {
            switch value {
            case .string(let text): self = .string(text)
            case .integer(let number): self = .integer(number)
            case .float(let number): self = .float(number)
            case .boolean(let flag): self = .boolean(flag)
            case .datetime(let text): self = .datetime(text)
            case .array(let items, _): self = .array(items.map { Self($0.value) })
            case .table(let table):
                self = .table(table.keys.compactMap { key in table[key].map { Field(key, Self($0.value)) } })
            }
        }
    }

    /// One key of a ``Value/table(_:)``.
    package struct Field: Sendable, Equatable {
        /// The key, quoted when written if it is not a bare key.
        package var key: String
        /// The value.
        package var value: Value

        /// A key and its value.
        /// - Parameters:
        ///   - key: the key.
        ///   - value: the value.
        package init(_ key: String, _ value: Value) {
            self.key = key
            self.value = value
        }
    }
}
