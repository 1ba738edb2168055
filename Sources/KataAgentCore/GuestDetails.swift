// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

/// What GetGuestDetails answers: the guest's memory hot-plug facts the host asked for, and what
/// this agent can do.
struct GuestDetails: Sendable, Equatable {
    /// The memory hot-plug block size; nil when not asked, 0 when the kernel has no hot-plug.
    var memoryBlockSize: UInt64?
    /// Whether memory can be announced through the sysfs probe file; nil when not asked.
    var supportsMemoryHotplugProbe: Bool?
    /// The agent's version.
    var agentVersion: String
    /// Whether the agent is the guest's init.
    var isInit: Bool
    /// The storage drivers CreateSandbox and CreateContainer accept.
    var storageHandlers: [String]
    /// The device drivers CreateContainer accepts.
    var deviceHandlers: [String]
    /// Whether containers get their seccomp filters.
    var supportsSeccomp: Bool
}
