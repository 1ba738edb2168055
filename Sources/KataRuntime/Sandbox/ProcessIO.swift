// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import KataError

/// A process's stdio inside the sandbox, as the client side copies it.
package protocol ProcessStreams: Sendable {
    /// The next stdout bytes, or nil at end of stream.
    func readStdout() async throws -> [UInt8]?
    /// The next stderr bytes, or nil at end of stream (at once with a terminal).
    func readStderr() async throws -> [UInt8]?
    /// Writes all of `bytes` to the process's stdin.
    func writeStdin(_ bytes: [UInt8]) async throws
    /// Closes the process's stdin (EOF).
    func closeStdin() async throws
}

/// Opens the client's end of a process's stdio (containerd's FIFOs in the shim).
package protocol ProcessIOConnector: Sendable {
    /// Opens the client's stdio before the process starts, so a missing FIFO fails the start.
    /// - Parameter stdio: the paths the client gave.
    /// - Returns: the opened stdio, not yet copying.
    /// - Throws: `KataError(.invalidArgument)` naming the path that cannot be opened.
    func open(_ stdio: ProcessStdio) throws(KataError) -> any ProcessIO
}

/// The client's end of one process's stdio: copies between it and the process's streams.
package protocol ProcessIO: Sendable {
    /// Starts copying between the client and `streams`.
    func connect(_ streams: any ProcessStreams)
    /// Waits until the output reached the client, or `timeout` passed.
    /// - Returns: whether all of it did.
    func drain(timeout: Duration) async -> Bool
    /// CloseIO: forwards what the client already wrote, then closes the process's stdin.
    func closeStdin() async
    /// Stops copying and closes the client's end (Delete); also when never connected.
    func close() async
}
