// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

extension FactorySettings {
    /// Overwrites the fields whose keys the table holds.
    mutating func decode(_ r: inout SectionReader) throws(ConfigError) {
        try r.bool("enable_template", &enableTemplate)
        try r.string("template_path", &templatePath)
        try r.unsigned("vm_cache_number", &vmCacheNumber)
        try r.string("vm_cache_endpoint", &vmCacheEndpoint)
    }
}
