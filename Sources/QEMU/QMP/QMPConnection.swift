// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import FoundationEssentials
import KataLinux
import Synchronization
import SystemPackage

/// The socket, the reader thread and the calls waiting for replies of one QMP connection. The
/// reader thread and callers share it; QMPClient owns it and shuts it down when released.
final class QMPConnection: Sendable {
    typealias Reply = Result<QMP.Value, QMPClient.Error>

    private struct Pending {
        var command: String
        var continuation: CheckedContinuation<Reply, Never>
    }

    /// A registered interest in one event, which may fire before anyone waits on it.
    private enum Waiter {
        case armed(
            predicate: @Sendable (QMP.Event) -> Bool,
            continuation: CheckedContinuation<Result<QMP.Event, QMPClient.Error>, Never>?)
        case fired(QMP.Event)
    }

    private enum Greeting {
        case waiting([CheckedContinuation<Result<QMP.Greeting, QMPClient.Error>, Never>])
        case received(QMP.Greeting)
    }

    /// Where the connection is in its life; a lifecycle, not flags.
    private enum Phase {
        /// Calls are sent.
        case open
        /// ``shutdown(reason:)`` was called; new calls fail, the reader has not yet drained.
        case closing(reason: String)
        /// The reader has drained everything; every wait fails at once.
        case closed(reason: String)

        /// Why new calls fail, or nil while open.
        var reason: String? {
            switch self {
            case .open: nil
            case .closing(let reason), .closed(let reason): reason
            }
        }

        /// The reason once the reader has drained, so that nothing registered later would ever be woken.
        var drainedReason: String? {
            if case .closed(let reason) = self { return reason }
            return nil
        }
    }

    private struct State {
        var phase = Phase.open
        var nextID: Int64 = 1
        var pending: [Int64: Pending] = [:]
        var greeting = Greeting.waiting([])
        var waiters: [Int64: Waiter] = [:]
    }

    private let socket: FileDescriptor
    private let state = Mutex(State())
    /// Serialises writes; separate from `state` so that a blocked write never stops the reader.
    private let writeLock = Mutex(())
    private let eventContinuation: AsyncStream<QMP.Event>.Continuation
    /// Every event, in order; finished when the connection ends.
    let events: AsyncStream<QMP.Event>

    /// Takes ownership of a connected socket and starts reading it on a dedicated thread.
    /// - Parameter socket: the connected socket, closed when the connection is released.
    /// - Throws: `Errno` when the reader thread cannot be created (the socket is closed then too).
    init(socket: FileDescriptor) throws(Errno) {
        self.socket = socket
        (events, eventContinuation) = AsyncStream.makeStream(bufferingPolicy: .bufferingNewest(1024))
        // why: a blocking reader thread, not NIO, because QMP needs SCM_RIGHTS on a stream socket
        // (getfd), which NIO's stream channels do not send; one thread per VM is cheap. The thread
        // holds the connection until the socket reports end of stream.
        try OSThread.start(name: "qmp-reader") { [self] in self.readLoop() }
    }

    deinit {
        _ = try? socket.close()
    }

    /// Wakes the reader with end of stream; pending calls fail with `reason`.
    func shutdown(reason: String) {
        state.withLock { if case .open = $0.phase { $0.phase = .closing(reason: reason) } }
        UnixSocket.shutdown(socket)
    }

    /// Waits for QEMU's greeting.
    func greeting() async -> Result<QMP.Greeting, QMPClient.Error> {
        await withCheckedContinuation { continuation in
            let now: Result<QMP.Greeting, QMPClient.Error>? = state.withLock { state in
                switch state.greeting {
                case .received(let greeting): return .success(greeting)
                case .waiting(var list):
                    if let reason = state.phase.drainedReason {
                        return .failure(.disconnected(command: nil, reason: reason))
                    }
                    list.append(continuation)
                    state.greeting = .waiting(list)
                    return nil
                }
            }
            if let now { continuation.resume(returning: now) }
        }
    }

    /// Sends `command` and waits for its reply.
    func execute(_ command: String, arguments: QMP.Value?, descriptors: [FileDescriptor]) async -> Reply {
        let id = state.withLock { state -> Int64 in
            defer { state.nextID += 1 }
            return state.nextID
        }
        var message: [String: QMP.Value] = ["execute": .string(command), "id": .int(id)]
        if let arguments { message["arguments"] = arguments }
        let line = Array(QMP.Value.object(message).description.utf8) + [UInt8(ascii: "\n")]
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Reply, Never>) in
                let closed: String? = state.withLock { state in
                    if let reason = state.phase.reason { return reason }
                    state.pending[id] = Pending(command: command, continuation: continuation)
                    return nil
                }
                if let closed {
                    continuation.resume(returning: .failure(.disconnected(command: command, reason: closed)))
                    return
                }
                if Task.isCancelled {
                    finish(id, .failure(.cancelled(command: command)))
                    return
                }
                do throws(Syscall.Error) {
                    try writeLock.withLock { _ throws(Syscall.Error) in
                        try UnixSocket.send(socket, line, descriptors: descriptors)
                    }
                } catch {
                    finish(id, .failure(.disconnected(command: command, reason: error.description)))
                }
            }
        } onCancel: {
            finish(id, .failure(.cancelled(command: command)))
        }
    }

    /// Registers interest in the next event matching `predicate`; wait with waitForEvent(_:).
    func expectEvent(where predicate: @escaping @Sendable (QMP.Event) -> Bool) -> Int64 {
        state.withLock { state in
            defer { state.nextID += 1 }
            state.waiters[state.nextID] = .armed(predicate: predicate, continuation: nil)
            return state.nextID
        }
    }

    /// Waits for an event registered with expectEvent(where:).
    func waitForEvent(_ token: Int64) async -> Result<QMP.Event, QMPClient.Error> {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let now: Result<QMP.Event, QMPClient.Error>? = state.withLock { state in
                    switch state.waiters[token] {
                    case .fired(let event)?:
                        state.waiters[token] = nil
                        return .success(event)
                    case .armed(let predicate, nil)?:
                        if let reason = state.phase.drainedReason {
                            state.waiters[token] = nil
                            return .failure(.disconnected(command: nil, reason: reason))
                        }
                        state.waiters[token] = .armed(predicate: predicate, continuation: continuation)
                        return nil
                    case .armed(_, .some)?, nil:
                        return .failure(.cancelled(command: "event wait"))
                    }
                }
                if let now { continuation.resume(returning: now) }
            }
        } onCancel: {
            let waiting = state.withLock { state -> CheckedContinuation<Result<QMP.Event, QMPClient.Error>, Never>? in
                guard case .armed(_, let continuation?)? = state.waiters[token] else {
                    state.waiters[token] = nil
                    return nil
                }
                state.waiters[token] = nil
                return continuation
            }
            waiting?.resume(returning: .failure(.cancelled(command: "event wait")))
        }
    }

    /// Drops an interest registered with expectEvent(where:) that will not be waited for.
    func cancelExpectation(_ token: Int64) {
        _ = state.withLock { $0.waiters.removeValue(forKey: token) }
    }

    // MARK: - Reader

    private func finish(_ id: Int64, _ reply: Reply) {
        let pending = state.withLock { $0.pending.removeValue(forKey: id) }
        pending?.continuation.resume(returning: reply)
    }

    private func readLoop() {
        var buffer: [UInt8] = []
        var failure: String = "end of stream"
        reading: while true {
            let chunk: [UInt8]
            do {
                let received = try UnixSocket.receive(socket)
                for fd in received.descriptors { _ = try? fd.close() }
                chunk = received.bytes
            } catch {
                failure = error.description
                break
            }
            if chunk.isEmpty { break }
            buffer += chunk
            while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = buffer[..<newline]
                buffer.removeSubrange(...newline)
                // QEMU ends lines with \r\n; JSON allows blanks around a value.
                let isBlank: (UInt8) -> Bool = { [0x20, 0x09, 0x0a, 0x0d].contains($0) }
                let text = String(
                    decoding: line.drop(while: isBlank).reversed().drop(while: isBlank).reversed(), as: UTF8.self)
                if text.isEmpty { continue }
                guard let message = try? JSONDecoder().decode(QMP.Value.self, from: Data(text.utf8)) else {
                    failure = "malformed message: \(text)"
                    break reading
                }
                dispatch(message)
            }
        }
        drain(failure)
    }

    private func dispatch(_ message: QMP.Value) {
        if let greeting = QMP.Greeting.decode(message) {
            let waiting = state.withLock {
                state -> [CheckedContinuation<Result<QMP.Greeting, QMPClient.Error>, Never>] in
                guard case .waiting(let list) = state.greeting else { return [] }
                state.greeting = .received(greeting)
                return list
            }
            for continuation in waiting { continuation.resume(returning: .success(greeting)) }
        } else if let event = QMP.Event.decode(message) {
            let woken = state.withLock { state in
                var woken: [CheckedContinuation<Result<QMP.Event, QMPClient.Error>, Never>] = []
                for (token, waiter) in state.waiters {
                    guard case .armed(let predicate, let continuation) = waiter, predicate(event) else { continue }
                    if let continuation {
                        woken.append(continuation)
                        state.waiters[token] = nil
                    } else {
                        state.waiters[token] = .fired(event)
                    }
                }
                return woken
            }
            for continuation in woken { continuation.resume(returning: .success(event)) }
            eventContinuation.yield(event)
        } else if let id = message["id"]?.intValue {
            let pending = state.withLock { $0.pending.removeValue(forKey: id) }
            guard let pending else { return }
            if let error = message["error"] {
                pending.continuation.resume(
                    returning: .failure(
                        .command(
                            name: pending.command, class: error["class"]?.stringValue ?? "GenericError",
                            description: error["desc"]?.stringValue ?? error.description)))
            } else {
                pending.continuation.resume(returning: .success(message["return"] ?? .null))
            }
        }
    }

    /// Ends the connection: every pending call, greeting wait and armed event wait fails.
    private func drain(_ failure: String) {
        let (reason, pending, greeting, waiters) = state.withLock { state in
            let reason = state.phase.reason ?? failure
            state.phase = .closed(reason: reason)
            let pending = state.pending
            state.pending = [:]
            var greeting: [CheckedContinuation<Result<QMP.Greeting, QMPClient.Error>, Never>] = []
            if case .waiting(let list) = state.greeting {
                greeting = list
                state.greeting = .waiting([])
            }
            var waiters: [CheckedContinuation<Result<QMP.Event, QMPClient.Error>, Never>] = []
            for (token, waiter) in state.waiters {
                if case .armed(_, let continuation?) = waiter {
                    waiters.append(continuation)
                    state.waiters[token] = nil
                }
            }
            return (reason, pending, greeting, waiters)
        }
        for call in pending.values {
            call.continuation.resume(returning: .failure(.disconnected(command: call.command, reason: reason)))
        }
        for continuation in greeting {
            continuation.resume(returning: .failure(.disconnected(command: nil, reason: reason)))
        }
        for continuation in waiters {
            continuation.resume(returning: .failure(.disconnected(command: nil, reason: reason)))
        }
        eventContinuation.finish()
    }
}
