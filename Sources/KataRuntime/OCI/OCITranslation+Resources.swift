// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import OCISpec

extension OCITranslation {
    /// `resources` as the Go runtime sends them before CreateContainer and UpdateContainer: the guest
    /// cannot apply host device rules, and pids, block I/O and network classes are enforced on the
    /// host side of the VM; cpusets name host CPUs and NUMA nodes, which mean nothing in the guest.
    /// - Parameter resources: the OCI resources.
    /// - Returns: the resources the guest applies: devices, pids, blockIO, network, `cpu.cpus` and
    ///   `cpu.mems` removed, everything else kept.
    package static func constrained(_ resources: Linux.Resources) -> Linux.Resources {
        var out = resources
        out.devices = nil
        out.pids = nil
        out.blockIO = nil
        out.network = nil
        out.cpu?.cpus = nil
        out.cpu?.mems = nil
        return out
    }
}
