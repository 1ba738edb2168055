// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataAgentCore
import Testing

@Suite("ServerAddress")
struct ServerAddressTests {
    @Test(
        "valid addresses parse and print back",
        arguments: [
            ("vsock://-1:1024", ServerAddress.vsock(cid: 0xFFFF_FFFF, port: 1024)),
            ("vsock://3:1024", .vsock(cid: 3, port: 1024)),
            ("unix:///run/kata/agent.sock", .unix(path: "/run/kata/agent.sock")),
            ("unix://@agent", .unix(path: "@agent")),
            ("serial://agent.channel.0", .serial(name: "agent.channel.0")),
        ]
    )
    func valid(text: String, expected: ServerAddress) {
        #expect(ServerAddress(text) == expected)
        #expect(expected.description == text)
    }

    @Test(
        "invalid addresses are rejected",
        arguments: [
            "", "vsock://", "vsock://1024", "vsock://-2:1024", "vsock://3:", "vsock://3:port", "vsock://3:4294967296",
            "unix://", "serial://", "serial:///dev/vport0p1", "serial:agent.channel.0", "tcp://1.2.3.4:80",
            "/run/a.sock",
        ]
    )
    func invalid(text: String) {
        #expect(ServerAddress(text) == nil)
    }

    @Test("Kata's default")
    func defaultAddress() {
        #expect(ServerAddress.default.description == "vsock://-1:1024")
    }
}
