// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataLinux
import Testing

@Suite("Mount.Options")
struct MountOptionsTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var options: [String]
        var flags: Mount.Flags
        var propagation: Mount.Flags
        var data: String
        var testDescription: String { options.joined(separator: ",") }
    }

    static let cases: [Case] = [
        Case(
            options: ["nosuid", "noexec", "nodev", "mode=755", "size=65536k"], flags: [.noSetUID, .noExec, .noDevices],
            propagation: [], data: "mode=755,size=65536k"),
        Case(
            options: ["rbind", "ro", "rprivate"], flags: [.bind, .recursive, .readOnly],
            propagation: [.private, .recursive], data: ""),
        Case(options: ["ro", "rw"], flags: [], propagation: [], data: ""),
        Case(
            options: ["defaults", "", "trans=virtio", "version=9p2000.L"], flags: [], propagation: [],
            data: "trans=virtio,version=9p2000.L"),
        Case(
            options: ["bind", "rslave", "noatime"], flags: [.bind, .noAccessTime], propagation: [.slave, .recursive],
            data: ""),
    ]

    @Test("options split into flags, propagation and file-system data", arguments: cases)
    func parse(_ example: Case) {
        let parsed = Mount.Options(example.options)
        #expect(parsed.flags == example.flags)
        #expect(parsed.propagation == example.propagation)
        #expect(parsed.data == example.data)
    }
}
