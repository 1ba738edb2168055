// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

/// What a sandbox changed on the host, persisted so that `Pod.cleanup(sandboxID:)` can undo it
/// after the shim died: the processes started, the mounts made and the directories created, each
/// in the order made (undone in reverse).
package struct SandboxState: Sendable, Equatable, Codable {
    /// The sandbox.
    package var sandboxID: String
    /// QEMU, once spawned.
    package var qemu: ProcessIdentity?
    /// virtiofsd, once spawned.
    package var virtioFSDaemon: ProcessIdentity?
    /// Mount points made, in order.
    package var mounts: [String] = []
    /// Directories created, in order (parents before children).
    package var directories: [String] = []
    /// Containers' share targets (directories and files) created, in order.
    package var files: [String] = []
    /// The containers created, in order.
    package var containers: [String] = []
    /// Host cgroups created (`SandboxCgroupPlan`), parents first; removed in reverse.
    package var cgroups: [String] = []
    /// The pod network attached in its netns (taps and tc filters), once planned.
    package var network: NetworkState?

    /// An empty record for `sandboxID`.
    /// - Parameter sandboxID: the sandbox.
    package init(sandboxID: String) {
        self.sandboxID = sandboxID
    }
}
