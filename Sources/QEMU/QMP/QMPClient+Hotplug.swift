// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataLinux

extension QMPClient {
    /// Plugs vCPUs into the free slots `query-hotpluggable-cpus` lists (those without a QOM path),
    /// one `device_add` of the slot's CPU type with its topology properties each, until every id
    /// is used. A slot whose `device_add` fails is skipped and its id goes to the next free slot.
    /// - Parameter ids: the device ids of the new CPUs, in the order they are used.
    /// - Returns: the ids of the CPUs that were added, in order; fewer than `ids` when QEMU ran out of
    ///   free slots or refused some.
    /// - Throws: what queryHotpluggableCPUs() throws; a refused `device_add` is not an error.
    package func addCPUs(ids: [String]) async throws(Error) -> [String] {
        guard !ids.isEmpty else { return [] }
        // Lowest topology first, whatever order QEMU lists them in, so the guest's CPU numbers stay
        // dense.
        let free = try await queryHotpluggableCPUs().filter { $0.qomPath == nil }.sorted {
            $0.topologyOrder.lexicographicallyPrecedes($1.topologyOrder)
        }
        var added: [String] = []
        for slot in free where added.count < ids.count {
            let id = ids[added.count]
            var properties = slot.properties
            // Only the topology ids are device properties; `node-id` is set through -numa.
            properties["node-id"] = nil
            properties["driver"] = .string(slot.type)
            properties["id"] = .string(id)
            do {
                try await deviceAdd(properties)
                added.append(id)
            } catch .command {
                continue
            }
        }
        return added
    }

    /// Plugs RAM: `object-add` of a backend, then `device_add` of a `pc-dimm` on it, then waits
    /// up to `acknowledgement` for the guest's ACPI `_OST` on the DIMM (the `ACPI_DEVICE_OST`
    /// event), which says the guest kernel has added the memory. The backend is deleted again
    /// when the DIMM is refused.
    /// - Parameters:
    ///   - backend: the backend's QOM type, id and properties (`size` in bytes, `share` …), as
    ///     `object-add` takes them.
    ///   - deviceID: the DIMM's id.
    ///   - acknowledgement: how long to wait for the guest.
    /// - Returns: the new DIMM as `query-memory-devices` reports it (nil when QEMU does not list
    ///   it), and the guest's `_OST` status (0 is success), nil when the guest did not answer in time.
    /// - Throws: QEMU's error for the backend or the DIMM.
    package func addDIMM(
        backend: [String: QMP.Value], deviceID: String, acknowledgement: Duration
    ) async throws(Error) -> (device: QMP.MemoryDevice?, guestStatus: Int64?) {
        guard let backendID = backend["id"]?.stringValue else {
            throw .unexpectedReply(command: "object-add", reply: "the memory backend has no id")
        }
        try await objectAdd(backend)
        // Interest is registered first: the guest may answer before device_add's reply is read.
        let token = connection.expectEvent(where: {
            $0.name == "ACPI_DEVICE_OST" && $0.data["info"]?["device"]?.stringValue == deviceID
        })
        do {
            try await deviceAdd(["driver": "pc-dimm", "id": .string(deviceID), "memdev": .string(backendID)])
        } catch {
            connection.cancelExpectation(token)
            try? await objectDel(backendID)
            throw error
        }
        let connection = connection
        let event = await Deadline.run(for: acknowledgement) { try? await connection.waitForEvent(token).get() }
        connection.cancelExpectation(token)
        let status = event.flatMap { $0 }.flatMap { $0.data["info"]?["status"]?.intValue }
        return (try await queryMemoryDevices().first { $0.id == deviceID }, status)
    }
}

extension QMP.HotpluggableCPU {
    /// socket, die, core, thread: the order in which slots are filled.
    fileprivate var topologyOrder: [Int64] {
        ["socket-id", "die-id", "core-id", "thread-id"].map { properties[$0]?.intValue ?? 0 }
    }
}
