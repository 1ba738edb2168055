// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import QEMU
import Testing

/// The QMP sequences of CPU and memory hot-plug (config-cli-qemu spec §5.6) against a scripted server.
@Suite(.timeLimit(.minutes(1))) struct QMPHotplugTests {
    /// `query-hotpluggable-cpus` of `-smp 1,sockets=4,maxcpus=4`, as QEMU 7.2 lists it (highest first).
    static let cpuSlots: QMP.Value = [
        ["type": "qemu64-x86_64-cpu", "vcpus-count": 1, "props": ["socket-id": 3, "core-id": 0, "thread-id": 0]],
        ["type": "qemu64-x86_64-cpu", "vcpus-count": 1, "props": ["socket-id": 2, "core-id": 0, "thread-id": 0]],
        ["type": "qemu64-x86_64-cpu", "vcpus-count": 1, "props": ["socket-id": 1, "core-id": 0, "thread-id": 0]],
        [
            "type": "qemu64-x86_64-cpu", "vcpus-count": 1, "qom-path": "/machine/unattached/device[0]",
            "props": ["socket-id": 0, "core-id": 0, "thread-id": 0],
        ],
    ]

    @Test func cpusGoIntoTheLowestFreeSlotsWithTheirTopology() async throws {
        let server = try StubQMPServer { request in
            .send([request.command == "query-hotpluggable-cpus" ? request.reply(Self.cpuSlots) : request.reply()])
        }
        let client = try await QMPClient.connect(path: server.path)
        let added = try await client.addCPUs(ids: ["cpu-0", "cpu-1"])
        #expect(added == ["cpu-0", "cpu-1"])
        let sent = server.received.dropFirst()
        #expect(sent.map(\.command) == ["query-hotpluggable-cpus", "device_add", "device_add"])
        #expect(
            sent.dropFirst().map { $0.message["arguments"] } == [
                [
                    "driver": "qemu64-x86_64-cpu", "id": "cpu-0", "socket-id": 1, "core-id": 0, "thread-id": 0,
                ],
                [
                    "driver": "qemu64-x86_64-cpu", "id": "cpu-1", "socket-id": 2, "core-id": 0, "thread-id": 0,
                ],
            ])
        client.close()
    }

    @Test func aRefusedSlotIsSkippedAndTooFewSlotsAddFewer() async throws {
        let server = try StubQMPServer { request in
            switch request.command {
            case "query-hotpluggable-cpus": return .send([request.reply(Self.cpuSlots)])
            case "device_add" where request.message["arguments"]?["socket-id"] == 1:
                return .send([request.error("GenericError", "CPU 1 is busy")])
            default: return .send([request.reply()])
            }
        }
        let client = try await QMPClient.connect(path: server.path)
        let added = try await client.addCPUs(ids: ["cpu-0", "cpu-1", "cpu-2"])
        #expect(added == ["cpu-0", "cpu-1"], "slot 1 refused; slots 2 and 3 took the first two ids")
        let ids = server.received.filter { $0.command == "device_add" }.map { $0.message["arguments"]?["id"] }
        #expect(ids == ["cpu-0", "cpu-0", "cpu-1"])
        client.close()
    }

    @Test func aDIMMIsABackendThenAPCDIMMOnIt() async throws {
        let server = try StubQMPServer { request in
            if request.command == "device_add" {
                // The guest's _OST comes after the reply.
                let info: QMP.Value = [
                    "device": "dimmmem0", "slot": "0", "slot-type": "DIMM", "source": 1, "status": 0,
                ]
                return .send([
                    request.reply(), StubQMPServer.event("ACPI_DEVICE_OST", ["info": ["device": "other"]]),
                    StubQMPServer.event("ACPI_DEVICE_OST", ["info": info]),
                ])
            }
            guard request.command == "query-memory-devices" else { return .send([request.reply()]) }
            return .send([
                request.reply([
                    [
                        "type": "dimm",
                        "data": [
                            "id": "dimmmem0", "addr": 4_294_967_296, "size": 1_073_741_824, "slot": 0,
                            "memdev": "/objects/mem0", "node": 0, "hotplugged": true, "hotpluggable": true,
                        ],
                    ]
                ])
            ])
        }
        let client = try await QMPClient.connect(path: server.path)
        let (device, status) = try await client.addDIMM(
            backend: ["qom-type": "memory-backend-memfd", "id": "mem0", "size": 1_073_741_824, "share": true],
            deviceID: "dimmmem0", acknowledgement: .seconds(30))
        #expect(status == 0)
        #expect(device?.address == 4_294_967_296)
        #expect(device?.slot == 0)
        let sent = Array(server.received.dropFirst())
        #expect(sent.map(\.command) == ["object-add", "device_add", "query-memory-devices"])
        #expect(
            sent[0].message["arguments"]
                == ["qom-type": "memory-backend-memfd", "id": "mem0", "size": 1_073_741_824, "share": true])
        #expect(sent[1].message["arguments"] == ["driver": "pc-dimm", "id": "dimmmem0", "memdev": "mem0"])
        client.close()
    }

    @Test func aGuestThatNeverAcknowledgesStillGetsItsDIMM() async throws {
        let server = try StubQMPServer { request in
            .send([request.command == "query-memory-devices" ? request.reply([]) : request.reply()])
        }
        let client = try await QMPClient.connect(path: server.path)
        let (device, status) = try await client.addDIMM(
            backend: ["qom-type": "memory-backend-memfd", "id": "mem1", "size": 134_217_728, "share": true],
            deviceID: "dimmmem1", acknowledgement: .milliseconds(1))
        #expect(status == nil)
        #expect(device == nil, "the stub lists no memory devices")
        #expect(server.received.dropFirst().map(\.command) == ["object-add", "device_add", "query-memory-devices"])
        client.close()
    }

    @Test func aRefusedDIMMDeletesItsBackend() async throws {
        let server = try StubQMPServer { request in
            request.command == "device_add"
                ? .send([request.error("GenericError", "a memory slot is not available")]) : .send([request.reply()])
        }
        let client = try await QMPClient.connect(path: server.path)
        await #expect(throws: QMPClient.Error.self) {
            _ = try await client.addDIMM(
                backend: ["qom-type": "memory-backend-memfd", "id": "mem3", "size": 134_217_728, "share": true],
                deviceID: "dimmmem3", acknowledgement: .seconds(30))
        }
        let sent = server.received.dropFirst()
        #expect(sent.map(\.command) == ["object-add", "device_add", "object-del"])
        #expect(sent.last?.message["arguments"] == ["id": "mem3"])
        client.close()
    }
}
