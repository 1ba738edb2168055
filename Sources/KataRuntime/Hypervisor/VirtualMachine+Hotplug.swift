// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import KataError

/// A VM that takes vCPUs while it runs. The sandbox grows a pod's VM through it when
/// `static_sandbox_resource_mgmt` is off; a VM that does not conform cannot grow.
///
/// Calls are made one at a time by the sandbox.
package protocol CPUHotplug: VirtualMachine {
    /// Plugs `count` vCPUs into free CPU slots (the command line's `maxcpus` bounds them). The
    /// guest sees them offline until the agent onlines them (OnlineCPUMem).
    /// - Parameter count: how many to add.
    /// - Returns: how many were added; fewer than `count` when the hypervisor ran out of slots or
    ///   refused some. Those added stay in the VM either way.
    /// - Throws: `KataError` when the hypervisor could not be asked.
    func addVCPUs(_ count: UInt32) async throws(KataError) -> UInt32
}

/// A VM that takes RAM while it runs, one DIMM per call (the command line's `slots` and
/// `maxmem` bound them).
///
/// Calls are made one at a time by the sandbox. There is no removal: Kata never shrinks a VM's
/// memory either.
package protocol MemoryHotplug: VirtualMachine {
    /// Plugs a DIMM of `sizeMiB` backed by shareable memory, so virtio-fs keeps mapping all of
    /// guest RAM.
    /// - Parameter sizeMiB: its size; a multiple of the guest's memory block size.
    /// - Returns: the DIMM.
    /// - Throws: `KataError` naming the hypervisor's refusal (no free slot, over `maxmem`, no host
    ///   memory).
    func addMemory(sizeMiB: UInt64) async throws(KataError) -> HotpluggedMemory
}

/// A DIMM plugged into a running VM.
package struct HotpluggedMemory: Sendable, Equatable {
    /// Its slot, which also names it (`dimmmem<slot>`, backend `mem<slot>`).
    package var slot: Int
    /// Its size.
    package var sizeMiB: UInt64
    /// Its guest physical address, which MemHotplugByProbe announces; nil when unknown.
    package var guestAddress: UInt64?

    /// A DIMM.
    /// - Parameters:
    ///   - slot: the slot.
    ///   - sizeMiB: the size.
    ///   - guestAddress: the guest physical address.
    package init(slot: Int, sizeMiB: UInt64, guestAddress: UInt64?) {
        self.slot = slot
        self.sizeMiB = sizeMiB
        self.guestAddress = guestAddress
    }
}
