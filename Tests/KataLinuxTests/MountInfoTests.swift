// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataLinux
import Testing

@Suite("MountInfo and MountTable")
struct MountInfoTests {
    @Test("proc(5)'s example line, with an optional field")
    func procExample() throws {
        let line = "36 35 98:0 /mnt1 /mnt/parent rw,noatime master:1 - ext3 /dev/root rw,errors=continue"
        let entry = try MountInfo(parsing: line[...], path: "mountinfo", lineNumber: 1)
        #expect(
            entry
                == MountInfo(
                    mountID: 36, parentID: 35, device: "98:0", root: "/mnt1", mountPoint: "/mnt/parent",
                    mountOptions: ["rw", "noatime"], optionalFields: ["master:1"], fileSystemType: "ext3",
                    source: "/dev/root", superOptions: ["rw", "errors=continue"]))
    }

    @Test(
        "fields are decoded",
        arguments: [
            ("22 27 0:21 / /proc rw,relatime - proc proc rw", "/proc", "proc", "proc", [String]()),
            (
                "31 23 0:28 / /sys/fs/cgroup rw,nosuid shared:9 master:3 - cgroup2 cgroup2 rw,nsdelegate",
                "/sys/fs/cgroup", "cgroup2", "cgroup2", ["shared:9", "master:3"]
            ),
            (
                #"40 27 0:30 / /run/with\040space rw - tmpfs my\134source rw"#, "/run/with space", "tmpfs",
                #"my\source"#, []
            ),
            (
                #"41 27 0:31 / /run/tab\011and\012newline rw - tmpfs none rw"#, "/run/tab\tand\nnewline", "tmpfs",
                "none", []
            ),
            (#"42 27 0:32 / /run/not\9escape rw - tmpfs none rw"#, #"/run/not\9escape"#, "tmpfs", "none", []),
        ]
    )
    func decodedFields(line: String, mountPoint: String, type: String, source: String, optional: [String]) throws {
        let entry = try MountInfo(parsing: line[...], path: "mountinfo", lineNumber: 1)
        #expect(entry.mountPoint == mountPoint)
        #expect(entry.fileSystemType == type)
        #expect(entry.source == source)
        #expect(entry.optionalFields == optional)
    }

    @Test(
        "malformed lines name the file, the line and the problem",
        arguments: [
            ("22 27 0:21 / /proc rw,relatime proc proc rw", "missing the \" - \" separator after field 6"),
            ("22 27 0:21 / - proc proc rw", "missing the \" - \" separator after field 6"),
            ("22 27 0:21 / /proc rw - proc proc", "expected 3 fields after \" - \""),
            ("x 27 0:21 / /proc rw - proc proc rw", "mount ids are not numbers"),
        ]
    )
    func malformed(line: String, reason: String) {
        #expect(throws: Syscall.Error.malformed(path: "/proc/self/mountinfo", line: 2, reason: reason)) {
            try MountTable(parsing: "22 27 0:21 / /proc rw - proc proc rw\n" + line + "\n")
        }
    }

    static let table = """
        22 27 0:21 / /proc rw,relatime - proc proc rw
        24 27 0:6 / /dev rw,relatime - devtmpfs devtmpfs rw,mode=755
        26 24 0:24 / /dev/pts rw,relatime - devpts devpts rw,mode=600,ptmxmode=000
        27 1 254:0 / / rw,relatime - ext4 /dev/vda rw

        """

    @Test(
        "isMounted matches the mount point and, when given, the type",
        arguments: [
            ("/proc", nil, true), ("/proc", "proc", true), ("/proc", "sysfs", false), ("/proc/", "proc", true),
            ("/dev/pts", "devpts", true), ("/dev/shm", nil, false), ("/", "ext4", true), ("/pro", nil, false),
        ] as [(String, String?, Bool)]
    )
    func isMounted(target: String, type: String?, expected: Bool) throws {
        let table = try MountTable(parsing: Self.table)
        #expect(table.entries.count == 4)
        #expect(table.isMounted(at: target, fileSystemType: type) == expected)
    }

    @Test("this process's own mount table parses and has a root")
    func currentProcess() throws {
        let table = try MountTable.read()
        #expect(table.isMounted(at: "/"))
        #expect(table.isMounted(at: "/proc", fileSystemType: "proc"))
    }
}
