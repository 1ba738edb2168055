// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataError
import KataLinux
import OCISpec
import SystemPackage

/// `kata-agent init`: the fresh, single-threaded process that sets up one container process and
/// execs it (see ``ProcessLauncher`` for the exchange on the sync socket, descriptor 3).
///
/// The helper reads the spec, enters or creates the PID namespace and forks: the child is the
/// container process (PID 1 of a new PID namespace); the helper reports its pid and exits. Once the
/// agent says the child is in its cgroup, the child joins and creates the other namespaces, builds the root file system (for a container's init),
/// says it is ready, waits for the start byte, drops privileges and execs (the seccomp filter goes
/// in before the privileges are dropped, or just before exec under no_new_privs: ``Setup``).
package enum InitHelper {
    /// The helper's descriptor for the sync socket.
    static let sync = FileDescriptor(rawValue: 3)

    /// Runs the helper; never returns.
    package static func main() -> Never {
        let mode = System.environmentValue("KATA_INIT_MODE") == "exec" ? ProcessLauncher.Mode.exec : .container
        let noPivot = System.environmentValue("KATA_INIT_NO_PIVOT") == "1"
        do {
            let spec = try readSpec()
            guard let process = spec.process, let program = process.args?.first else {
                throw KataError(.invalidArgument, "the spec has no process args")
            }
            if let pid = spec.linux?.namespaces?.first(where: { $0.type == .pid }) {
                try step("enter the pid namespace") {
                    if let path = pid.path {
                        try NamespaceKind.pid.join(path)
                    } else {
                        try NamespaceKind.unshare([.pid])
                    }
                }
            }
            // The child waits for end of file on this pipe, which comes when the parent has sent
            // the pid and exited: both write to the sync socket, and the agent must read P first.
            let pidSent = try step("make the fork's pipe") { try Pipe.make() }
            let child = try step("fork the container process") { try ContainerSyscalls.fork() }
            if child > 0 {
                send(.pid, Array("\(child)".utf8))
                ContainerSyscalls.exitNow(0)
            }
            try? pidSent.write.close()
            var byte: [UInt8] = [0]
            _ = try? byte.withUnsafeMutableBytes { try pidSent.read.read(into: $0) }
            try? pidSent.read.close()
            guard waitFor(.placed) else { ContainerSyscalls.exitNow(1) }
            var setup = Setup(spec: spec, process: process, mode: mode, noPivot: noPivot)
            try setup.run()
            send(.ready, [])
            guard waitFor(.start) else { ContainerSyscalls.exitNow(1) }
            try step("mark the sync socket close-on-exec") { try ContainerSyscalls.setCloseOnExec(sync) }
            try setup.installLateSeccomp()
            let errno = ContainerSyscalls.execute(
                setup.program, arguments: process.args ?? [], environment: setup.environment)
            send(.error, Array("exec: \"\(program)\": \(Setup.goText(errno))".utf8))
            ContainerSyscalls.exitNow(127)
        } catch {
            send(.error, Array("\(error)".utf8))
            ContainerSyscalls.exitNow(127)
        }
    }

    /// Runs `body`, prefixing a failure with what was being done.
    static func step<T>(_ what: @autoclosure () -> String, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as KataError {
            throw error
        } catch {
            throw KataError(.invalidArgument, "\(what()): \(error)")
        }
    }

    private static func readSpec() throws -> Spec {
        let header = try readExactly(4)
        let length = header.reduce(0) { $0 << 8 | Int($1) }
        guard length <= 16 << 20 else {
            throw KataError(.invalidArgument, "the init request is \(length) bytes, more than 16 MiB")
        }
        return try InitChannel.decode(try readExactly(length))
    }

    private static func readExactly(_ count: Int) throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        var offset = 0
        while offset < count {
            let read = try bytes.withUnsafeMutableBytes {
                try sync.read(into: UnsafeMutableRawBufferPointer(rebasing: $0[offset...]))
            }
            guard read > 0 else { throw KataError(.internal, "the agent closed the sync socket") }
            offset += read
        }
        return bytes
    }

    /// Waits for the agent's one-byte `kind`; false when anything else (or end of file) comes.
    private static func waitFor(_ kind: InitChannel.Kind) -> Bool {
        var byte: [UInt8] = [0]
        let read = try? byte.withUnsafeMutableBytes { try sync.read(into: $0) }
        return read == 1 && byte[0] == kind.rawValue
    }

    /// Hands the pty master to the agent (`T`, the descriptor attached to the header).
    static func sendTerminal(_ master: FileDescriptor) throws {
        try UnixSocket.send(sync, [InitChannel.Kind.terminal.rawValue, 0, 0, 0, 0], descriptors: [master])
    }

    private static func send(_ kind: InitChannel.Kind, _ payload: [UInt8]) {
        let length = UInt32(payload.count)
        let bytes =
            [
                kind.rawValue, UInt8(length >> 24), UInt8(length >> 16 & 0xff), UInt8(length >> 8 & 0xff),
                UInt8(length & 0xff),
            ]
            + payload
        _ = try? bytes.withUnsafeBytes { try sync.writeAll($0) }
    }
}
