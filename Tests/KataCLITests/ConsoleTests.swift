// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Foundation
import KataLinux
import Synchronization
import SystemPackage
import Testing

@Suite struct ConsoleTests {
    private func readSome(_ fd: FileDescriptor) throws -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = try buffer.withUnsafeMutableBytes { try fd.read(into: $0) }
        return String(decoding: buffer[0..<count], as: UTF8.self)
    }

    @Test func hybridVsockHandshakeSendsConnect() throws {
        let (ours, peer) = try SocketPair.stream()
        defer {
            try? ours.close()
            try? peer.close()
        }
        try peer.writeAll(Array("OK 1073741824\n".utf8))
        try VsockStream.handshake(ours, port: 1026)
        #expect(try readSome(peer) == "CONNECT 1026\n")
    }

    @Test func hybridVsockRefusalIsAnError() throws {
        let (ours, peer) = try SocketPair.stream()
        defer {
            try? ours.close()
            try? peer.close()
        }
        try peer.writeAll(Array("ERR no such port\n".utf8))
        #expect(throws: VsockStream.HandshakeError.refused("ERR no such port")) {
            try VsockStream.handshake(ours, port: 1026)
        }
    }

    @Test func relayCopiesBothWaysUntilTheConsoleCloses() throws {
        let (connection, peer) = try SocketPair.stream()
        let input = try Pipe.make()
        let output = try Pipe.make()
        let finished = DispatchSemaphore(value: 0)
        let relayed = Mutex<Result<Void, Syscall.Error>?>(nil)
        let thread = Thread {
            let result = Result { () throws(Syscall.Error) in
                try TerminalRelay.relay(connection: connection, input: input.read, output: output.write)
            }
            relayed.withLock { $0 = result }
            finished.signal()
        }
        thread.start()
        try input.write.writeAll(Array("ls\n".utf8))
        #expect(try readSome(peer) == "ls\n")
        try peer.writeAll(Array("bin etc\n".utf8))
        #expect(try readSome(output.read) == "bin etc\n")
        try peer.close()
        #expect(finished.wait(timeout: .now() + 5) == .success)
        #expect(throws: Never.self) { try relayed.withLock { $0 }?.get() }
        for fd in [connection, input.read, input.write, output.read, output.write] { try? fd.close() }
    }
}
