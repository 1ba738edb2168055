// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

/// `[agent.kata]`.
package struct AgentSettings: Sendable, Equatable {
    /// `enable_debug`.
    package var enableDebug = false
    /// `enable_tracing`.
    package var enableTracing = false
    /// `debug_console_enabled`.
    package var debugConsoleEnabled = false
    /// `dial_timeout` in seconds.
    package var dialTimeoutSeconds: UInt32 = 45
    /// `kernel_modules`: each a module name followed by its parameters.
    package var kernelModules: [String] = []
    /// `cdh_api_timeout` in seconds, 0 for the agent default.
    package var cdhAPITimeoutSeconds: UInt32 = 0
    /// `launch_process_timeout` in seconds, 0 for the agent default.
    package var launchProcessTimeoutSeconds: UInt32 = 0
    /// `visible_cdi_devices`.
    package var visibleCDIDevices = false
    /// The `agent.container_pipe_size` annotation; 0 for the agent default.
    package var containerPipeSize: UInt32 = 0
    /// The `agent.policy` annotation, decoded from base64.
    package var policy: String?

    /// Kata's code defaults.
    package init() {}
}
