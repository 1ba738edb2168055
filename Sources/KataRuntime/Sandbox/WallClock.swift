// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import FoundationEssentials

/// Wall-clock seconds for event timestamps.
package enum WallClock {
    /// Seconds since 1970.
    /// - Returns: the time.
    package static func secondsSince1970() -> Double { Date().timeIntervalSince1970 }
}
