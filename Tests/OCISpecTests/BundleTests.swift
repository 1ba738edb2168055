// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Foundation
import KataTestSupport
import Testing

@testable import OCISpec

@Suite struct BundleTests {
    /// A bundle directory under the temporary directory holding `config` (when given) as config.json.
    private func makeBundle(config: String?) throws -> String {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("ocispec-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        if let config {
            try Data(config.utf8).write(to: URL(fileURLWithPath: directory + "/config.json"))
        }
        return directory
    }

    @Test func loadsBusyboxBundleFromDisk() throws {
        let path = try makeBundle(config: busyboxConfigJSON)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let bundle = try Bundle.load(path: path)
        #expect(bundle.path == path)
        #expect(bundle.spec.process?.args == ["sh"])
        #expect(bundle.rootfsPath == path + "/rootfs")
    }

    @Test func missingConfigNamesTheBundle() throws {
        let path = try makeBundle(config: nil)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: Bundle.Error.configNotFound(bundle: path)) { try Bundle.load(path: path) }
        #expect(Bundle.Error.configNotFound(bundle: "/b").description == "bundle /b: config.json not found")
    }

    @Test func unreadableConfigSaysWhy() throws {
        let path = try makeBundle(config: nil)
        defer { try? FileManager.default.removeItem(atPath: path) }
        try FileManager.default.createDirectory(atPath: path + "/config.json", withIntermediateDirectories: false)
        #expect(throws: Bundle.Error.configUnreadable(bundle: path, reason: "config.json is a directory (errno 21)")) {
            try Bundle.load(path: path)
        }
        #expect(
            Bundle.Error.configUnreadable(bundle: "/b", reason: "permission denied (errno 13)").description
                == "bundle /b: config.json cannot be read: permission denied (errno 13)")
    }

    @Test func absoluteRootIsKept() {
        let bundle = Bundle(path: "/b/", spec: Spec(ociVersion: "1.1.0", root: Root(path: "/srv/rootfs")))
        #expect(bundle.rootfsPath == "/srv/rootfs")
        let relative = Bundle(path: "/b/", spec: Spec(ociVersion: "1.1.0", root: Root(path: "rootfs")))
        #expect(relative.rootfsPath == "/b/rootfs")
    }

    static let minimalProcess = #""process": {"user": {"uid": 0, "gid": 0}, "cwd": "/", "args": ["sh"]}"#

    /// Bad bundles and the exact message each gets.
    static let badBundles: [(json: String, message: String)] = [
        (
            "{\n  \"ociVersion\": \"1.1.0\",\n  \"root\": x\n}",
            "bundle /b: config.json is not valid JSON: unexpected 'x', expected a value (line 3, column 11)"
        ),
        (
            #"{"ociVersion": "1.1.0", "#,
            "bundle /b: config.json is not valid JSON: unexpected end of file, expected a quoted key (line 1, column 25)"
        ),
        (#"{"root": {"path": "rootfs"}}"#, "bundle /b: config.json: ociVersion: is required but missing"),
        (#"{"ociVersion": 1, "root": {"path": "rootfs"}}"#, "bundle /b: config.json: ociVersion: must be a string"),
        (#"{"ociVersion": "", "root": {"path": "rootfs"}}"#, "bundle /b: config.json: ociVersion: must not be empty"),
        (#"{"ociVersion": "1.1.0"}"#, "bundle /b: config.json: root: is required on Linux"),
        (#"{"ociVersion": "1.1.0", "root": {}}"#, "bundle /b: config.json: root.path: is required but missing"),
        (
            #"{"ociVersion": "1.1.0", "root": {"path": null}}"#,
            "bundle /b: config.json: root.path: must be a string, not null"
        ),
        (#"{"ociVersion": "1.1.0", "root": {"path": ""}}"#, "bundle /b: config.json: root.path: must not be empty"),
        (
            #"{"ociVersion": "1.1.0", "root": {"path": "r"}, "process": {"user": {"uid": 0, "gid": 0}, "cwd": "/"}}"#,
            "bundle /b: config.json: process.args: must have at least one entry"
        ),
        (
            #"{"ociVersion": "1.1.0", "root": {"path": "r"}, "process": {"user": {"uid": 0, "gid": 0}, "cwd": "/", "args": []}}"#,
            "bundle /b: config.json: process.args: must have at least one entry"
        ),
        (
            #"{"ociVersion": "1.1.0", "root": {"path": "r"}, "process": {"user": {"uid": 0, "gid": 0}, "cwd": "/", "args": "sh"}}"#,
            "bundle /b: config.json: process.args: must be an array"
        ),
        (
            #"{"ociVersion": "1.1.0", "root": {"path": "r"}, "process": {"user": {"uid": 0}, "cwd": "/", "args": ["sh"]}}"#,
            "bundle /b: config.json: process.user.gid: is required but missing"
        ),
        (
            #"{"ociVersion": "1.1.0", "root": {"path": "r"}, "process": {"user": {"uid": 0, "gid": 0}, "cwd": "tmp", "args": ["sh"]}}"#,
            "bundle /b: config.json: process.cwd: must be an absolute path, not \"tmp\""
        ),
        (
            #"{"ociVersion": "1.1.0", "root": {"path": "r"}, "mounts": [{"destination": "/proc"}, {"destination": "data"}]}"#,
            "bundle /b: config.json: mounts[1].destination: must be an absolute path, not \"data\""
        ),
        (
            #"{"ociVersion": "1.1.0", "root": {"path": "r"}, "mounts": [{"type": "tmpfs"}]}"#,
            "bundle /b: config.json: mounts[0].destination: is required but missing"
        ),
        (
            #"{"ociVersion": "1.1.0", "root": {"path": "r"}, "linux": {"namespaces": [{"type": "pid"}, {"type": "ipc"}, {"type": "net"}]}}"#,
            "bundle /b: config.json: linux.namespaces[2].type: unknown value \"net\"; "
                + "expected one of pid, network, mount, ipc, uts, user, cgroup, time"
        ),
        (
            #"{"ociVersion": "1.1.0", "root": {"path": "r"}, "linux": {"namespaces": [{"type": "pid"}, {"type": "pid"}]}}"#,
            "bundle /b: config.json: linux.namespaces[1].type: \"pid\" repeats linux.namespaces[0]"
        ),
        (
            #"{"ociVersion": "1.1.0", "root": {"path": "r"}, "linux": {"namespaces": [{"type": "network", "path": "netns"}]}}"#,
            "bundle /b: config.json: linux.namespaces[0].path: must be an absolute path, not \"netns\""
        ),
        (
            #"{"ociVersion": "1.1.0", "root": {"path": "r"}, "linux": {"devices": [{"type": "x", "path": "/dev/x"}]}}"#,
            "bundle /b: config.json: linux.devices[0].type: unknown value \"x\"; expected one of c, b, u, p"
        ),
        (
            #"{"ociVersion": "1.1.0", "root": {"path": "r"}, "hooks": {"poststop": [{"path": "/bin/a"}, {"path": "b"}]}}"#,
            "bundle /b: config.json: hooks.poststop[1].path: must be an absolute path, not \"b\""
        ),
        (
            #"{"ociVersion": "1.1.0", "root": {"path": "r"}, "process": {"user": {"uid": 0, "gid": 0}, "cwd": "/", "args": ["sh"], "rlimits": [{"type": "RLIMIT_FOO", "hard": 1, "soft": 1}]}}"#,
            "bundle /b: config.json: process.rlimits[0].type: unknown value \"RLIMIT_FOO\"; expected one of "
                + "RLIMIT_AS, RLIMIT_CORE, RLIMIT_CPU, RLIMIT_DATA, RLIMIT_FSIZE, RLIMIT_LOCKS, RLIMIT_MEMLOCK, "
                + "RLIMIT_MSGQUEUE, RLIMIT_NICE, RLIMIT_NOFILE, RLIMIT_NPROC, RLIMIT_RSS, RLIMIT_RTPRIO, RLIMIT_RTTIME, "
                + "RLIMIT_SIGPENDING, RLIMIT_STACK"
        ),
        (
            #"{"ociVersion": "1.1.0", "root": {"path": "r"}, "linux": {"seccomp": {"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["x"], "action": "SCMP_ACT_MAYBE"}]}}}"#,
            "bundle /b: config.json: linux.seccomp.syscalls[0].action: unknown value \"SCMP_ACT_MAYBE\"; expected one of "
                + "SCMP_ACT_KILL, SCMP_ACT_KILL_PROCESS, SCMP_ACT_KILL_THREAD, SCMP_ACT_TRAP, SCMP_ACT_ERRNO, "
                + "SCMP_ACT_TRACE, SCMP_ACT_ALLOW, SCMP_ACT_LOG, SCMP_ACT_NOTIFY"
        ),
        (
            #"{"ociVersion": "1.1.0", "root": {"path": "r"}, "linux": {"resources": {"devices": [{"allow": true, "type": "x"}]}}}"#,
            "bundle /b: config.json: linux.resources.devices[0].type: unknown value \"x\"; expected one of a, c, b"
        ),
        (
            #"{"ociVersion": "1.1.0", "root": {"path": "r"}, "linux": {"resources": {"memory": {"limit": "1G"}}}}"#,
            "bundle /b: config.json: linux.resources.memory.limit: must be an integer"
        ),
    ]

    @Test(arguments: badBundles)
    func badBundleMessage(json: String, message: String) {
        #expect(throws: (any Error).self) { try Bundle.decode(Array(json.utf8), bundle: "/b") }
        do {
            _ = try Bundle.decode(Array(json.utf8), bundle: "/b")
        } catch {
            #expect(error.description == message)
            #expect(error.bundle == "/b")
        }
    }

    @Test func loadReportsTheBundlePathInFieldErrors() throws {
        let path = try makeBundle(config: #"{"ociVersion": "1.1.0"}"#)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: Bundle.Error.invalidField(bundle: path, field: "root", problem: "is required on Linux")) {
            try Bundle.load(path: path)
        }
    }

    @Test(arguments: [
        ([String](), "(top level)"),
        (["linux", "namespaces", "#2", "type"], "linux.namespaces[2].type"),
        (["mounts", "#0"], "mounts[0]"),
    ])
    func fieldPathFormatting(keys: [String], expected: String) {
        let path: [any CodingKey] = keys.map { key in
            if key.hasPrefix("#"), let index = Int(key.dropFirst()) { return TestKey(intValue: index) }
            return TestKey(stringValue: key)
        }
        #expect(Bundle.fieldPath(path) == expected)
    }
}

private struct TestKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init(intValue: Int) {
        self.stringValue = "Index \(intValue)"
        self.intValue = intValue
    }
}
