// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Glibc

/// A signal number, with names for the signals the agent handles or forwards.
package struct Signal: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    /// The signal number.
    package var rawValue: Int32

    /// Creates a signal from its number; any number is accepted (real-time signals have no name here).
    /// - Parameter rawValue: the signal number.
    package init(rawValue: Int32) {
        self.rawValue = rawValue
    }

    /// `SIGHUP`.
    package static let hangup = Signal(rawValue: SIGHUP)
    /// `SIGINT`.
    package static let interrupt = Signal(rawValue: SIGINT)
    /// `SIGQUIT`.
    package static let quit = Signal(rawValue: SIGQUIT)
    /// `SIGKILL`.
    package static let kill = Signal(rawValue: SIGKILL)
    /// `SIGUSR1`.
    package static let user1 = Signal(rawValue: SIGUSR1)
    /// `SIGUSR2`.
    package static let user2 = Signal(rawValue: SIGUSR2)
    /// `SIGPIPE`.
    package static let pipe = Signal(rawValue: SIGPIPE)
    /// `SIGTERM`.
    package static let terminate = Signal(rawValue: SIGTERM)
    /// `SIGCHLD`.
    package static let child = Signal(rawValue: SIGCHLD)
    /// `SIGCONT`.
    package static let `continue` = Signal(rawValue: SIGCONT)
    /// `SIGSTOP`.
    package static let stop = Signal(rawValue: SIGSTOP)
    /// `SIGWINCH`.
    package static let windowChange = Signal(rawValue: SIGWINCH)

    /// The signal's description from strsignal(3), e.g. `"Broken pipe"`.
    package var description: String {
        strsignal(rawValue).map { String(cString: $0) } ?? "signal \(rawValue)"
    }
}
