// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

/// `[factory]`.
package struct FactorySettings: Sendable, Equatable {
    /// `enable_template`.
    package var enableTemplate = false
    /// `template_path`.
    package var templatePath = "/run/vc/vm/template"
    /// `vm_cache_number`.
    package var vmCacheNumber: UInt32 = 0
    /// `vm_cache_endpoint`.
    package var vmCacheEndpoint = "/var/run/kata-containers/cache.sock"

    /// Kata's code defaults.
    package init() {}
}
