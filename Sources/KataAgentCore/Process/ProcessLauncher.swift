// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataError
import KataLinux
import OCISpec
import SystemPackage

/// Starts container processes through `kata-agent init` (see ``InitHelper``): the namespace,
/// mount and credential work happens in that fresh single-threaded child, never in the agent.
///
/// The exchange on the sync socket: the agent sends the spec; the helper answers `P` with the
/// container process's pid; the agent puts it in its cgroup and answers `C`, so that the cgroup
/// namespace the process then creates is rooted at its own cgroup; a terminal process's helper
/// then sends `T` with the pty master attached (`SCM_RIGHTS`), opened inside the container as runc
/// does, so the terminal is the container's own `/dev/pts/N`; the helper sends `R` once it is set
/// up, or `E` with an error; `S` from the agent lets it exec, and end of file (the socket is
/// close-on-exec) says the exec succeeded.
struct ProcessLauncher: Sendable {
    /// Whether the helper sets up a container's init or joins a running container.
    enum Mode: String, Sendable {
        case container
        case exec
    }

    /// A process set up and held before exec.
    struct Held: Sendable {
        /// Its pid in the agent's namespace.
        let pid: Int32
        /// Its stdio.
        let io: ProcessIO
        /// The agent's end of the sync socket, non-blocking; ``start(_:)`` closes it.
        let sync: FileDescriptor
    }

    /// The agent binary (the helper is the agent itself).
    var executable = "/proc/self/exe"
    /// Where socket reads wait.
    let poller: IOPoller
    /// Where exits are reported.
    let reaper: Reaper
    /// `agent.container_pipe_size`.
    let pipeSize: Int
    /// Whether the guest root is an initramfs, where pivot_root cannot work.
    let noPivot: Bool

    /// Starts the helper, sends it `spec` and waits until the process is set up and held.
    /// - Parameters:
    ///   - spec: the final spec: root in the bundle, namespaces to create or join (see ``InitHelper``).
    ///   - mode: container init or exec.
    ///   - placed: called with the pid before the process is set up, to put it in its cgroup; the
    ///     process creates its namespaces only after it returns.
    /// - Returns: the held process.
    /// - Throws: ``KataError`` with the helper's own message when a step fails.
    func prepare(
        _ spec: Spec, mode: Mode, placed: (Int32) throws -> Void
    ) async throws -> Held {
        let request = try InitChannel.encode(spec)
        let terminal = spec.process?.terminal ?? false
        // A terminal's helper has /dev/null as stdio until it opens the pty in the container.
        var io: ProcessIO?
        let child: ProcessIO.ChildEnds
        if terminal {
            let null = try FileSystem.open("/dev/null", .readWrite)
            child = ProcessIO.ChildEnds(stdin: null, stdout: null, stderr: null)
        } else {
            let pipes = try ProcessIO.pipes(pipeSize: pipeSize, poller: poller)
            io = pipes.0
            child = pipes.1
        }
        let (sync, childSync) = try SocketPair.stream()
        var environment = ["KATA_INIT_MODE=\(mode.rawValue)"]
        if noPivot { environment.append("KATA_INIT_NO_PIVOT=1") }
        let helper: Int32
        do {
            defer {
                child.close()
                try? childSync.close()
            }
            try SocketPair.setNonBlocking(sync)
            helper = try Spawn.spawn(
                executable, arguments: ["kata-agent", "init"], environment: environment,
                descriptors: [child.stdin, child.stdout, child.stderr, childSync])
        } catch {
            io?.close()
            try? sync.close()
            throw KataError(.internal, "starting the container init helper failed", underlying: error)
        }
        reaper.childStarted()
        // The helper's exit is not interesting (it forks the process and leaves); watching it
        // keeps it out of the reaper's record of unclaimed exits.
        reaper.watch(helper) { _ in }

        var pid: Int32?
        do {
            let channel = InitChannel(fd: sync, poller: poller)
            try await channel.send(.request, request)
            let first = try await channel.receive(context: "the container init helper")
            guard first.kind == .pid, let number = Int32(String(decoding: first.payload, as: UTF8.self)) else {
                throw Self.failure(first)
            }
            pid = number
            try placed(number)
            try await channel.send(.placed, [])
            var ready = try await channel.receive(context: "the container init helper")
            if terminal, ready.kind == .terminal {
                guard let master = ready.descriptors.first else {
                    throw KataError(.internal, "the container init helper sent no terminal")
                }
                io = try ProcessIO.terminal(master: master, poller: poller)
                ready = try await channel.receive(context: "the container init helper")
            }
            guard ready.kind == .ready, let io else { throw Self.failure(ready) }
            return Held(pid: number, io: io, sync: sync)
        } catch {
            if let pid { try? ProcessControl.kill(pid, .kill) }
            io?.close()
            try? sync.close()
            throw error
        }
    }

    /// Lets a held process exec and waits for the outcome.
    /// - Parameter held: the process from ``prepare(_:mode:placed:)``.
    /// - Throws: ``KataError`` with the helper's message when exec failed (e.g. no such program).
    func start(_ held: Held) async throws {
        defer { try? held.sync.close() }
        let channel = InitChannel(fd: held.sync, poller: poller)
        try await channel.send(.start, [])
        guard let answer = try await channel.receiveOrEnd(context: "the container process") else {
            return
        }
        throw Self.failure(answer)
    }

    private static func failure(_ message: InitChannel.Message) -> KataError {
        let text = String(decoding: message.payload, as: UTF8.self)
        switch message.kind {
        case .error:
            return KataError(.invalidArgument, text)
        default:
            return KataError(.internal, "the container init helper sent an unexpected \(message.kind) message")
        }
    }
}

/// The framing on the sync socket: one kind byte, a big-endian 32-bit length, the payload.
struct InitChannel {
    /// A message kind.
    enum Kind: UInt8, Sendable, CustomStringConvertible {
        /// Agent → helper: the spec as JSON (length-prefixed without a kind byte).
        case request = 0
        /// Helper → agent: the process's pid.
        case pid = 0x50
        /// Helper → agent: set up, holding before exec.
        case ready = 0x52
        /// Helper → agent: a step failed; the payload says which and why.
        case error = 0x45
        /// Agent → helper: exec now.
        case start = 0x53
        /// Agent → helper: the process is in its cgroup; set up the namespaces now.
        case placed = 0x43
        /// Helper → agent: the pty master, attached to the message.
        case terminal = 0x54

        var description: String { String(UnicodeScalar(rawValue)) }
    }

    /// A received message.
    struct Message: Sendable {
        let kind: Kind
        let payload: [UInt8]
        /// Descriptors that came with it, owned by the receiver.
        var descriptors: [FileDescriptor] = []
    }

    /// The most a helper message may carry (an error text or a pid).
    static let maximumPayload = 64 * 1024

    let fd: FileDescriptor
    let poller: IOPoller

    /// Sends a message; the request goes as a bare length-prefixed payload.
    func send(_ kind: Kind, _ payload: [UInt8]) async throws {
        var bytes: [UInt8] = []
        if kind == .start || kind == .placed {
            bytes = [kind.rawValue]
        } else {
            if kind != .request { bytes.append(kind.rawValue) }
            let length = UInt32(payload.count)
            bytes += [UInt8(length >> 24), UInt8(length >> 16 & 0xff), UInt8(length >> 8 & 0xff), UInt8(length & 0xff)]
            bytes += payload
        }
        var offset = 0
        while offset < bytes.count {
            do {
                offset += try bytes[offset...].withUnsafeBytes { try fd.write($0) }
            } catch Errno.wouldBlock {
                _ = try await poller.wait(for: .writable, on: fd)
            } catch Errno.brokenPipe {
                throw KataError(.internal, "the container init helper exited before reading its request")
            }
        }
    }

    /// Receives one message.
    /// - Throws: ``KataError`` when the peer closes first.
    func receive(context: String) async throws -> Message {
        guard let message = try await receiveOrEnd(context: context) else {
            throw KataError(.internal, "\(context) exited without saying why")
        }
        return message
    }

    /// Receives one message, or nil at end of file before any byte of one.
    func receiveOrEnd(context: String) async throws -> Message? {
        var descriptors: [FileDescriptor] = []
        do {
            guard let header = try await read(5, allowEnd: true, descriptors: &descriptors) else { return nil }
            guard let kind = Kind(rawValue: header[0]) else {
                throw KataError(.internal, "\(context) sent an unknown message kind \(header[0])")
            }
            let length = header[1...4].reduce(0) { $0 << 8 | Int($1) }
            guard length <= Self.maximumPayload else {
                throw KataError(.internal, "\(context) sent a \(length)-byte message")
            }
            let payload = try await read(length, allowEnd: false, descriptors: &descriptors) ?? []
            return Message(kind: kind, payload: payload, descriptors: descriptors)
        } catch {
            for descriptor in descriptors { try? descriptor.close() }
            throw error
        }
    }

    private func read(_ count: Int, allowEnd: Bool, descriptors: inout [FileDescriptor]) async throws -> [UInt8]? {
        var bytes: [UInt8] = []
        while bytes.count < count {
            guard let received = try receiveAvailable(count - bytes.count) else {
                _ = try await poller.wait(for: .readable, on: fd)
                continue
            }
            descriptors += received.descriptors
            let read = received.bytes
            if read.isEmpty {
                if allowEnd && bytes.isEmpty { return nil }
                throw KataError(.internal, "the container init helper closed its socket mid-message")
            }
            bytes += read
        }
        return bytes
    }

    /// One recvmsg (not read: a descriptor attached to the first byte would be dropped); nil when
    /// nothing is there yet, no bytes at end of stream (or a reset).
    private func receiveAvailable(
        _ maximum: Int
    ) throws(Syscall.Error) -> (bytes: [UInt8], descriptors: [FileDescriptor])? {
        do {
            return try UnixSocket.receive(fd, maximum: maximum)
        } catch {
            guard case .syscall(_, _, let errno) = error else { throw error }
            switch errno {
            case .wouldBlock: return nil
            case .connectionReset: return ([], [])
            default: throw error
            }
        }
    }
}
