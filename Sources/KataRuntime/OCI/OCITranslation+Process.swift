// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import OCISpec

extension OCITranslation {
    /// The process as the guest runs it, for a container's init and for an exec.
    ///
    /// The SELinux label is cleared because the guest runs without SELinux; every other field is kept.
    /// - Parameter process: the OCI process.
    /// - Returns: the guest's process.
    package static func process(_ process: Process) -> Process {
        var out = process
        out.selinuxLabel = nil
        return out
    }
}
