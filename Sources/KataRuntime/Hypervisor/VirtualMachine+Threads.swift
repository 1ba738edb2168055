// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import KataError
import QEMU

/// A VM whose vCPUs are host threads the sandbox can account to the pod: with
/// `sandbox_cgroup_only` off, Kata moves only them into the pod's sandbox cgroup.
package protocol VCPUThreads: VirtualMachine {
    /// The host thread ids of the VM's vCPUs, hot-plugged ones included.
    /// - Throws: `KataError` when the hypervisor could not be asked.
    func vcpuThreadIDs() async throws(KataError) -> [Int32]
}

extension QEMUVirtualMachine: VCPUThreads {
    func vcpuThreadIDs() async throws(KataError) -> [Int32] {
        do {
            return try await qmp.queryCPUsFast().map { Int32(truncatingIfNeeded: $0.threadID) }
        } catch {
            throw KataError(.internal, "query-cpus-fast on QEMU \(pid) failed: \(error)")
        }
    }
}
