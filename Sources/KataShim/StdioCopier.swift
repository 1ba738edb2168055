// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import KataLinux
package import KataRuntime
package import Logging
import Synchronization
import SystemPackage

/// Moves bytes between a process's client FIFOs and its streams in the sandbox: stdin FIFO →
/// `writeStdin` (EOF → `closeStdin`), `readStdout`/`readStderr` → FIFOs, closing each output
/// FIFO's write end at end of stream so the client sees EOF.
///
/// The FIFOs are non-blocking and the copier never parks a thread: when a FIFO is full (nobody
/// reads) or empty it waits on the injected ``ReadinessMonitor`` (one poll thread for all
/// streams), so an idle stream costs no CPU, a stalled client holds up nothing but its own
/// stream, and drain(timeout:) bounds how long an exit waits for output.
package final class StdioCopier: ProcessIO {
    private enum Phase {
        case idle
        case copying(streams: any ProcessStreams, input: Task<Bool, Never>?, output: Task<Void, Never>)
        case closed
    }

    /// The retry interval when there is no ``ReadinessMonitor`` (its thread could not be created).
    private static let idleDelay: Duration = .milliseconds(5)
    private let fifos: StdioFIFOs
    private let monitor: ReadinessMonitor?
    private let logger: Logger
    private let phase = Mutex<Phase>(.idle)
    private let outputDone = Latch<Void>()
    private let closedWrites = Mutex<Set<CInt>>([])

    /// Creates a copier over opened FIFOs; it owns and eventually closes them.
    /// - Parameters:
    ///   - fifos: the opened FIFOs.
    ///   - monitor: the process's readiness monitor, nil when its thread could not be made.
    ///   - logger: the shim's logger.
    package init(fifos: StdioFIFOs, monitor: ReadinessMonitor?, logger: Logger) {
        self.fifos = fifos
        self.monitor = monitor
        self.logger = logger
    }

    /// Starts the copy tasks between the FIFOs and `streams` (owned by the copier until close()).
    package func connect(_ streams: any ProcessStreams) {
        phase.withLock { phase in
            guard case .idle = phase else {
                return
            }
            let input = fifos.stdin.map { fd in Task { await self.copyStdin(from: fd, to: streams) } }
            let output = Task {
                async let out: Void = self.copyOutput(self.fifos.stdout, read: { try await streams.readStdout() })
                async let err: Void = self.copyOutput(self.fifos.stderr, read: { try await streams.readStderr() })
                _ = await (out, err)
                self.outputDone.resolve(())
            }
            phase = .copying(streams: streams, input: input, output: output)
        }
    }

    /// Waits until stdout and stderr reached end of stream and were flushed, or `timeout` passed.
    /// - Returns: whether the output was completely copied.
    @discardableResult
    package func drain(timeout: Duration) async -> Bool {
        await outputDone.wait(until: .now + timeout) != nil
    }

    /// CloseIO: forwards the stdin bytes already in the FIFO, then closes the process's stdin.
    package func closeStdin() async {
        let copying: (streams: any ProcessStreams, input: Task<Bool, Never>?)? = phase.withLock { phase in
            guard case .copying(let streams, let input, _) = phase else {
                return nil
            }
            return (streams, input)
        }
        guard let copying else { return }
        let streams = copying.streams
        guard let input = copying.input, let fd = fifos.stdin else {
            try? await streams.closeStdin()
            return
        }
        input.cancel()
        if await input.value {
            return
        }
        var buffer = [UInt8](repeating: 0, count: 32 * 1024)
        while case .bytes(let count)? = try? FIFO.read(fd, into: &buffer) {
            try? await streams.writeStdin(Array(buffer[..<count]))
        }
        try? await streams.closeStdin()
    }

    /// Stops copying and closes every FIFO descriptor (Delete).
    package func close() async {
        let tasks: (Task<Bool, Never>?, Task<Void, Never>?) = phase.withLock { phase in
            defer { phase = .closed }
            switch phase {
            case .copying(_, let input, let output): return (input, output)
            case .idle, .closed: return (nil, nil)
            }
        }
        tasks.0?.cancel()
        tasks.1?.cancel()
        _ = await tasks.0?.value
        await tasks.1?.value
        try? fifos.stdin?.close()
        for output in [fifos.stdout, fifos.stderr].compactMap({ $0 }) {
            closeWrite(output.write)
            try? output.keeper.close()
        }
    }

    /// Returns whether it closed the process's stdin (EOF from the client).
    private func copyStdin(from fd: FileDescriptor, to streams: any ProcessStreams) async -> Bool {
        var buffer = [UInt8](repeating: 0, count: 32 * 1024)
        while !Task.isCancelled {
            let events = await ready(fd, for: .readable)
            if Task.isCancelled { break }
            if events.contains(.readable) {
                switch try? FIFO.read(fd, into: &buffer) {
                case .bytes(let count):
                    // CloseIO cancels this task to take over the FIFO's rest; bytes already read
                    // must still reach the process, so their write is not cancelled with it.
                    let chunk = Array(buffer[..<count])
                    let write = Task { [streams] in try await streams.writeStdin(chunk) }
                    do {
                        try await write.value
                    } catch {
                        logger.debug("stdin copy ended", metadata: ["error": "\(error)"])
                        return false
                    }
                    continue
                case .wouldBlock:
                    continue
                case .closed, nil:
                    return await closeProcessStdin(streams)
                }
            } else if !events.isDisjoint(with: [.hangUp, .error, .invalid]) {
                // POLLHUP without data: a writer connected and left, i.e. the client's stdin ended.
                return await closeProcessStdin(streams)
            }
        }
        return false
    }

    /// Waits until `fd` is ready, through the shared monitor, or by polling it every
    /// ``idleDelay`` when there is none. Empty when the task was cancelled.
    private func ready(_ fd: FileDescriptor, for events: Poll.Events) async -> Poll.Events {
        if let monitor {
            return await monitor.wait(fd, for: events)
        }
        while !Task.isCancelled {
            let reported = (try? Poll.poll(fd, for: events, timeout: .zero)) ?? [.error]
            if !reported.isEmpty { return reported }
            try? await Task.sleep(for: Self.idleDelay)
        }
        return []
    }

    private func closeProcessStdin(_ streams: any ProcessStreams) async -> Bool {
        do {
            try await streams.closeStdin()
        } catch {
            logger.debug("close stdin failed", metadata: ["error": "\(error)"])
        }
        return true
    }

    private func copyOutput(
        _ output: StdioFIFOs.Output?, read: @Sendable () async throws -> [UInt8]?
    ) async {
        // Without a FIFO (or once its reader is gone) the stream is still read to its end: the
        // runtime reports the exit only after the process's output has been drained.
        var readerGone = output == nil
        while !Task.isCancelled {
            let chunk: [UInt8]?
            do {
                chunk = try await read()
            } catch {
                logger.debug("output stream ended", metadata: ["error": "\(error)"])
                break
            }
            guard let chunk else {
                break
            }
            if !readerGone, let output {
                readerGone = await write(chunk[...], to: output.write)
            }
        }
        // The client sees EOF once every write end is closed; the private read end stays open
        // until close() so no late write open elsewhere fails.
        if let output { closeWrite(output.write) }
    }

    private func closeWrite(_ fd: FileDescriptor) {
        let first = closedWrites.withLock { $0.insert(fd.rawValue).inserted }
        if first {
            try? fd.close()
        }
    }

    /// Writes all of `bytes`, waiting while the FIFO is full; returns true when the reader is gone.
    private func write(_ bytes: ArraySlice<UInt8>, to fd: FileDescriptor) async -> Bool {
        var rest = bytes
        while !rest.isEmpty, !Task.isCancelled {
            switch try? FIFO.write(fd, rest) {
            case .bytes(let count):
                rest = rest.dropFirst(count)
            case .wouldBlock:
                _ = await ready(fd, for: .writable)
            case .closed, nil:
                return true
            }
        }
        return false
    }
}
