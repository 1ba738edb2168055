// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Foundation
import KataError
import OCISpec
import Testing

@testable import KataAgentCore

@Suite("container init helper: pure parts")
struct InitHelperTests {
    @Test(
        "capability names become bits; unknown names are refused with their set",
        arguments: [
            (["CAP_CHOWN"], UInt64(1)), (["CAP_KILL", "CAP_SETUID"], UInt64(1 << 5 | 1 << 7)),
            (["net_raw"], UInt64(1 << 13)), (["CAP_CHECKPOINT_RESTORE"], UInt64(1) << 40), ([], UInt64(0)),
        ])
    func capabilities(names: [String], mask: UInt64) throws {
        #expect(try CapabilitySet.mask(names, set: "effective") == mask)
    }

    @Test func unknownCapability() {
        #expect(throws: KataError.self) { try CapabilitySet.mask(["CAP_FLY"], set: "bounding") }
        do {
            _ = try CapabilitySet.mask(["CAP_FLY"], set: "bounding")
        } catch let error as KataError {
            #expect(error.message == "unknown capability \"CAP_FLY\" in the bounding set")
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test func passwdAndGroup() {
        let passwd = EtcPasswd(
            "root:x:0:0:root:/root:/bin/sh\n# comment\nbroken line\napp:x:1000:1001:App:/home/app:/bin/sh\n")
        #expect(passwd.user(named: "app") == .init(name: "app", uid: 1000, gid: 1001, home: "/home/app"))
        #expect(passwd.user(uid: 0)?.home == "/root")
        #expect(passwd.user(named: "nobody") == nil)
        #expect(EtcPasswd.groupID(named: "wheel", in: "root:x:0:\nwheel:x:10:app\n") == 10)
        #expect(EtcPasswd.groupID(named: "none", in: "root:x:0:\n") == nil)
    }

    @Test("environment gets PATH and HOME only when absent")
    func environment() {
        #expect(
            InitHelper.Setup.environment(["A=1"], home: "/home/app") == [
                "A=1", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME=/home/app",
            ])
        #expect(InitHelper.Setup.environment(["PATH=/x", "HOME=/h"], home: "/") == ["PATH=/x", "HOME=/h"])
    }

    @Test("mount destinations stay inside the root, whatever links and .. say")
    func destinations() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("resolve-\(getpid())").path
        try? FileManager.default.removeItem(atPath: root)
        try FileManager.default.createDirectory(atPath: "\(root)/etc", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.createSymbolicLink(atPath: "\(root)/abs", withDestinationPath: "/etc")
        try FileManager.default.createSymbolicLink(atPath: "\(root)/up", withDestinationPath: "../../../etc")
        try FileManager.default.createSymbolicLink(atPath: "\(root)/loop", withDestinationPath: "loop")
        let cases = [
            ("/proc", "\(root)/proc"), ("/../../etc/passwd", "\(root)/etc/passwd"), ("/abs/x", "\(root)/etc/x"),
            ("/up/y", "\(root)/etc/y"), ("a/./b/../c", "\(root)/a/c"),
        ]
        for (path, expected) in cases {
            #expect(try InitHelper.Rootfs.resolve(path, in: root) == expected, "\(path)")
        }
        #expect(throws: KataError.self) { try InitHelper.Rootfs.resolve("/loop/x", in: root) }
    }

    @Test("rlimit types map to their <sys/resource.h> numbers")
    func rlimitNumbers() {
        let numbers = Dictionary(
            uniqueKeysWithValues: OCISpec.Process.RlimitType.allCases.map {
                ($0.rawValue, InitHelper.Setup.number(of: $0))
            })
        #expect(
            numbers == [
                "RLIMIT_CPU": 0, "RLIMIT_FSIZE": 1, "RLIMIT_DATA": 2, "RLIMIT_STACK": 3, "RLIMIT_CORE": 4,
                "RLIMIT_RSS": 5, "RLIMIT_NPROC": 6, "RLIMIT_NOFILE": 7, "RLIMIT_MEMLOCK": 8, "RLIMIT_AS": 9,
                "RLIMIT_LOCKS": 10, "RLIMIT_SIGPENDING": 11, "RLIMIT_MSGQUEUE": 12, "RLIMIT_NICE": 13,
                "RLIMIT_RTPRIO": 14, "RLIMIT_RTTIME": 15,
            ])
    }

    @Test("a program without a slash is looked up on PATH; a missing one is named")
    func programLookup() throws {
        #expect(try InitHelper.Setup.resolve("sh", environment: ["PATH=/nonexistent:/bin"]) == "/bin/sh")
        #expect(try InitHelper.Setup.resolve("/bin/sh", environment: []) == "/bin/sh")
        #expect(throws: KataError.self) { try InitHelper.Setup.resolve("no-such-tool", environment: ["PATH=/bin"]) }
    }

    @Test("a program that cannot be run fails in runc's words: permission denied, or stat's error")
    func programFailuresReadAsRunc() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("program-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let plain = directory.appendingPathComponent("plain").path
        try Data("x".utf8).write(to: URL(fileURLWithPath: plain))
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: plain)
        let cases = [
            (plain, "exec: \"\(plain)\": permission denied"),
            (directory.path, "exec: \"\(directory.path)\": permission denied"),
            ("/no/such", "exec: \"/no/such\": stat /no/such: no such file or directory"),
            ("/etc/passwd/x", "exec: \"/etc/passwd/x\": stat /etc/passwd/x: not a directory"),
        ]
        for (program, message) in cases {
            do {
                _ = try InitHelper.Setup.resolve(program, environment: [])
                Issue.record("\(program) resolved")
            } catch {
                #expect("\(error)".contains(message), "\(error)")
            }
        }
    }
}
