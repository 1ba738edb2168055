// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataLinux
import SystemPackage

/// Copies bytes both ways between a virtio-serial port and one end of a socket pair whose other end
/// the ttRPC server serves, until either side goes away.
///
/// The port is not handed to SwiftNIO because a virtio port is not a socket: it reports `POLLHUP`
/// while no host is connected and sometimes briefly while one is, and NIO treats a hang-up followed
/// by a read that returns nothing as a broken invariant and stops the process, which for PID 1
/// panics the guest. Here the port stays open for the agent's whole life and a hang-up only ends
/// one relay: the socket pair, and with it the ttRPC session, is dropped whole, so no half frame of
/// an old host reaches the next one.
struct SerialRelay {
    /// Why a relay ended.
    enum Ending: Sendable, Equatable {
        /// The host closed its end of the port (read returned end of file).
        case hostHungUp
        /// The ttRPC server closed its end of the socket pair (shutdown).
        case serverClosed
    }

    /// Bytes read from one side are written to the other before more is read, so each direction
    /// holds at most this much.
    static let chunkSize = 64 * 1024
    /// How long to pause when the port reports a hang-up that reading shows to be transient, so that
    /// the loop does not spin while the state settles.
    static let transientHangUpPause: Duration = .milliseconds(1)

    /// The open port, non-blocking; the relay does not close it.
    let port: FileDescriptor
    /// The relay's end of the socket pair, non-blocking; the relay does not close it.
    let socket: FileDescriptor

    /// Relays until one side goes away.
    /// - Returns: which side ended the relay.
    /// - Throws: `Errno` or ``Syscall/Error`` from poll, read or write on either descriptor.
    func run() throws -> Ending {
        var toSocket: [UInt8] = []
        var toPort: [UInt8] = []
        var scratch = [UInt8](repeating: 0, count: Self.chunkSize)
        while true {
            var portWants: Poll.Events = toSocket.isEmpty ? [.readable] : []
            var socketWants: Poll.Events = toPort.isEmpty ? [.readable] : []
            if !toPort.isEmpty { portWants.insert(.writable) }
            if !toSocket.isEmpty { socketWants.insert(.writable) }
            let ready = try Poll.poll([(port, portWants), (socket, socketWants)], timeout: nil)
            let portReady = ready[0]
            let socketReady = ready[1]
            if !portReady.isDisjoint(with: [.invalid]) || !socketReady.isDisjoint(with: [.invalid]) {
                throw Errno.badFileDescriptor
            }

            if toSocket.isEmpty, !portReady.isDisjoint(with: [.readable, .hangUp, .error]) {
                switch try Self.read(port, into: &scratch) {
                case .endOfFile:
                    return .hostHungUp
                case .wouldBlock:
                    // Connected after all (the hang-up was transient), with nothing to read yet.
                    if portReady.contains(.hangUp) {
                        _ = try Poll.poll([], timeout: Self.transientHangUpPause)
                    }
                case .bytes(let count):
                    toSocket.append(contentsOf: scratch[..<count])
                }
            }
            if toPort.isEmpty, !socketReady.isDisjoint(with: [.readable, .hangUp, .error]) {
                switch try Self.read(socket, into: &scratch) {
                case .endOfFile:
                    return .serverClosed
                case .wouldBlock:
                    break
                case .bytes(let count):
                    toPort.append(contentsOf: scratch[..<count])
                }
            }
            if !toSocket.isEmpty {
                guard let written = try Self.write(toSocket, to: socket) else {
                    return .serverClosed
                }
                toSocket.removeFirst(written)
            }
            if !toPort.isEmpty {
                guard let written = try Self.write(toPort, to: port) else {
                    return .hostHungUp
                }
                toPort.removeFirst(written)
            }
        }
    }

    private enum ReadResult {
        case bytes(Int)
        case endOfFile
        case wouldBlock
    }

    private static func read(_ fd: FileDescriptor, into buffer: inout [UInt8]) throws -> ReadResult {
        do {
            let count = try buffer.withUnsafeMutableBytes { try fd.read(into: $0) }
            return count == 0 ? .endOfFile : .bytes(count)
        } catch Errno.wouldBlock {
            return .wouldBlock
        } catch Errno.connectionReset {
            return .endOfFile
        }
    }

    /// Writes what the descriptor takes now; nil when its peer is gone.
    private static func write(_ bytes: [UInt8], to fd: FileDescriptor) throws -> Int? {
        do {
            return try bytes.withUnsafeBytes { try fd.write($0) }
        } catch Errno.wouldBlock {
            return 0
        } catch Errno.brokenPipe {
            return nil
        } catch Errno.connectionReset {
            return nil
        } catch Errno.operationNotSupportedByDevice {
            // A port whose device is going away (hot-unplug) answers ENODEV.
            return nil
        }
    }
}
