// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

/// Where the agent serves ttRPC (`agent.server_addr`, `KATA_AGENT_SERVER_ADDR`).
///
/// Accepted forms:
/// - `vsock://<cid>:<port>`: AF_VSOCK; a CID of `-1` means any (`VMADDR_CID_ANY`). Kata's default is
///   `vsock://-1:1024`.
/// - `unix://<path>`: a unix socket; `unix://@name` is the abstract socket `name`.
/// - `serial://<name>`: the virtio-serial port whose `/sys/class/virtio-ports/*/name` is `<name>`
///   (QEMU `-device virtserialport,name=<name>`), e.g. `serial://agent.channel.0`. Not in upstream Kata;
///   for hosts without vhost-vsock.
package enum ServerAddress: Sendable, Hashable, CustomStringConvertible {
    /// An AF_VSOCK listener.
    case vsock(cid: UInt32, port: UInt32)
    /// A unix-socket listener; a leading `@` names an abstract socket.
    case unix(path: String)
    /// A virtio-serial port, by its name.
    case serial(name: String)

    /// `VMADDR_CID_ANY`, written `-1` in addresses.
    package static let anyCID = UInt32.max

    /// Kata's default, `vsock://-1:1024`.
    package static let `default` = ServerAddress.vsock(cid: anyCID, port: 1024)

    /// What a valid address looks like, for error messages.
    package static let expectedForm = "vsock://<cid>:<port>, unix://<path> or serial://<virtio-serial port name>"

    /// Parses an address; nil when it has none of the accepted forms.
    /// - Parameter text: the address, e.g. `vsock://-1:1024`.
    package init?(_ text: String) {
        if let rest = Self.dropScheme("vsock", from: text) {
            guard let colon = rest.lastIndex(of: ":"), let port = UInt32(rest[rest.index(after: colon)...]) else {
                return nil
            }
            let cidText = rest[..<colon]
            guard let cid = cidText == "-1" ? Self.anyCID : UInt32(cidText) else {
                return nil
            }
            self = .vsock(cid: cid, port: port)
        } else if let rest = Self.dropScheme("unix", from: text), !rest.isEmpty {
            self = .unix(path: String(rest))
        } else if let rest = Self.dropScheme("serial", from: text), !rest.isEmpty, !rest.contains("/") {
            self = .serial(name: String(rest))
        } else {
            return nil
        }
    }

    /// The address in the form ``init(_:)`` accepts.
    package var description: String {
        switch self {
        case .vsock(let cid, let port):
            "vsock://\(cid == Self.anyCID ? "-1" : String(cid)):\(port)"
        case .unix(let path):
            "unix://\(path)"
        case .serial(let name):
            "serial://\(name)"
        }
    }

    private static func dropScheme(_ scheme: String, from text: String) -> Substring? {
        let prefix = scheme + "://"
        return text.hasPrefix(prefix) ? text.dropFirst(prefix.count) : nil
    }
}
