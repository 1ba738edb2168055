// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataLinux
import SystemPackage

/// Attaches the user's terminal to a guest debug console; tests inject a recorder.
package protocol DebugConsole: Sendable {
    /// Connects to `target` and relays the terminal until the console closes.
    /// - Parameter target: the console's address, the debug port already filled in.
    /// - Throws: ``CLIError`` when the connection fails.
    func attach(_ target: AgentURL) throws(CLIError)
}

/// The real console: dials vsock or hybrid vsock, puts standard input in raw mode if it is a
/// terminal, and copies both ways with 2 KiB buffers.
package struct TerminalDebugConsole: DebugConsole {
    /// The dial and handshake timeout.
    package static let dialTimeoutSeconds = 3

    /// The real console.
    package init() {}

    /// Dials `target` and relays standard input and output until the connection closes.
    /// - Parameter target: the console's address.
    /// - Throws: ``CLIError`` naming the address and the failure.
    package func attach(_ target: AgentURL) throws(CLIError) {
        let connection: FileDescriptor
        switch target {
        case .vsock(let contextID, let port):
            do {
                connection = try VsockStream.connect(contextID: contextID, port: port)
            } catch {
                throw CLIError("dial vsock://\(contextID):\(port): \(error)")
            }
        case .hybridVsock(let path, let port):
            do {
                connection = try VsockStream.connectHybrid(
                    path: path, port: port, timeoutSeconds: Self.dialTimeoutSeconds)
            } catch {
                throw CLIError("dial hvsock:\(path):\(port): \(error)")
            }
        }
        defer { try? connection.close() }
        let terminal = try? RawTerminal(.standardInput)
        do {
            try TerminalRelay.relay(connection: connection, input: .standardInput, output: .standardOutput)
        } catch {
            throw CLIError("debug console: \(error)")
        }
        // The terminal stays raw until the relay is over.
        _ = consume terminal
    }
}
