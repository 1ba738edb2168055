// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Logging
import NIOCore
import Synchronization

extension TTRPCClient {
    /// Calls in flight on one connection, by stream id. Touched from callers' tasks and from the
    /// event loop, hence a `Mutex`; no lock is held while a continuation resumes.
    final class CallTable: Sendable {
        private enum Entry {
            /// The id is taken but the caller has not registered its continuation yet.
            case allocated
            /// The caller was cancelled (or timed out) before it registered.
            case failedEarly(any Error)
            case waiting(CheckedContinuation<Ttrpc_Response, any Error>, timer: Scheduled<Void>?)
        }

        private struct State {
            var nextStreamID: UInt32 = 1
            var entries: [UInt32: Entry] = [:]
            var closed = false
        }

        private let state = Mutex(State())
        private let logger: Logger

        init(logger: Logger) {
            self.logger = logger
        }

        /// Takes the next odd stream id.
        func allocate() throws -> UInt32 {
            try state.withLock { state in
                guard !state.closed else { throw TTRPCError.connectionClosed }
                let id = state.nextStreamID
                guard id < UInt32.max - 1 else { throw TTRPCError.streamIDsExhausted }
                state.nextStreamID += 2
                state.entries[id] = .allocated
                return id
            }
        }

        /// Parks the caller; returns false when the call already failed and the continuation was
        /// resumed here.
        func register(
            _ id: UInt32,
            continuation: CheckedContinuation<Ttrpc_Response, any Error>,
            timer: Scheduled<Void>?
        ) -> Bool {
            let early: (any Error)? = state.withLock { state in
                if state.closed {
                    state.entries[id] = nil
                    return TTRPCError.connectionClosed
                }
                switch state.entries[id] {
                case .allocated:
                    state.entries[id] = .waiting(continuation, timer: timer)
                    return nil
                case .failedEarly(let error):
                    state.entries[id] = nil
                    return error
                case .waiting, nil:
                    return TTRPCError.malformedMessage("stream \(id) registered twice")
                }
            }
            guard let early else { return true }
            timer?.cancel()
            continuation.resume(throwing: early)
            return false
        }

        /// Delivers the server's answer for `id`.
        func complete(_ id: UInt32, data: ByteBuffer) {
            guard let (continuation, timer) = take(id) else {
                // A call that timed out or was cancelled; containerd/ttrpc logs the same.
                logger.debug("ttrpc: response for unknown stream", metadata: ["stream": "\(id)"])
                return
            }
            timer?.cancel()
            do {
                continuation.resume(returning: try Ttrpc_Response(serializedBytes: Array(data.readableBytesView)))
            } catch {
                continuation.resume(
                    throwing: TTRPCError.malformedMessage("undecodable response on stream \(id): \(error)"))
            }
        }

        /// Fails the call on `id`, if it is still waiting.
        func fail(_ id: UInt32, with error: any Error) {
            let waiting: (CheckedContinuation<Ttrpc_Response, any Error>, Scheduled<Void>?)? = state.withLock { state in
                switch state.entries[id] {
                case .allocated:
                    state.entries[id] = .failedEarly(error)
                    return nil
                case .waiting(let continuation, let timer):
                    state.entries[id] = nil
                    return (continuation, timer)
                case .failedEarly, nil:
                    return nil
                }
            }
            guard let (continuation, timer) = waiting else { return }
            timer?.cancel()
            continuation.resume(throwing: error)
        }

        /// Fails every call and refuses new ones: the connection is gone.
        func closeAll() {
            let waiting = state.withLock { state in
                state.closed = true
                var waiting: [(CheckedContinuation<Ttrpc_Response, any Error>, Scheduled<Void>?)] = []
                for (id, entry) in state.entries {
                    switch entry {
                    case .waiting(let continuation, let timer):
                        waiting.append((continuation, timer))
                        state.entries[id] = nil
                    case .allocated:
                        state.entries[id] = .failedEarly(TTRPCError.connectionClosed)
                    case .failedEarly:
                        break
                    }
                }
                return waiting
            }
            for (continuation, timer) in waiting {
                timer?.cancel()
                continuation.resume(throwing: TTRPCError.connectionClosed)
            }
        }

        private func take(_ id: UInt32) -> (CheckedContinuation<Ttrpc_Response, any Error>, Scheduled<Void>?)? {
            state.withLock { state in
                guard case .waiting(let continuation, let timer) = state.entries[id] else { return nil }
                state.entries[id] = nil
                return (continuation, timer)
            }
        }
    }

    /// Routes response frames to their callers and fails everything when the connection ends.
    final class ClientHandler: ChannelInboundHandler {
        typealias InboundIn = TTRPCInboundFrame

        private let calls: CallTable
        private let logger: Logger

        init(calls: CallTable, logger: Logger) {
            self.calls = calls
            self.logger = logger
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .frame(let frame) where frame.type == .response:
                calls.complete(frame.streamID, data: frame.data)
            case .frame(let frame):
                logger.debug(
                    "ttrpc: ignoring frame",
                    metadata: ["type": "\(frame.type)", "stream": "\(frame.streamID)"]
                )
            case .oversized(let streamID, _, let length):
                logger.warning(
                    "ttrpc: response exceeds the frame limit; failing that call",
                    metadata: ["stream": "\(streamID)", "length": "\(length)"]
                )
                calls.fail(
                    streamID,
                    with: TTRPCError.messageTooLarge(size: Int(length), limit: TTRPCFrame.maxDataSize)
                )
            }
        }

        func channelInactive(context: ChannelHandlerContext) {
            calls.closeAll()
            context.fireChannelInactive()
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            logger.warning("ttrpc: connection error; closing", metadata: ["error": "\(error)"])
            calls.closeAll()
            context.close(promise: nil)
        }
    }
}
