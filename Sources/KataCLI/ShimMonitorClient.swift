// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Foundation
import KataLinux

/// Why a shim-monitor request failed.
package enum ShimMonitorError: Error, Sendable, Equatable {
    /// Nothing exists at the socket path.
    case noSocket
    /// The connection or the exchange failed; the text says how.
    case transport(String)
}

/// An HTTP answer from the shim-monitor server.
package struct ShimMonitorResponse: Sendable, Equatable {
    /// The status code.
    package var status: Int
    /// The body, chunked encoding undone.
    package var body: String

    /// A response.
    /// - Parameters:
    ///   - status: the status code.
    ///   - body: the body.
    package init(status: Int, body: String) {
        self.status = status
        self.body = body
    }
}

/// Sends a GET to a shim's monitor socket; tests inject answers.
package protocol ShimMonitorTransport: Sendable {
    /// `GET <path>` over the unix socket at `socketPath`.
    /// - Parameters:
    ///   - socketPath: the shim-monitor socket.
    ///   - path: the request path, such as `/agent-url`.
    /// - Returns: the response.
    /// - Throws: ``ShimMonitorError``.
    func get(socketPath: String, path: String) throws(ShimMonitorError) -> ShimMonitorResponse
}

/// A tiny HTTP/1.1 client over a unix socket with upstream's 3 s timeout.
package struct UnixShimMonitorClient: ShimMonitorTransport {
    /// The send and receive timeout.
    package static let timeoutSeconds = 3

    /// A client.
    package init() {}

    /// Sends `GET <path>` with `Connection: close` and reads the whole answer.
    /// - Parameters:
    ///   - socketPath: the socket.
    ///   - path: the request path.
    /// - Returns: the parsed response.
    /// - Throws: ``ShimMonitorError/noSocket`` for `ENOENT`, else ``ShimMonitorError/transport(_:)``.
    package func get(socketPath: String, path: String) throws(ShimMonitorError) -> ShimMonitorResponse {
        let request = "GET \(path) HTTP/1.1\r\nHost: shim\r\nConnection: close\r\n\r\n"
        let answer: [UInt8]
        do {
            answer = try UnixStreamExchange.exchange(
                path: socketPath, request: Array(request.utf8), timeoutSeconds: Self.timeoutSeconds)
        } catch {
            if case .syscall("connect", _, .noSuchFileOrDirectory) = error { throw .noSocket }
            throw .transport(error.description)
        }
        return try Self.parse(answer)
    }

    /// Parses an HTTP/1.1 response.
    /// - Parameter bytes: the whole answer.
    /// - Returns: the status and body.
    /// - Throws: ``ShimMonitorError/transport(_:)`` for a malformed answer.
    package static func parse(_ bytes: [UInt8]) throws(ShimMonitorError) -> ShimMonitorResponse {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let split = text.range(of: "\r\n\r\n") else {
            throw .transport("malformed HTTP response: no end of headers")
        }
        let head = text[..<split.lowerBound].split(separator: "\r\n")
        let statusWords = head.first?.split(separator: " ") ?? []
        guard statusWords.count >= 2, statusWords[0].hasPrefix("HTTP/"), let status = Int(statusWords[1]) else {
            throw .transport("malformed HTTP response: bad status line")
        }
        let chunked = head.dropFirst().contains { line in
            line.lowercased().hasPrefix("transfer-encoding:") && line.lowercased().contains("chunked")
        }
        let body = String(text[split.upperBound...])
        return ShimMonitorResponse(status: status, body: chunked ? try dechunk(body) : body)
    }

    private static func dechunk(_ body: String) throws(ShimMonitorError) -> String {
        // Bytes, not Characters: "\r\n" is a single Character in Swift.
        let bytes = Array(body.utf8)
        var position = 0
        var out: [UInt8] = []
        while let lineEnd = crlf(in: bytes, from: position) {
            let sizeText = String(decoding: bytes[position..<lineEnd], as: UTF8.self).split(separator: ";").first ?? ""
            guard let size = Int(sizeText.trimmingCharacters(in: .whitespaces), radix: 16) else {
                throw .transport("malformed chunked body")
            }
            if size == 0 { return String(decoding: out, as: UTF8.self) }
            let start = lineEnd + 2
            guard start + size <= bytes.count else { throw .transport("truncated chunked body") }
            out += bytes[start..<(start + size)]
            position = start + size + 2
        }
        throw .transport("truncated chunked body")
    }

    private static func crlf(in bytes: [UInt8], from position: Int) -> Int? {
        var index = position
        while index + 1 < bytes.count {
            if bytes[index] == 0x0D && bytes[index + 1] == 0x0A { return index }
            index += 1
        }
        return nil
    }
}
