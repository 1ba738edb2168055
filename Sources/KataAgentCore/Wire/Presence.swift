// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

// proto3 has no "unset" for scalars, strings and lists: Kata hosts send the zero value for a field
// they leave out. The domain says "not set" with nil, so an adapter turns a zero value into nil
// and nil back into the zero value; a message then makes the round trip unchanged.

extension Collection {
    /// Self, or nil when empty.
    var nonEmpty: Self? { isEmpty ? nil : self }
}

extension BinaryInteger {
    /// Self, or nil when zero.
    var nonZero: Self? { self == 0 ? nil : self }
}

extension Bool {
    /// true, or nil for false.
    var trueOrNil: Bool? { self ? true : nil }
}
