// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Glibc
import SystemPackage

/// Signals and exit statuses of other processes.
package enum ProcessControl {
    /// How a child ended, as waitpid(2) reports it.
    package enum Termination: Sendable, Equatable, CustomStringConvertible {
        /// It exited with this code.
        case exited(Int32)
        /// A signal killed it.
        case signaled(Signal)

        /// The shell's convention, which Kata reports: the exit code, or 128 + the signal number.
        package var exitStatus: Int32 {
            switch self {
            case .exited(let code): code
            case .signaled(let signal): 128 + signal.rawValue
            }
        }

        /// "exit code 3" or "signal 9".
        package var description: String {
            switch self {
            case .exited(let code): "exit code \(code)"
            case .signaled(let signal): "signal \(signal.rawValue)"
            }
        }
    }

    /// Sends `signal` to `pid` (or to a process group when `pid` is negative).
    /// - Parameters:
    ///   - pid: the process.
    ///   - signal: the signal; number 0 only checks that the process exists.
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)`` from `kill` (`ESRCH` when it is gone).
    package static func kill(_ pid: Int32, _ signal: Signal) throws(Syscall.Error) {
        _ = try Syscall.call("kill", path: "pid \(pid)") { Glibc.kill(pid, signal.rawValue) }
    }

    /// Waits for any child to end and reaps it.
    /// - Parameter block: false to return nil at once when no child has ended yet.
    /// - Returns: the reaped child and how it ended; nil when none has ended (non-blocking) or the
    ///   caller has no children at all.
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)`` from `waitpid`, other than `ECHILD`.
    package static func reapAny(block: Bool) throws(Syscall.Error) -> (pid: Int32, termination: Termination)? {
        var status: Int32 = 0
        let result = Syscall.valueOrErrno { waitpid(-1, &status, block ? 0 : WNOHANG) }
        switch result {
        case .failure(.noChildProcess):
            return nil
        case .failure(let errno):
            throw .syscall(name: "waitpid", path: nil, errno: errno)
        case .success(0):
            return nil
        case .success(let pid):
            return (pid, termination(status))
        }
    }

    /// Decodes a waitpid status; stopped/continued states are not asked for, so anything not an
    /// exit is a signal death.
    static func termination(_ status: Int32) -> Termination {
        let signal = status & 0x7f
        return signal == 0 ? .exited((status >> 8) & 0xff) : .signaled(Signal(rawValue: signal))
    }

    /// The signals `pid` catches, ignores and blocks, from /proc/<pid>/status (`SigCgt`, `SigIgn`,
    /// `SigBlk`): a PID-1 process that does none of these for SIGTERM would never die of it.
    /// - Parameters:
    ///   - signal: the signal.
    ///   - pid: the process.
    /// - Returns: true when `signal` is caught, ignored or blocked.
    /// - Throws: ``Syscall/Error`` when the status file cannot be read (the process is gone).
    package static func handles(_ signal: Signal, pid: Int32) throws(Syscall.Error) -> Bool {
        let status = try FileSystem.readFile("/proc/\(pid)/status")
        let bit = UInt64(1) << UInt64(signal.rawValue - 1)
        for line in status.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, ["SigCgt", "SigIgn", "SigBlk"].contains(String(parts[0])) else { continue }
            let mask = UInt64(parts[1].trimmingCharacters(in: " \t"), radix: 16) ?? 0
            if mask & bit != 0 { return true }
        }
        return false
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in set: String) -> Substring {
        var result = self
        while let first = result.first, set.contains(first) { result = result.dropFirst() }
        while let last = result.last, set.contains(last) { result = result.dropLast() }
        return result
    }
}
