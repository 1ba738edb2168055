// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataLinux
import SystemPackage
import Testing

@Suite("Syscall.Error")
struct SyscallErrorTests {
    @Test(
        "messages name the call, the object and the errno",
        arguments: [
            (
                Syscall.Error.syscall(name: "mount", path: "/proc", errno: .notPermitted),
                "mount /proc: Operation not permitted"
            ),
            (.syscall(name: "setsid", path: nil, errno: .notPermitted), "setsid: Operation not permitted"),
            (
                .syscall(name: "finit_module", path: "/lib/modules/x/virtio.ko", errno: .noSuchFileOrDirectory),
                "finit_module /lib/modules/x/virtio.ko: No such file or directory"
            ),
            (.syscall(name: "mkdir", path: "/dev/pts", errno: .fileExists), "mkdir /dev/pts: File exists"),
            (
                .malformed(path: "/proc/self/mountinfo", line: 3, reason: "mount ids are not numbers"),
                "/proc/self/mountinfo line 3: mount ids are not numbers"
            ),
        ]
    )
    func description(error: Syscall.Error, expected: String) {
        #expect(error.description == expected)
    }

    @Test("a real failure carries the errno the kernel returned")
    func realFailure() {
        #expect(throws: Syscall.Error.syscall(name: "open", path: "/nonexistent/kata", errno: .noSuchFileOrDirectory)) {
            try FileSystem.readFile("/nonexistent/kata")
        }
    }

    @Test("errno is exposed for callers that decide on it")
    func errnoAccessor() {
        #expect(
            Syscall.Error.syscall(name: "open", path: "/x", errno: .noSuchFileOrDirectory).errno
                == .noSuchFileOrDirectory)
        #expect(Syscall.Error.malformed(path: "/x", line: 1, reason: "r").errno == nil)
    }
}
