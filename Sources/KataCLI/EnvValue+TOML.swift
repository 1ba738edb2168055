// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import TOML

extension EnvField {
    /// The field as BurntSushi's encoder writes a Go struct field, or nil for a nil slice, which it omits.
    var toml: TOMLWriter.Field? {
        value.toml.map { TOMLWriter.Field(name, $0) }
    }
}

extension EnvValue {
    /// The value in TOML's terms, or nil for a nil slice.
    var toml: TOMLWriter.Value? {
        switch self {
        case .string(let text): .string(text)
        case .bool(let flag): .boolean(flag)
        // TOML integers are signed 64-bit; the report's counters (CPUs, kB of memory, version parts) are far below
        // 2^63, and clamping keeps a wild /proc value an integer rather than an unparsable document.
        case .integer(let number): .integer(Int64(clamping: number))
        case .strings(let items?): .array(items.map { .string($0) })
        case .table(let fields): .table(fields.compactMap(\.toml))
        case .tables(let entries?): .array(entries.map { .table($0.compactMap(\.toml)) })
        case .strings(nil), .tables(nil): nil
        }
    }
}
