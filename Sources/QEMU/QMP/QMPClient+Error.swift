// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

extension QMPClient {
    /// Why a QMP call failed.
    package enum Error: Swift.Error, CustomStringConvertible, Sendable, Equatable {
        /// QEMU answered `{"error":{"class":…,"desc":…}}` to `command`.
        case command(name: String, class: String, description: String)
        /// The connection ended (QEMU exited, or QMPClient/close() was called) before `command`
        /// was answered; nil when no command was waiting (the greeting, an event wait).
        case disconnected(command: String?, reason: String)
        /// A socket call failed, e.g. `connect /run/vc/vm/x/qmp.sock: Connection refused`.
        case socket(String)
        /// QEMU sent something that is not QMP.
        case malformedMessage(String)
        /// `command` was answered with a value of an unexpected shape.
        case unexpectedReply(command: String, reply: String)
        /// The greeting names a QEMU older than the client supports.
        case unsupportedVersion(QMP.Version, minimumMajor: Int)
        /// The calling task was cancelled while waiting for `command` (its effect in QEMU is unknown).
        case cancelled(command: String)

        /// A one-line description naming the command.
        package var description: String {
            switch self {
            case .command(let name, let errorClass, let description):
                "qmp \(name): \(errorClass): \(description)"
            case .disconnected(let command?, let reason):
                "qmp \(command): connection lost before the reply: \(reason)"
            case .disconnected(nil, let reason):
                "qmp: connection lost: \(reason)"
            case .socket(let description):
                "qmp: \(description)"
            case .malformedMessage(let text):
                "qmp: malformed message from QEMU: \(text)"
            case .unexpectedReply(let command, let reply):
                "qmp \(command): unexpected reply \(reply)"
            case .unsupportedVersion(let version, let minimum):
                "qmp: QEMU \(version) is too old; version \(minimum).0 or later is required"
            case .cancelled(let command):
                "qmp \(command): cancelled while waiting for the reply"
            }
        }
    }
}
