// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataLinux
import SystemPackage
import Testing

@Suite("Mount")
struct MountTests {
    @Test(
        "a tmpfs mounted on a temporary directory shows in the mount table until unmounted",
        .enabled(if: Environment.isRoot, "mount(2) needs root (CAP_SYS_ADMIN)")
    )
    func tmpfsRoundTrip() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        try Mount.mount(
            source: "kata-test", target: temp.path, type: "tmpfs", flags: [.noSetUID, .noDevices], data: "size=1m")
        #expect(try MountTable.read().isMounted(at: temp.path, fileSystemType: "tmpfs"))
        try FileSystem.writeFile("x", to: temp.path("f"))
        try Mount.unmount(temp.path)
        #expect(try !MountTable.read().isMounted(at: temp.path))
        #expect(!FileSystem.exists(temp.path("f")))
    }

    @Test("mount failures name mount and the target")
    func failure() {
        #expect(throws: Syscall.Error.self) {
            try Mount.mount(source: "none", target: "/nonexistent/kata", type: "tmpfs")
        }
        do {
            try Mount.mount(source: "none", target: "/nonexistent/kata", type: "tmpfs")
        } catch {
            #expect(error.description.hasPrefix("mount /nonexistent/kata: "))
        }
    }

    @Test(
        "unmounting something that is not a mount point fails with EINVAL",
        .enabled(if: Environment.isRoot, "umount2 checks permission first"))
    func unmountNotMounted() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        #expect(throws: Syscall.Error.syscall(name: "umount2", path: temp.path, errno: .invalidArgument)) {
            try Mount.unmount(temp.path)
        }
    }
}
