// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Glibc
import SystemPackage

/// Signal dispositions and masks of the calling process.
///
/// Dispositions set to "ignore" survive execve(2): code that starts container processes must restore
/// the default for every signal this process ignores (``restoreDefault(_:)``) in the child.
package enum Signals {
    /// Ignores `signal` (`SIG_IGN`), e.g. `SIGPIPE`, so that writing to a pipe whose reader is gone
    /// fails with `EPIPE` instead of killing the agent.
    /// - Parameter signal: the signal to ignore; not `SIGKILL` or `SIGSTOP`.
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)`` from `sigaction` (`EINVAL`).
    package static func ignore(_ signal: Signal) throws(Syscall.Error) {
        try setDisposition(of: signal, to: SIG_IGN)
    }

    /// Restores the default disposition of `signal` (`SIG_DFL`).
    /// - Parameter signal: the signal; not `SIGKILL` or `SIGSTOP`.
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)`` from `sigaction` (`EINVAL`).
    package static func restoreDefault(_ signal: Signal) throws(Syscall.Error) {
        try setDisposition(of: signal, to: SIG_DFL)
    }

    /// Blocks `signals` in the calling thread; threads created later inherit the mask, so block
    /// before starting the event loops when the signals are to be read from a signalfd.
    /// - Parameter signals: the signals to block.
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)`` from `pthread_sigmask`.
    package static func block(_ signals: [Signal]) throws(Syscall.Error) {
        try changeMask(SIG_BLOCK, signals)
    }

    /// Unblocks `signals` in the calling thread.
    /// - Parameter signals: the signals to unblock.
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)`` from `pthread_sigmask`.
    package static func unblock(_ signals: [Signal]) throws(Syscall.Error) {
        try changeMask(SIG_UNBLOCK, signals)
    }

    private static func setDisposition(of signal: Signal, to handler: __sighandler_t?) throws(Syscall.Error) {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = handler
        sigemptyset(&action.sa_mask)
        try Syscall.call("sigaction", path: "\(signal.rawValue)") { sigaction(signal.rawValue, &action, nil) }
    }

    private static func changeMask(_ how: Int32, _ signals: [Signal]) throws(Syscall.Error) {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in signals {
            sigaddset(&set, signal.rawValue)
        }
        // pthread_sigmask returns the error number instead of setting errno.
        let result = pthread_sigmask(how, &set, nil)
        guard result == 0 else {
            throw .syscall(name: "pthread_sigmask", path: nil, errno: Errno(rawValue: result))
        }
    }
}
