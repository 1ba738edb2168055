// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

/// Decodes a string-valued closed set, failing with the accepted values when the string is not one.
///
/// The error is a `DecodingError.dataCorrupted` whose coding path is the field's, so `Bundle.load`
/// can name it (`linux.namespaces[2].type`).
func decodeClosedSet<Value: RawRepresentable & CaseIterable>(
    _: Value.Type, from decoder: any Decoder
) throws -> Value where Value.RawValue == String {
    let container = try decoder.singleValueContainer()
    let raw = try container.decode(String.self)
    guard let value = Value(rawValue: raw) else {
        let accepted = Value.allCases.map(\.rawValue).joined(separator: ", ")
        throw DecodingError.dataCorruptedError(
            in: container, debugDescription: "unknown value \"\(raw)\"; expected one of \(accepted)")
    }
    return value
}
