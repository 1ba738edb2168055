// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataLinux
import QEMU
import Testing

@Suite(.timeLimit(.minutes(1))) struct QMPClientTests {
    @Test func greetingAndCapabilitiesAreNegotiated() async throws {
        let server = try StubQMPServer { .send([$0.reply()]) }
        let client = try await QMPClient.connect(path: server.path)
        #expect(client.greeting.version == QMP.Version(major: 7, minor: 2, micro: 22, package: "stub"))
        #expect(client.greeting.capabilities == ["oob"])
        #expect(server.received.map(\.command) == ["qmp_capabilities"])
        client.close()
    }

    @Test func aCommandIsAnsweredByID() async throws {
        let server = try StubQMPServer { request in
            .send([request.reply(["status": "prelaunch", "running": false, "singlestep": false])])
        }
        let client = try await QMPClient.connect(path: server.path)
        let status = try await client.queryStatus()
        #expect(!status.running)
        #expect(status.state == .prelaunch)
        let sent = try #require(server.received.last)
        #expect(sent.command == "query-status")
        #expect(sent.id.intValue != nil)
    }

    @Test func argumentsGoOnTheWireAsJSON() async throws {
        let server = try StubQMPServer { .send([$0.reply()]) }
        let client = try await QMPClient.connect(path: server.path)
        try await client.netdevAdd(["type": "tap", "id": "br0_kata", "fds": "fd0", "vhost": false])
        let sent = try #require(server.received.last)
        #expect(sent.message["arguments"] == ["type": "tap", "id": "br0_kata", "fds": "fd0", "vhost": false])
    }

    @Test func anErrorReplyThrowsItsClassDescriptionAndCommand() async throws {
        let server = try StubQMPServer { request in
            .send([request.error("DeviceNotFound", "Device 'nope' not found")])
        }
        let client = try await QMPClient.connect(path: server.path)
        await #expect(
            throws: QMPClient.Error.command(
                name: "device_del", class: "DeviceNotFound", description: "Device 'nope' not found")
        ) {
            try await client.deviceDel("nope")
        }
    }

    @Test func eventsAreDelivered() async throws {
        let server = try StubQMPServer { request in
            .send([StubQMPServer.event("SHUTDOWN", ["guest": true, "reason": "guest-shutdown"]), request.reply()])
        }
        let client = try await QMPClient.connect(path: server.path)
        try await client.stop()
        var iterator = client.events.makeAsyncIterator()
        let event = try #require(await iterator.next())
        #expect(event.name == "SHUTDOWN")
        #expect(event.data["reason"] == "guest-shutdown")
        #expect(event.timestampMicroseconds == 1_700_000_000_000_005)
    }

    @Test func deviceDelWaitsForTheMatchingDeviceDeleted() async throws {
        let server = try StubQMPServer { request in
            guard request.command == "device_del" else { return .send([request.reply()]) }
            return .send([
                request.reply(),
                StubQMPServer.event("DEVICE_DELETED", ["device": "other", "path": "/x"]),
                StubQMPServer.event("DEVICE_DELETED", ["device": "virtio-net0", "path": "/y"]),
            ])
        }
        let client = try await QMPClient.connect(path: server.path)
        try await client.deviceDel("virtio-net0")
        var names: [String] = []
        for await event in client.events {
            names.append(event.data["device"]?.stringValue ?? "")
            if names.count == 2 { break }
        }
        #expect(names == ["other", "virtio-net0"])
    }

    @Test func droppingTheConnectionMidCallFailsThePendingCall() async throws {
        let server = try StubQMPServer { _ in .drop }
        let client = try await QMPClient.connect(path: server.path)
        do {
            try await client.cont()
            Issue.record("cont returned although the server dropped the connection")
        } catch {
            guard case .disconnected(command: "cont", _) = error else {
                Issue.record("unexpected error \(error)")
                return
            }
        }
        // Later calls fail at once, and the event stream has finished.
        await #expect(throws: QMPClient.Error.self) { try await client.stop() }
        var iterator = client.events.makeAsyncIterator()
        #expect(await iterator.next() == nil)
    }

    @Test func aDroppedConnectionAlsoEndsAnEventWait() async throws {
        let server = try StubQMPServer { request in
            request.command == "system_powerdown" ? .send([request.reply()]) : .drop
        }
        let client = try await QMPClient.connect(path: server.path)
        let powerdown = Task { try await client.systemPowerdown() }
        try await Task.sleep(for: .milliseconds(100))
        // The stub drops the connection on the next command; the powerdown wait must not hang.
        _ = try? await client.execute("query-status")
        await #expect(throws: QMPClient.Error.self) { try await powerdown.value }
    }

    @Test func getfdSendsTheDescriptorWithTheCommand() async throws {
        let server = try StubQMPServer { .send([$0.reply()]) }
        let client = try await QMPClient.connect(path: server.path)
        let pipe = try Pipe.make()
        defer {
            try? pipe.read.close()
            try? pipe.write.close()
        }
        try await client.getfd("fd0", descriptor: pipe.read)
        let sent = try #require(server.received.last)
        #expect(sent.command == "getfd")
        #expect(sent.message["arguments"] == ["fdname": "fd0"])
        #expect(sent.descriptors == 1)
    }

    @Test func anOldQEMUIsRejected() async throws {
        let old: QMP.Value = ["QMP": ["version": ["qemu": ["major": 4, "minor": 2, "micro": 0]], "capabilities": []]]
        let server = try StubQMPServer(greeting: old) { .send([$0.reply()]) }
        await #expect(
            throws: QMPClient.Error.unsupportedVersion(QMP.Version(major: 4, minor: 2, micro: 0), minimumMajor: 5)
        ) {
            _ = try await QMPClient.connect(path: server.path)
        }
    }

    @Test func connectingToNothingIsASocketError() async {
        await #expect(throws: QMPClient.Error.self) {
            _ = try await QMPClient.connect(path: "/tmp/no-such-qmp-\(UInt32.random(in: 0...UInt32.max)).sock")
        }
    }
}
