// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Foundation
import KataError
import KataLinux
import KataTestSupport
import Testing

@testable import KataRuntime

/// `HostMount.share` on the host's kernel, in a tree laid out as a sandbox's (`mounts/` shared,
/// `shared/` its read-only slave, `staging/` private), with a source made rshared as containerd
/// requires of a HostToContainer or Bidirectional volume's.
@Suite(
    .serialized, .timeLimit(.minutes(1)),
    .enabled(if: SandboxHarness.canMount, "needs root: the test makes bind mounts"))
struct HostMountTests {
    /// The tree; `undo()` unmounts everything under it and removes it.
    struct Tree {
        let root = NSTemporaryDirectory() + "kata-hostmount-\(UUID().uuidString.prefix(8))"
        var source: String { root + "/source" }
        var marker: String { root + "/marker" }
        var mounts: String { root + "/mounts" }
        var shared: String { root + "/shared" }
        var staging: String { root + "/staging" }

        init() throws {
            for directory in [source + "/sub", marker, mounts + "/private", mounts + "/slave", shared, staging] {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            try "from the host".write(toFile: marker + "/hello", atomically: true, encoding: .utf8)
            try "a file".write(toFile: source + "/file", atomically: true, encoding: .utf8)
            try HostMount.bind(source, onto: source, readOnly: false)
            try HostMount.setPropagation(source, [.shared, .recursive])
            try HostMount.bind(mounts, onto: mounts, readOnly: false)
            try HostMount.setPropagation(mounts, .shared)
            try HostMount.bind(mounts, onto: shared, readOnly: true)
            try HostMount.setPropagation(shared, .slave)
            try HostMount.bind(staging, onto: staging, readOnly: false)
            try HostMount.setPropagation(staging, .private)
        }

        func undo() {
            for target in HostMount.mountPoints(under: root) { HostMount.unmount(target) }
            try? FileManager.default.removeItem(atPath: root)
        }
    }

    @Test func privateSharesMissLaterHostMountsAndSlaveOnesGetThem() throws {
        let tree = try Tree()
        defer { tree.undo() }
        try HostMount.share(
            tree.source, onto: tree.mounts + "/private", staging: tree.staging + "/private", readOnly: false,
            propagation: .private)
        try HostMount.share(
            tree.source, onto: tree.mounts + "/slave", staging: tree.staging + "/slave", readOnly: true,
            propagation: .hostToContainer)
        try HostMount.bind(tree.marker, onto: tree.source + "/sub", readOnly: false)

        let files = FileManager.default
        #expect(try files.contentsOfDirectory(atPath: tree.shared + "/private/sub") == [])
        #expect(try files.contentsOfDirectory(atPath: tree.shared + "/slave/sub") == ["hello"])
        #expect(try files.contentsOfDirectory(atPath: tree.mounts + "/slave/sub") == ["hello"])
        #expect(try files.contentsOfDirectory(atPath: tree.staging) == [], "the staging points are removed")
        // The read-only flag is set before the move, so the copies propagated to shared/ get it.
        #expect(!canWrite(tree.shared + "/slave/new"), "the copy virtiofsd serves is read-only")
        #expect(!canWrite(tree.mounts + "/slave/new"), "a read-only share")
        #expect(canWrite(tree.mounts + "/private/new"), "a read-write share")

        // Unmounting the shares (a busy one lazily, as the sandbox does) leaves the source's own mounts.
        #expect(HostMount.unmount(tree.mounts + "/slave"))
        #expect(HostMount.unmount(tree.mounts + "/private"))
        #expect(try files.contentsOfDirectory(atPath: tree.source + "/sub") == ["hello"])
    }

    @Test func aFileIsSharedThroughAStagingFile() throws {
        let tree = try Tree()
        defer { tree.undo() }
        let target = tree.mounts + "/file"
        try "".write(toFile: target, atomically: true, encoding: .utf8)
        try HostMount.share(
            tree.source + "/file", onto: target, staging: tree.staging + "/file", readOnly: true, propagation: .private)
        #expect(try String(contentsOfFile: tree.shared + "/file", encoding: .utf8) == "a file")
        #expect(try FileManager.default.contentsOfDirectory(atPath: tree.staging) == [])
    }

    @Test func aFailedMoveLeavesNothingMounted() throws {
        let tree = try Tree()
        defer { tree.undo() }
        let missingTarget = tree.mounts + "/absent"
        #expect {
            try HostMount.share(
                tree.source, onto: missingTarget, staging: tree.staging + "/absent", readOnly: false,
                propagation: .hostToContainer)
        } throws: { error in
            guard let error = error as? KataError else { return false }
            return error.message.contains("cannot move the bind of \(tree.source)")
                && error.message.contains(missingTarget)
        }
        #expect(HostMount.mountPoints(under: tree.staging) == [tree.staging], "only the staging mount itself")
        #expect(try FileManager.default.contentsOfDirectory(atPath: tree.staging) == [])
    }

    /// Whether a file can be created at `path` (and removes it).
    private func canWrite(_ path: String) -> Bool {
        guard FileManager.default.createFile(atPath: path, contents: Data()) else { return false }
        try? FileManager.default.removeItem(atPath: path)
        return true
    }
}
