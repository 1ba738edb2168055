// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

extension StringProtocol {
    /// The text without the leading and trailing characters for which `isBlank` holds.
    package func trimming(while isBlank: (Character) -> Bool) -> String {
        guard let first = firstIndex(where: { !isBlank($0) }), let last = lastIndex(where: { !isBlank($0) }) else {
            return ""
        }
        return String(self[first...last])
    }

    /// The text without leading and trailing ASCII whitespace (space, tab, CR, LF): Foundation's
    /// `trimmingCharacters(in: .whitespacesAndNewlines)` for the host side, which links only
    /// FoundationEssentials.
    package var trimmingWhitespace: String {
        trimming { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
    }
}
