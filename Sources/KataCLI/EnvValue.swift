// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

/// One value of the `env` report, in the shape of upstream's Go structs, so that one tree feeds
/// both encoders: TOML the way BurntSushi's encoder writes it, JSON the way `encoding/json` does.
package indirect enum EnvValue: Sendable, Equatable {
    /// A Go `string`.
    case string(String)
    /// A Go `bool`.
    case bool(Bool)
    /// A Go integer (`int`, `uint32`, `uint64`).
    case integer(UInt64)
    /// A Go `[]string`; nil is a nil slice (omitted from TOML, `null` in JSON).
    case strings([String]?)
    /// A Go struct: its fields in declaration order.
    case table([EnvField])
    /// A Go slice of structs; nil is a nil slice.
    case tables([[EnvField]]?)
}

/// A named field of an ``EnvValue/table(_:)``.
package struct EnvField: Sendable, Equatable {
    /// The Go field name, used as TOML key and JSON member name.
    package var name: String
    /// The value.
    package var value: EnvValue

    /// A field.
    /// - Parameters:
    ///   - name: the field name.
    ///   - value: the value.
    package init(_ name: String, _ value: EnvValue) {
        self.name = name
        self.value = value
    }
}
