// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

/// The agent address a shim reports on `/agent-url`.
package enum AgentURL: Sendable, Equatable {
    /// `vsock://CID:PORT`.
    case vsock(contextID: UInt32, port: UInt32)
    /// `hvsock://PATH:PORT`: a unix socket speaking the hybrid-vsock `CONNECT <port>` handshake.
    case hybridVsock(path: String, port: UInt32)

    /// Parses the body of `/agent-url` (a trailing newline is ignored).
    /// - Parameter text: the URL text.
    /// - Returns: the address.
    /// - Throws: ``CLIError`` "schema X not found" for other schemes, or a message for a malformed address.
    package static func parse(_ text: String) throws(CLIError) -> AgentURL {
        let url = text.hasSuffix("\n") ? String(text.dropLast()) : text
        let scheme: String
        let rest: Substring
        if let range = url.range(of: "://") {
            scheme = String(url[..<range.lowerBound])
            rest = url[range.upperBound...]
        } else {
            scheme = ""
            rest = Substring(url)
        }
        guard scheme == "vsock" || scheme == "hvsock" else {
            throw CLIError("schema \(scheme) not found")
        }
        guard let colon = rest.lastIndex(of: ":"), let port = UInt32(rest[rest.index(after: colon)...]) else {
            throw CLIError("invalid agent URL \"\(url)\": want \(scheme)://ADDRESS:PORT")
        }
        let address = rest[..<colon]
        if scheme == "vsock" {
            guard let contextID = UInt32(address) else {
                throw CLIError("invalid agent URL \"\(url)\": the vsock CID is not a number")
            }
            return .vsock(contextID: contextID, port: port)
        }
        guard !address.isEmpty else {
            throw CLIError("invalid agent URL \"\(url)\": the hybrid vsock path is empty")
        }
        return .hybridVsock(path: String(address), port: port)
    }
}
