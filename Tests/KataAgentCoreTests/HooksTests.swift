// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Testing

@testable import KataAgentCore

@Suite("guest hooks and the state hooks read")
struct HooksTests {
    @Test("guest_hook_path: executable regular files per hook type, in name order; links and plain files skipped")
    func scanning() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("kata-hooks-\(getpid())").path
        try? FileManager.default.removeItem(atPath: root)
        defer { try? FileManager.default.removeItem(atPath: root) }
        for type in ["prestart", "poststop"] {
            try FileManager.default.createDirectory(atPath: "\(root)/\(type)", withIntermediateDirectories: true)
        }
        func file(_ path: String, executable: Bool) throws {
            _ = FileManager.default.createFile(atPath: "\(root)/\(path)", contents: Data("#!/bin/sh\n".utf8))
            try FileManager.default.setAttributes(
                [.posixPermissions: executable ? 0o755 : 0o644], ofItemAtPath: "\(root)/\(path)")
        }
        try file("prestart/b-second", executable: true)
        try file("prestart/a-first", executable: true)
        try file("prestart/notes.txt", executable: false)
        try FileManager.default.createSymbolicLink(atPath: "\(root)/prestart/link", withDestinationPath: "/bin/true")
        try file("poststop/cleanup", executable: true)

        let hooks = Hooks.GuestHooks(scanning: root)
        #expect(hooks.prestart.map(\.path) == ["\(root)/prestart/a-first", "\(root)/prestart/b-second"])
        #expect(hooks.prestart.first?.args == ["a-first", "prestart"])
        #expect(hooks.poststart.isEmpty)
        #expect(hooks.poststop.map(\.args) == [["cleanup", "poststop"]])
        #expect(Hooks.GuestHooks(scanning: "\(root)/missing") == Hooks.GuestHooks())
    }

    @Test("the OCI state is JSON with escaped strings and sorted annotations")
    func state() {
        let json = Hooks.state(
            id: "c1", status: "created", pid: 42, bundle: "/run/kata-containers/c1",
            annotations: ["b": "2", "a": "quote\"d"])
        #expect(
            json == #"{"ociVersion":"1.0.2","id":"c1","status":"created","pid":42,"#
                + #""bundle":"/run/kata-containers/c1","annotations":{"a":"quote\"d","b":"2"}}"#)
    }
}
