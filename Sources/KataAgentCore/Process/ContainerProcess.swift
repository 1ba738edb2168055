// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataLinux

/// One process of a container, its init or an exec: its pid, its stdio, and its exit once the
/// reaper reports it.
final class ContainerProcess: Sendable {
    /// The exec id; the container id for the init process.
    let execID: String
    /// The pid in the agent's pid namespace.
    let pid: Int32
    /// The agent's ends of the process's stdio.
    let io: ProcessIO
    private let exit = Latch<ProcessControl.Termination>()

    /// Tracks `pid` through `reaper`.
    init(execID: String, pid: Int32, io: ProcessIO, reaper: Reaper) {
        self.execID = execID
        self.pid = pid
        self.io = io
        reaper.watch(pid) { [self] termination in ended(termination) }
    }

    /// How it ended, or nil while it runs.
    var termination: ProcessControl.Termination? { exit.value }

    /// Waits for the process to end.
    /// - Returns: how it ended.
    func wait() async -> ProcessControl.Termination {
        await exit.valueIgnoringCancellation()
    }

    /// Waits for the process to end, but not past `deadline`.
    /// - Returns: how it ended, or nil when it still runs at the deadline.
    func wait(until deadline: ContinuousClock.Instant) async -> ProcessControl.Termination? {
        await exit.wait(until: deadline)
    }

    /// Sends `signal` unless the process has already ended (its pid may be reused).
    /// - Throws: ``Syscall/Error`` from kill, other than the process being gone.
    func signal(_ signal: Signal) throws(Syscall.Error) {
        guard termination == nil else { return }
        do {
            try ProcessControl.kill(pid, signal)
        } catch .syscall(_, _, .noSuchProcess) {
            // It ended between the check and the kill; the reaper reports it.
        }
    }

    private func ended(_ termination: ProcessControl.Termination) {
        io.processEnded()
        exit.resolve(termination)
    }
}
