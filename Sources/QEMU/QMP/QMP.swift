// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import FoundationEssentials

/// Namespace for the QEMU Machine Protocol's values: JSON, the greeting, events, and the typed
/// replies of the commands QMPClient wraps.
package enum QMP {
    /// A JSON value as QMP carries it. Integers stay integers (sizes and ids do not pass through
    /// Double).
    package enum Value: Sendable, Hashable, Codable, CustomStringConvertible, ExpressibleByStringLiteral,
        ExpressibleByIntegerLiteral, ExpressibleByBooleanLiteral, ExpressibleByDictionaryLiteral,
        ExpressibleByArrayLiteral
    {
        /// `null`.
        case null
        /// `true` or `false`.
        case bool(Bool)
        /// An integer.
        case int(Int64)
        /// A number with a fraction or exponent.
        case double(Double)
        /// A string.
        case string(String)
        /// An array.
        case array([Value])
        /// An object.
        case object([String: Value])

        /// Creates a string value.
        /// - Parameter value: the string.
        package init(stringLiteral value: String) { self = .string(value) }
        /// Creates an integer value.
        /// - Parameter value: the integer.
        package init(integerLiteral value: Int64) { self = .int(value) }
        /// Creates a boolean value.
        /// - Parameter value: the boolean.
        package init(booleanLiteral value: Bool) { self = .bool(value) }
        /// Creates an object value.
        /// - Parameter elements: the members; a repeated key keeps the last value.
        package init(dictionaryLiteral elements: (String, Value)...) {
            self = .object(Dictionary(elements, uniquingKeysWith: { $1 }))
        }
        /// Creates an array value.
        /// - Parameter elements: the elements.
        package init(arrayLiteral elements: Value...) { self = .array(elements) }

        /// Decodes any JSON value.
        /// - Parameter decoder: the decoder.
        /// - Throws: `DecodingError` when the input is not JSON.
        package init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() {
                self = .null
            } else if let value = try? container.decode(Bool.self) {
                self = .bool(value)
            } else if let value = try? container.decode(Int64.self) {
                self = .int(value)
            } else if let value = try? container.decode(Double.self) {
                self = .double(value)
            } else if let value = try? container.decode(String.self) {
                self = .string(value)
            } else if let value = try? container.decode([Value].self) {
                self = .array(value)
            } else {
                self = .object(try container.decode([String: Value].self))
            }
        }

        /// Encodes the value as JSON.
        /// - Parameter encoder: the encoder.
        /// - Throws: `EncodingError` for a non-finite double.
        package func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case .null: try container.encodeNil()
            case .bool(let value): try container.encode(value)
            case .int(let value): try container.encode(value)
            case .double(let value): try container.encode(value)
            case .string(let value): try container.encode(value)
            case .array(let value): try container.encode(value)
            case .object(let value): try container.encode(value)
            }
        }

        /// The member `key` of an object; nil for a missing key or a non-object.
        /// - Parameter key: the member name.
        package subscript(key: String) -> Value? {
            if case .object(let members) = self { return members[key] }
            return nil
        }

        /// The string, or nil for another kind of value.
        package var stringValue: String? {
            if case .string(let value) = self { return value }
            return nil
        }

        /// The integer, or nil for another kind of value.
        package var intValue: Int64? {
            if case .int(let value) = self { return value }
            return nil
        }

        /// The boolean, or nil for another kind of value.
        package var boolValue: Bool? {
            if case .bool(let value) = self { return value }
            return nil
        }

        /// The elements, or nil for another kind of value.
        package var arrayValue: [Value]? {
            if case .array(let value) = self { return value }
            return nil
        }

        /// Compact JSON with sorted keys, e.g. `{"execute":"cont"}`.
        package var description: String {
            (try? Self.encoder.encode(self)).map { String(decoding: $0, as: UTF8.self) } ?? "<invalid json>"
        }

        /// Sorted keys keep what goes on the wire reproducible; slashes stay as they are (paths).
        static let encoder: JSONEncoder = {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            return encoder
        }()
    }
}
