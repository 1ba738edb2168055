// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import CKataLinux
import Glibc
package import SystemPackage

/// Waits for what the kernel announces on a descriptor instead of checking in a sleep loop: a
/// process's exit (pidfd(2), also for processes that are not our children), a file appearing in a
/// directory (inotify(7)), and anything else announced on a descriptor, such as a link or a device
/// (``lookUntilFound(timeout:wakingOn:interval:backstop:_:)``). The blocking poll runs on a thread
/// of its own, never on the cooperative pool, and always ends by its timeout.
package enum KernelWait {
    /// What ended a wait for a file.
    package enum FileOutcome: Sendable, Equatable {
        /// The file exists.
        case appeared
        /// The process it waited on alongside exited first.
        case processExited
        /// The timeout passed.
        case timedOut
    }

    /// Waits until process `pid` has exited (a zombie counts), at most `timeout`.
    /// - Parameters:
    ///   - pid: the process.
    ///   - timeout: the longest wait.
    /// - Returns: true once it has exited or does not exist, false when it still runs at the deadline.
    package static func processExit(_ pid: Int32, timeout: Duration) async -> Bool {
        let fd = ckl_pidfd_open(pid)
        guard fd >= 0 else { return errno == ESRCH }
        let pidfd = FileDescriptor(rawValue: fd)
        let ready = await pollOffPool([(pidfd, .readable)], timeout: timeout)
        try? pidfd.close()
        return ready.first.map { !$0.isEmpty } ?? false
    }

    /// Waits until `path` exists, or process `pid` exits, or `timeout` passes.
    /// - Parameters:
    ///   - path: the file (its directory must exist).
    ///   - pid: the process that would create it; its exit ends the wait.
    ///   - timeout: the longest wait.
    /// - Returns: what happened first.
    package static func fileAppears(_ path: String, unlessExits pid: Int32, timeout: Duration) async -> FileOutcome {
        let deadline = ContinuousClock.now + timeout
        let directory = FilePath(path).removingLastComponent().string
        let inotify = ckl_inotify()
        let pidfd = ckl_pidfd_open(pid)
        if pidfd < 0, errno == ESRCH { return FileSystem.exists(path) ? .appeared : .processExited }
        defer {
            if inotify >= 0 { Glibc.close(inotify) }
            if pidfd >= 0 { Glibc.close(pidfd) }
        }
        // The watch goes in before the first look, so a file made in between is not missed.
        let watching = inotify >= 0 && ckl_inotify_watch_create(inotify, directory) >= 0
        // Without a pidfd or a watch (kernels without them) the file is looked for every 5 ms.
        let slice: Duration? = watching && pidfd >= 0 ? nil : .milliseconds(5)
        while true {
            if FileSystem.exists(path) { return .appeared }
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else { return .timedOut }
            var entries: [(FileDescriptor, Poll.Events)] = []
            if pidfd >= 0 { entries.append((FileDescriptor(rawValue: pidfd), .readable)) }
            if watching { entries.append((FileDescriptor(rawValue: inotify), .readable)) }
            let ready = await pollOffPool(entries, timeout: slice.map { min(remaining, $0) } ?? remaining)
            if pidfd >= 0, ready.first.map({ !$0.isEmpty }) == true {
                return FileSystem.exists(path) ? .appeared : .processExited
            }
            if watching { EventNotifier.drain(FileDescriptor(rawValue: inotify)) }
        }
    }

    /// Looks for something until it is found, the task is cancelled or `timeout` passes: again
    /// each time `source` becomes readable (it is drained first), and every `backstop` in any
    /// case, so an announcement the kernel dropped (a full socket's ENOBUFS) cannot stall the wait.
    /// Without a source, for what the kernel announces nowhere, it looks every `interval`.
    ///
    /// Set the source up before calling, so a change before the first look is not missed.
    /// - Parameters:
    ///   - timeout: the longest wait.
    ///   - source: a descriptor that turns readable on a change (``KernelEventSocket``, inotify), or nil.
    ///   - interval: the pause between looks without a source.
    ///   - backstop: the longest pause between looks with a source.
    ///   - look: returns the thing, or nil while it is not there yet.
    /// - Returns: what `look` found; nil after `timeout` or on cancellation.
    /// - Throws: what `look` throws, which ends the wait.
    package static func lookUntilFound<Found, Failure: Error>(
        timeout: Duration, wakingOn source: FileDescriptor?, interval: Duration = .milliseconds(10),
        backstop: Duration = .seconds(1), _ look: () async throws(Failure) -> Found?
    ) async throws(Failure) -> Found? {
        let deadline = ContinuousClock.now + timeout
        while !Task.isCancelled {
            if let found = try await look() { return found }
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero else { return nil }
            if let source {
                _ = await pollOffPool([(source, .readable)], timeout: min(remaining, backstop))
                EventNotifier.drain(source)
            } else {
                try? await Task.sleep(for: min(remaining, interval))
            }
        }
        return nil
    }

    /// One poll(2) on a new thread; an error or a thread that cannot be made counts as "nothing ready".
    private static func pollOffPool(
        _ entries: [(FileDescriptor, Poll.Events)], timeout: Duration
    ) async -> [Poll.Events] {
        let nothing = entries.map { _ in Poll.Events() }
        return await withCheckedContinuation { continuation in
            do {
                try OSThread.start(name: "kernel-wait") {
                    continuation.resume(returning: (try? Poll.poll(entries, timeout: timeout)) ?? nothing)
                }
            } catch {
                continuation.resume(returning: nothing)
            }
        }
    }
}
