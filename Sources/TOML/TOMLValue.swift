// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

/// Where a TOML key or value starts: file, 1-based line and 1-based column.
package struct TOMLLocation: Sendable, Equatable, CustomStringConvertible {
    /// The file the text came from.
    package var file: String
    /// 1-based line.
    package var line: Int
    /// 1-based column, counted in bytes.
    package var column: Int

    /// A location in `file`.
    package init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`.
    package var description: String { "\(file):\(line):\(column)" }
}

/// A parsed TOML value. Datetimes stay verbatim text, not a date type: no reader needs their parts.
package enum TOMLValue: Sendable, Equatable {
    /// A string of any of the four kinds, escapes decoded.
    case string(String)
    /// A 64-bit integer.
    case integer(Int64)
    /// A float, including `inf` and `nan`.
    case float(Double)
    /// `true` or `false`.
    case boolean(Bool)
    /// An offset or local date-time, date or time, verbatim.
    case datetime(String)
    /// An array; `isTableArray` marks one built from `[[header]]` sections.
    case array([TOMLNode], isTableArray: Bool)
    /// A table.
    case table(TOMLTable)

    /// The TOML type name used in error messages.
    package var typeName: String {
        switch self {
        case .string: "string"
        case .integer: "integer"
        case .float: "float"
        case .boolean: "boolean"
        case .datetime: "datetime"
        case .array: "array"
        case .table: "table"
        }
    }

    /// The type name with its article, e.g. "an integer".
    package var typeNameWithArticle: String {
        ("aeiou".contains(typeName.first ?? "x") ? "an " : "a ") + typeName
    }

    /// The value as TOML spells it inline (as ``TOMLWriter`` writes it), for messages.
    package var literal: String { TOMLWriter.inline(TOMLWriter.Value(self)) }
}

/// A value together with where its key was written.
package struct TOMLNode: Sendable, Equatable {
    /// The value.
    package var value: TOMLValue
    /// The location of the key (or of the header, for tables).
    package var location: TOMLLocation

    /// A node at `location`.
    package init(_ value: TOMLValue, at location: TOMLLocation) {
        self.value = value
        self.location = location
    }
}

/// A TOML table that keeps its keys in source order.
package struct TOMLTable: Sendable, Equatable {
    /// How the table came to exist; TOML's redefinition rules depend on it.
    package enum Origin: Sendable, Equatable {
        /// The document root.
        case root
        /// Created as a parent of a header such as `[a.b]` (for `a`); may still be defined once.
        case implicit
        /// Defined by a `[header]` or an `[[array]]` element.
        case header
        /// Created by a dotted key such as `a.b = 1`.
        case dotted
        /// An inline `{ ... }` table, closed to additions.
        case inline
    }

    /// Keys in the order they were first written.
    package private(set) var keys: [String] = []
    /// Values by key.
    package private(set) var nodes: [String: TOMLNode] = [:]
    /// How the table was created.
    package var origin: Origin

    /// An empty table.
    package init(origin: Origin) { self.origin = origin }

    /// The node at `key`, if any.
    package subscript(key: String) -> TOMLNode? {
        get { nodes[key] }
        set {
            if nodes[key] == nil, newValue != nil { keys.append(key) }
            if newValue == nil { keys.removeAll { $0 == key } }
            nodes[key] = newValue
        }
    }
}
