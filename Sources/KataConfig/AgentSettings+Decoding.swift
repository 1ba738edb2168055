// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

extension AgentSettings {
    /// Keys from Kata 1.x, 2.0 and forks.
    static let obsoleteKeys: [String: String] = [
        "trace_mode": "obsolete since Kata 2.0 and ignored",
        "trace_type": "obsolete since Kata 2.0 and ignored",
        "enable_blk_mount": "an openEuler 1.x key and ignored",
    ]

    /// Overwrites the fields whose keys the table holds.
    mutating func decode(_ r: inout SectionReader) throws(ConfigError) {
        try r.bool("enable_debug", &enableDebug)
        try r.bool("enable_tracing", &enableTracing)
        try r.strings("kernel_modules", &kernelModules)
        try r.bool("debug_console_enabled", &debugConsoleEnabled)
        try r.unsigned("dial_timeout", &dialTimeoutSeconds)
        try r.unsigned("cdh_api_timeout", &cdhAPITimeoutSeconds)
        try r.unsigned("launch_process_timeout", &launchProcessTimeoutSeconds)
        try r.bool("visible_cdi_devices", &visibleCDIDevices)
    }
}
