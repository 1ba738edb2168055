// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Glibc

/// Who the calling process runs as, for decisions such as "only root may load kernel modules".
package enum UserIdentity {
    /// The effective user id (geteuid(2)); 0 is root.
    package static var effectiveUserID: UInt32 {
        geteuid()
    }
}
