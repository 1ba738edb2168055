// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataLinux
package import SystemPackage

/// A QMP client on one unix-socket connection: the greeting, `qmp_capabilities`, commands with ids
/// (several may be in flight; replies are matched by id), descriptors passed with a command
/// (`getfd`), and asynchronous events.
///
/// When the connection ends (QEMU exits, or close()), every pending call throws
/// Error/disconnected(command:reason:) and events finishes; nothing hangs on a dead QEMU.
package final class QMPClient: Sendable {
    /// The connection; internal so the typed wrappers can wait for an event after a reply.
    let connection: QMPConnection

    /// QEMU's greeting.
    package let greeting: QMP.Greeting

    /// Every event QEMU sends (`SHUTDOWN`, `GUEST_PANICKED`, `DEVICE_DELETED`, `POWERDOWN` …), in
    /// order, the newest 1024 kept while nobody reads; it finishes when the connection ends. One
    /// consumer only.
    package var events: AsyncStream<QMP.Event> { connection.events }

    private init(connection: QMPConnection, greeting: QMP.Greeting) {
        self.connection = connection
        self.greeting = greeting
    }

    deinit {
        connection.shutdown(reason: "the client was released")
    }

    /// Connects to the QMP socket at `path` and negotiates capabilities.
    /// - Parameters:
    ///   - path: QEMU's QMP socket.
    ///   - minimumMajorVersion: the oldest QEMU accepted.
    /// - Returns: a client ready for commands.
    /// - Throws: Error/socket(_:) when nothing listens, and what connect(socket:minimumMajorVersion:)
    ///   throws.
    package static func connect(path: String, minimumMajorVersion: Int = 5) async throws(Error) -> QMPClient {
        let fd: FileDescriptor
        do { fd = try UnixSocket.connect(path: path) } catch { throw .socket(error.description) }
        return try await connect(socket: fd, minimumMajorVersion: minimumMajorVersion)
    }

    /// Takes a connected socket, waits for the greeting, and sends `qmp_capabilities`. The socket
    /// may be connected to a listener QEMU has not started serving yet: the greeting then comes
    /// once it runs, and the connection is reset if QEMU exits first.
    /// - Parameters:
    ///   - socket: the connected socket; the client owns it from now on, also when this throws.
    ///   - minimumMajorVersion: the oldest QEMU accepted (the Kata runtime requires 5).
    /// - Returns: a client ready for commands.
    /// - Throws: Error/disconnected(command:reason:) when QEMU goes away first,
    ///   Error/unsupportedVersion(_:minimumMajor:), or the error of `qmp_capabilities`.
    package static func connect(socket: FileDescriptor, minimumMajorVersion: Int = 5) async throws(Error) -> QMPClient {
        let connection: QMPConnection
        do {
            connection = try QMPConnection(socket: socket)
        } catch {
            // The connection's deinit has closed the socket.
            throw .socket("cannot create the QMP reader thread: \(error)")
        }
        do throws(Error) {
            let greeting = try await connection.greeting().get()
            guard greeting.version.major >= minimumMajorVersion else {
                throw Error.unsupportedVersion(greeting.version, minimumMajor: minimumMajorVersion)
            }
            _ = try await connection.execute("qmp_capabilities", arguments: nil, descriptors: []).get()
            return QMPClient(connection: connection, greeting: greeting)
        } catch {
            connection.shutdown(reason: error.description)
            throw error
        }
    }

    /// Runs a command and returns its `return` value.
    /// - Parameters:
    ///   - command: the command name, e.g. `query-status`.
    ///   - arguments: its `arguments` object, if any.
    ///   - descriptors: descriptors sent with the command as SCM_RIGHTS (for `getfd`, `add-fd`);
    ///     the caller keeps and closes its copies.
    /// - Returns: the reply's `return` member.
    /// - Throws: Error/command(name:class:description:) for QEMU's error reply,
    ///   Error/disconnected(command:reason:), or Error/cancelled(command:).
    @discardableResult
    package func execute(
        _ command: String, arguments: QMP.Value? = nil, descriptors: [FileDescriptor] = []
    ) async throws(Error) -> QMP.Value {
        try await connection.execute(command, arguments: arguments, descriptors: descriptors).get()
    }

    /// Runs a command and then waits for the first event matching `predicate` that arrives after
    /// the command was sent (interest is registered before sending, so a fast event is not missed).
    /// - Parameters:
    ///   - command: the command name.
    ///   - arguments: its arguments.
    ///   - predicate: the event to wait for.
    /// - Returns: the command's return value and the event.
    /// - Throws: what execute(_:arguments:descriptors:) throws; also when the connection ends or
    ///   the task is cancelled before the event arrives.
    package func execute(
        _ command: String, arguments: QMP.Value? = nil, awaiting predicate: @escaping @Sendable (QMP.Event) -> Bool
    ) async throws(Error) -> (QMP.Value, QMP.Event) {
        let token = connection.expectEvent(where: predicate)
        let value: QMP.Value
        do {
            value = try await execute(command, arguments: arguments)
        } catch {
            connection.cancelExpectation(token)
            throw error
        }
        return (value, try await connection.waitForEvent(token).get())
    }

    /// Ends the connection; pending calls throw Error/disconnected(command:reason:). QEMU keeps
    /// running (use `quit` or kill the process to stop it).
    package func close() {
        connection.shutdown(reason: "the client was closed")
    }
}
