// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// The `time` field logrus writes: RFC 3339 in the local time zone, seconds precision.
package enum LogClock {
    /// The current time, such as `2026-12-01T18:34:14Z`.
    package static func now() -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        formatter.timeZone = TimeZone.current
        return formatter.string(from: Date())
    }
}
