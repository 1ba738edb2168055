// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

/// How the host reaches the agent: AF_VSOCK where the host has vhost-vsock, else a virtio-serial
/// port whose QEMU chardev is a unix socket on the host.
package enum AgentChannel: Sendable, Equatable, CustomStringConvertible {
    /// `vhost-vsock-pci` with this guest CID; the agent listens on port 1024.
    case vsock(guestCID: UInt32)
    /// `virtserialport name=agent.channel.0` on a chardev served at this unix socket path.
    case serial(socketPath: String)

    /// The agent's ttRPC port on vsock.
    package static let vsockPort: UInt32 = 1024
    /// The virtio-serial port name the agent opens (`agent.server_addr=serial://agent.channel.0`).
    package static let serialPortName = "agent.channel.0"

    /// `vsock://<cid>:1024` or `unix://<path>`.
    package var description: String {
        switch self {
        case .vsock(let cid): "vsock://\(cid):\(Self.vsockPort)"
        case .serial(let path): "unix://\(path) (virtio-serial \(Self.serialPortName))"
        }
    }

    /// The channel for this host: vsock when `/dev/vhost-vsock` exists, else virtio-serial.
    /// - Parameters:
    ///   - hasVhostVsock: whether /dev/vhost-vsock exists.
    ///   - paths: the VM's paths.
    /// - Returns: the channel.
    package static func choose(hasVhostVsock: Bool, paths: VMPaths) -> AgentChannel {
        guard hasVhostVsock else { return .serial(socketPath: paths.agentSocket) }
        // Kata probes with VHOST_VSOCK_SET_GUEST_CID; a random CID in a wide range rarely collides,
        // and QEMU reports a collision on its stderr.
        return .vsock(guestCID: UInt32.random(in: 3...0x7fff_ffff))
    }
}
