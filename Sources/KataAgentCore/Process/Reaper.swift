// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataLinux
import NIOPosix
import Synchronization
import SystemPackage

/// The agent's one child reaper: every child and every orphan re-parented to the agent (it is a
/// child subreaper) is reaped here, on a thread of its own, and handed to whoever watches its pid.
///
/// A pid may end before its watcher registers (an intermediate process exits at once); such exits are
/// kept, up to ``unclaimedLimit``, so a late watcher still learns them. Orphans nobody watches fall
/// out of that bounded record.
final class Reaper: Sendable {
    /// What a watcher is told, on the reaper's thread; it must not block.
    typealias Handler = @Sendable (ProcessControl.Termination) -> Void

    /// How many exits nobody watched are kept.
    static let unclaimedLimit = 1024

    private struct State {
        var handlers: [Int32: Handler] = [:]
        var unclaimed: [Int32: ProcessControl.Termination] = [:]
        var unclaimedOrder: [Int32] = []
        var stopped = false
    }

    private let state = Mutex(State())
    private let wake: WakeupPipe
    private let thread: NIOThreadPool

    /// Starts the reaping thread.
    /// - Throws: ``Syscall/Error`` when the wake-up pipe cannot be made.
    init() throws(Syscall.Error) {
        wake = try WakeupPipe()
        thread = NIOThreadPool(numberOfThreads: 1)
        thread.start()
        thread.submit { [self] _ in run() }
    }

    /// Calls `handler` once when `pid` ends, at once if it already has.
    /// - Parameters:
    ///   - pid: a child or descendant of the agent.
    ///   - handler: what to do with its termination; runs on the reaper's thread.
    func watch(_ pid: Int32, _ handler: @escaping Handler) {
        let ended = state.withLock { state -> ProcessControl.Termination? in
            if let termination = state.unclaimed.removeValue(forKey: pid) {
                state.unclaimedOrder.removeAll { $0 == pid }
                return termination
            }
            state.handlers[pid] = handler
            return nil
        }
        if let ended { handler(ended) }
    }

    /// Waits until `pid` ends.
    /// - Parameter pid: a child or descendant of the agent.
    /// - Returns: how it ended.
    func termination(of pid: Int32) async -> ProcessControl.Termination {
        await withCheckedContinuation { continuation in
            watch(pid) { continuation.resume(returning: $0) }
        }
    }

    /// Tells the reaper a child was just started, so that it stops idling.
    func childStarted() {
        wake.poke()
    }

    /// Stops the thread after its current wait.
    func stop() {
        state.withLock { $0.stopped = true }
        childStarted()
        thread.shutdownGracefully { _ in }
    }

    private func run() {
        while !state.withLock({ $0.stopped }) {
            let reaped: (pid: Int32, termination: ProcessControl.Termination)?
            do {
                reaped = try ProcessControl.reapAny(block: true)
            } catch {
                reaped = nil
            }
            guard let reaped else {
                // No children at all: sleep until one is started (or briefly, should a wake-up be
                // missed); while there are children, waitpid itself blocks.
                _ = try? Poll.poll([(wake.read, .readable)], timeout: .milliseconds(100))
                wake.drain()
                continue
            }
            let handler = state.withLock { state -> Handler? in
                if let handler = state.handlers.removeValue(forKey: reaped.pid) { return handler }
                state.unclaimed[reaped.pid] = reaped.termination
                state.unclaimedOrder.append(reaped.pid)
                if state.unclaimedOrder.count > Self.unclaimedLimit {
                    state.unclaimed.removeValue(forKey: state.unclaimedOrder.removeFirst())
                }
                return nil
            }
            handler?(reaped.termination)
        }
    }
}
