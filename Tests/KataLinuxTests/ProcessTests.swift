// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataLinux
import SystemPackage
import Testing

@Suite("System, CurrentProcess, Signals, KernelModule")
struct ProcessTests {
    @Test("the kernel release matches /proc")
    func kernelRelease() throws {
        let release = try System.kernelRelease()
        #expect(!release.isEmpty)
        #expect(try FileSystem.readFile("/proc/sys/kernel/osrelease") == release + "\n")
    }

    @Test("the test runner is not init")
    func notInit() {
        #expect(!CurrentProcess.isInit)
        #expect(CurrentProcess.id > 1)
    }

    @Test("environment values can be set and read")
    func environment() throws {
        try System.setEnvironmentValue("value", for: "KATA_LINUX_TESTS_VARIABLE")
        #expect(System.environmentValue("KATA_LINUX_TESTS_VARIABLE") == "value")
        #expect(System.environmentValue("KATA_LINUX_TESTS_UNSET") == nil)
        #expect(throws: Syscall.Error.syscall(name: "setenv", path: "A=B", errno: .invalidArgument)) {
            try System.setEnvironmentValue("x", for: "A=B")
        }
    }

    @Test("with SIGPIPE ignored, writing to a pipe without reader fails with EPIPE")
    func ignorePipe() throws {
        try Signals.ignore(.pipe)
        let pipe = try FileDescriptor.pipe()
        defer { try? pipe.writeEnd.close() }
        try pipe.readEnd.close()
        #expect(throws: Errno.brokenPipe) {
            try pipe.writeEnd.writeAll("x".utf8)
        }
    }

    @Test("SIGKILL's disposition cannot be changed")
    func ignoreKill() {
        #expect(throws: Syscall.Error.syscall(name: "sigaction", path: "9", errno: .invalidArgument)) {
            try Signals.ignore(.kill)
        }
    }

    @Test("blocking and unblocking a signal in this thread")
    func block() throws {
        try Signals.block([.user2])
        try Signals.unblock([.user2])
    }

    @Test("signal names come from strsignal")
    func signalNames() {
        #expect(Signal.pipe.description == "Broken pipe")
        #expect(Signal.terminate.rawValue == 15)
    }

    @Test("loading a missing module file names open and the path")
    func missingModule() {
        #expect(throws: Syscall.Error.syscall(name: "open", path: "/nonexistent/x.ko", errno: .noSuchFileOrDirectory)) {
            try KernelModule.load(path: "/nonexistent/x.ko")
        }
    }
}
