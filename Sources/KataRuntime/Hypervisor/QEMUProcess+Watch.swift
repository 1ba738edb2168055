// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import QEMU

extension QEMUProcess {
    /// Waits for the process to end, but returns nil as soon as the calling task is cancelled
    /// (`wait()` itself cannot be cancelled, which would pin a task group's child forever).
    /// - Returns: how it ended, or nil when cancelled first.
    package func waitUnlessCancelled() async -> Termination? {
        while !Task.isCancelled {
            if let termination = await wait(timeout: .milliseconds(200)) { return termination }
        }
        return termination
    }
}
