// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataError
import QEMU

/// What QEMU has been given since boot, for the ids of the next devices.
struct QEMUHotplugState: Sendable {
    /// The ids of the hot-plugged vCPUs, oldest first (`cpu-<k>`, as Kata names them).
    var vcpuIDs: [String] = []
    /// The next DIMM slot not yet used.
    var nextMemorySlot = 0
}

/// CPU and memory hot-plug over QMP (config-cli-qemu spec §5.6): vCPUs with `device_add` of the
/// CPU type `query-hotpluggable-cpus` names, RAM as a `pc-dimm` on a `memory-backend-memfd` with
/// `share=on`.
///
/// pc-dimm rather than virtio-mem: it works under TCG and with the Debian guest kernel, whose
/// virtio-mem is a module the initrd does not load, and ACPI announces it, so the guest needs no
/// probe. The backend is shared memfd like the boot RAM, so virtiofsd can map the new memory too.
extension QEMUVirtualMachine: CPUHotplug, MemoryHotplug {
    /// How long a DIMM waits for the guest's ACPI acknowledgement before OnlineCPUMem goes ahead.
    static let guestAcknowledgement: Duration = .seconds(10)

    func addVCPUs(_ count: UInt32) async throws(KataError) -> UInt32 {
        guard count > 0 else { return 0 }
        let first = hotplug.withLock { $0.vcpuIDs.count }
        let ids = (0..<Int(count)).map { "cpu-\(first + $0)" }
        let added: [String]
        do {
            added = try await qmp.addCPUs(ids: ids)
        } catch {
            throw KataError(.internal, "hot-adding \(count) vCPUs to QEMU \(pid) failed: \(error)")
        }
        hotplug.withLock { $0.vcpuIDs += added }
        return UInt32(added.count)
    }

    func addMemory(sizeMiB: UInt64) async throws(KataError) -> HotpluggedMemory {
        let slot: Int
        do {
            // A DIMM plugged by someone else (a debug session on the QMP socket) keeps its slot.
            let used = try await qmp.queryMemoryDevices().compactMap(\.slot).max().map { $0 + 1 } ?? 0
            slot = hotplug.withLock { state in
                state.nextMemorySlot = max(state.nextMemorySlot, used) + 1
                return state.nextMemorySlot - 1
            }
        } catch {
            throw KataError(.internal, "listing the memory devices of QEMU \(pid) failed: \(error)")
        }
        let backend: [String: QMP.Value] = [
            "qom-type": "memory-backend-memfd", "id": .string("mem\(slot)"),
            "size": .int(Int64(sizeMiB << 20)), "share": true,
        ]
        do {
            // Waiting for the guest's acknowledgement makes OnlineCPUMem find the new blocks.
            let (device, status) = try await qmp.addDIMM(
                backend: backend, deviceID: "dimmmem\(slot)", acknowledgement: Self.guestAcknowledgement)
            if status != 0 {
                logger.warning(
                    "the guest did not acknowledge hot-plugged memory",
                    metadata: ["device": "dimmmem\(slot)", "ost-status": "\(status.map(String.init) ?? "none")"])
            }
            return HotpluggedMemory(slot: slot, sizeMiB: sizeMiB, guestAddress: device?.address)
        } catch {
            throw KataError(
                .resourceExhausted,
                "hot-adding \(sizeMiB) MiB of memory to QEMU \(pid) failed: \(error) (the host may be short of "
                    + "memory, or memory_slots and default_maxmemory in [hypervisor.qemu] too small)")
        }
    }
}
