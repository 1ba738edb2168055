// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import SystemPackage

/// Typed wrappers of the commands the Kata runtime uses (its start sequence, hot-plug of network,
/// block, memory and CPUs, pause/resume, templating). Each throws what
/// QMPClient/execute(_:arguments:descriptors:) throws.
extension QMPClient {
    /// `query-status`.
    /// - Returns: whether vCPUs run, and the run state.
    /// - Throws: Error/unexpectedReply(command:reply:) for a reply without `status`.
    package func queryStatus() async throws(Error) -> QMP.Status {
        let reply = try await execute("query-status")
        guard let status = reply["status"]?.stringValue, let running = reply["running"]?.boolValue else {
            throw .unexpectedReply(command: "query-status", reply: reply.description)
        }
        return QMP.Status(running: running, state: QMP.RunState(status))
    }

    /// `query-version`.
    /// - Returns: QEMU's version.
    /// - Throws: Error/unexpectedReply(command:reply:) for a reply of another shape.
    package func queryVersion() async throws(Error) -> QMP.Version {
        let reply = try await execute("query-version")
        guard let version = QMP.Version.decode(reply) else {
            throw .unexpectedReply(command: "query-version", reply: reply.description)
        }
        return version
    }

    /// `stop`: pauses the vCPUs.
    /// - Throws: QEMU's error.
    package func stop() async throws(Error) { try await execute("stop") }

    /// `cont`: resumes the vCPUs (or starts a VM launched with `-S`).
    /// - Throws: QEMU's error.
    package func cont() async throws(Error) { try await execute("cont") }

    /// `quit`: QEMU exits at once. The reply may be lost when QEMU closes the socket first, so a
    /// lost connection counts as success.
    /// - Throws: QEMU's error reply, if it sends one.
    package func quit() async throws(Error) {
        do {
            try await execute("quit")
        } catch .disconnected {
            return
        }
    }

    /// `system_powerdown`, then waits for the `POWERDOWN` event (ACPI power button pressed).
    /// - Throws: QEMU's error, or the connection ending first.
    package func systemPowerdown() async throws(Error) {
        _ = try await execute("system_powerdown", awaiting: { $0.name == "POWERDOWN" })
    }

    /// `device_add`.
    /// - Parameter properties: `driver`, `id` and the driver's properties.
    /// - Throws: QEMU's error (`DeviceNotFound`, `GenericError` …).
    package func deviceAdd(_ properties: [String: QMP.Value]) async throws(Error) {
        try await execute("device_add", arguments: .object(properties))
    }

    /// `device_del`, then waits for `DEVICE_DELETED` with `data.device` equal to `id`: the guest
    /// must release the device first, which can take long (cancel the task to stop waiting).
    /// - Parameter id: the device id.
    /// - Throws: QEMU's error (`DeviceNotFound`), or the connection ending first.
    package func deviceDel(_ id: String) async throws(Error) {
        _ = try await execute(
            "device_del", arguments: ["id": .string(id)],
            awaiting: { $0.name == "DEVICE_DELETED" && $0.data["device"]?.stringValue == id })
    }

    /// `blockdev-add`.
    /// - Parameter options: the node's options (`driver`, `node-name`, `file` …).
    /// - Throws: QEMU's error.
    package func blockdevAdd(_ options: [String: QMP.Value]) async throws(Error) {
        try await execute("blockdev-add", arguments: .object(options))
    }

    /// `blockdev-del`.
    /// - Parameter nodeName: the node name.
    /// - Throws: QEMU's error.
    package func blockdevDel(nodeName: String) async throws(Error) {
        try await execute("blockdev-del", arguments: ["node-name": .string(nodeName)])
    }

    /// `netdev_add`.
    /// - Parameter options: `type`, `id` and the back end's options (`fds`, `vhost`, `vhostfds`).
    /// - Throws: QEMU's error.
    package func netdevAdd(_ options: [String: QMP.Value]) async throws(Error) {
        try await execute("netdev_add", arguments: .object(options))
    }

    /// `netdev_del`.
    /// - Parameter id: the netdev id.
    /// - Throws: QEMU's error.
    package func netdevDel(_ id: String) async throws(Error) {
        try await execute("netdev_del", arguments: ["id": .string(id)])
    }

    /// `getfd`: hands `descriptor` to QEMU under `name` (for `netdev_add` `fds=`).
    /// - Parameters:
    ///   - name: the name QEMU files it under.
    ///   - descriptor: the descriptor; the caller keeps its copy and may close it afterwards.
    /// - Throws: QEMU's error.
    package func getfd(_ name: String, descriptor: FileDescriptor) async throws(Error) {
        try await execute("getfd", arguments: ["fdname": .string(name)], descriptors: [descriptor])
    }

    /// `object-add`.
    /// - Parameter properties: `qom-type`, `id` and the object's properties.
    /// - Throws: QEMU's error.
    package func objectAdd(_ properties: [String: QMP.Value]) async throws(Error) {
        try await execute("object-add", arguments: .object(properties))
    }

    /// `object-del`.
    /// - Parameter id: the object id.
    /// - Throws: QEMU's error.
    package func objectDel(_ id: String) async throws(Error) {
        try await execute("object-del", arguments: ["id": .string(id)])
    }

    /// `qom-set`, e.g. virtio-mem's `requested-size`.
    /// - Parameters:
    ///   - path: the object's QOM path or id.
    ///   - property: the property.
    ///   - value: the new value.
    /// - Throws: QEMU's error.
    package func qomSet(path: String, property: String, value: QMP.Value) async throws(Error) {
        try await execute("qom-set", arguments: ["path": .string(path), "property": .string(property), "value": value])
    }

    /// `qom-get`, e.g. a hot-plugged device's `addr`.
    /// - Parameters:
    ///   - path: the object's QOM path.
    ///   - property: the property.
    /// - Returns: the value.
    /// - Throws: QEMU's error.
    package func qomGet(path: String, property: String) async throws(Error) -> QMP.Value {
        try await execute("qom-get", arguments: ["path": .string(path), "property": .string(property)])
    }

    /// `query-hotpluggable-cpus`.
    /// - Returns: every CPU slot, plugged or free.
    /// - Throws: Error/unexpectedReply(command:reply:) for a reply of another shape.
    package func queryHotpluggableCPUs() async throws(Error) -> [QMP.HotpluggableCPU] {
        let reply = try await execute("query-hotpluggable-cpus")
        guard let entries = reply.arrayValue else {
            throw .unexpectedReply(command: "query-hotpluggable-cpus", reply: reply.description)
        }
        return try entries.map { (entry) throws(Error) in
            guard let type = entry["type"]?.stringValue, case .object(let properties)? = entry["props"] else {
                throw .unexpectedReply(command: "query-hotpluggable-cpus", reply: entry.description)
            }
            return QMP.HotpluggableCPU(
                type: type, properties: properties, qomPath: entry["qom-path"]?.stringValue,
                vcpusCount: Int(entry["vcpus-count"]?.intValue ?? 1))
        }
    }

    /// `query-cpus-fast`.
    /// - Returns: the plugged vCPUs.
    /// - Throws: Error/unexpectedReply(command:reply:) for a reply of another shape.
    package func queryCPUsFast() async throws(Error) -> [QMP.CPUInfo] {
        let reply = try await execute("query-cpus-fast")
        guard let entries = reply.arrayValue else {
            throw .unexpectedReply(command: "query-cpus-fast", reply: reply.description)
        }
        return try entries.map { (entry) throws(Error) in
            guard let index = entry["cpu-index"]?.intValue, let thread = entry["thread-id"]?.intValue,
                let path = entry["qom-path"]?.stringValue
            else { throw .unexpectedReply(command: "query-cpus-fast", reply: entry.description) }
            var properties: [String: QMP.Value] = [:]
            if case .object(let props)? = entry["props"] { properties = props }
            return QMP.CPUInfo(index: Int(index), threadID: Int(thread), qomPath: path, properties: properties)
        }
    }

    /// `query-memory-devices`.
    /// - Returns: the memory devices (`{"type":"dimm","data":{…}}` entries, flattened).
    /// - Throws: Error/unexpectedReply(command:reply:) for a reply of another shape.
    package func queryMemoryDevices() async throws(Error) -> [QMP.MemoryDevice] {
        let reply = try await execute("query-memory-devices")
        guard let entries = reply.arrayValue else {
            throw .unexpectedReply(command: "query-memory-devices", reply: reply.description)
        }
        return try entries.map { (entry) throws(Error) in
            guard let type = entry["type"]?.stringValue, let data = entry["data"] else {
                throw .unexpectedReply(command: "query-memory-devices", reply: entry.description)
            }
            return QMP.MemoryDevice(
                type: type, id: data["id"]?.stringValue, address: data["addr"]?.intValue.map { UInt64(bitPattern: $0) },
                size: data["size"]?.intValue.map { UInt64(bitPattern: $0) },
                slot: data["slot"]?.intValue.map { Int($0) },
                memoryDevice: data["memdev"]?.stringValue)
        }
    }

    /// `migrate-set-capabilities` with each capability switched as given (`x-ignore-shared`).
    /// - Parameter capabilities: capability names and states.
    /// - Throws: QEMU's error.
    package func migrateSetCapabilities(_ capabilities: [String: Bool]) async throws(Error) {
        let list = capabilities.sorted { $0.key < $1.key }.map { (name, state) -> QMP.Value in
            ["capability": .string(name), "state": .bool(state)]
        }
        try await execute("migrate-set-capabilities", arguments: ["capabilities": .array(list)])
    }

    /// `migrate` to `uri` (e.g. `exec:cat>/path` to save a template).
    /// - Parameter uri: the destination.
    /// - Throws: QEMU's error.
    package func migrate(to uri: String) async throws(Error) {
        try await execute("migrate", arguments: ["uri": .string(uri)])
    }

    /// `migrate-incoming` from `uri` (a VM started with `-incoming defer`).
    /// - Parameter uri: the source.
    /// - Throws: QEMU's error.
    package func migrateIncoming(from uri: String) async throws(Error) {
        try await execute("migrate-incoming", arguments: ["uri": .string(uri)])
    }

    /// `query-migrate`.
    /// - Returns: the migration's `status` (`active`, `completed`, `failed` …), or nil before any.
    /// - Throws: QEMU's error.
    package func queryMigrateStatus() async throws(Error) -> String? {
        try await execute("query-migrate")["status"]?.stringValue
    }

    /// `dump-guest-memory` as an ELF file (after `GUEST_PANICKED`).
    /// - Parameters:
    ///   - path: the file to write.
    ///   - paging: whether to walk guest page tables.
    /// - Throws: QEMU's error.
    package func dumpGuestMemory(to path: String, paging: Bool) async throws(Error) {
        try await execute(
            "dump-guest-memory",
            arguments: ["protocol": .string("file:\(path)"), "paging": .bool(paging), "format": "elf"])
    }
}
