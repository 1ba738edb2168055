// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataLinux

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs (Foundation's
    /// `trimmingCharacters(in: .whitespaces)`, which KataConfig used before): newlines stay.
    var trimmingBlanks: String { trimming { $0 == " " || $0 == "\t" } }
}
