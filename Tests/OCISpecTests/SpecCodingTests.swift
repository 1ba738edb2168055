// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Foundation
import KataTestSupport
import Testing

@testable import OCISpec

@Suite struct SpecCodingTests {
    private func busybox() throws -> Spec {
        try JSONDecoder().decode(Spec.self, from: Data(busyboxConfigJSON.utf8))
    }

    @Test func decodesContainerdBusyboxSpec() throws {
        let spec = try busybox()
        #expect(spec.ociVersion == "1.0.2-dev")
        let process = try #require(spec.process)
        #expect(process.user == Process.User(uid: 0, gid: 0, additionalGids: [10]))
        #expect(process.args == ["sh"])
        #expect(process.cwd == "/")
        #expect(process.terminal == nil)
        #expect(process.noNewPrivileges == true)
        #expect(process.rlimits == [Process.Rlimit(type: .nofile, hard: 1024, soft: 1024)])
        #expect(process.capabilities?.bounding?.count == 14)
        #expect(process.capabilities?.inheritable == nil)
        #expect(spec.root == Root(path: "rootfs"))
        #expect(
            spec.mounts?.map(\.destination) == ["/proc", "/dev", "/dev/pts", "/dev/shm", "/dev/mqueue", "/sys", "/run"])
        #expect(
            spec.mounts?[2]
                == Mount(
                    destination: "/dev/pts", type: "devpts", source: "devpts",
                    options: ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"]))
        let linux = try #require(spec.linux)
        #expect(linux.cgroupsPath == "/default/test")
        #expect(linux.namespaces?.map(\.type) == [.pid, .ipc, .uts, .mount, .network])
        #expect(linux.namespaces?.allSatisfy { $0.path == nil } == true)
        #expect(linux.resources?.devices == [Linux.Resources.DeviceRule(allow: false, access: "rwm")])
        #expect(linux.maskedPaths?.count == 10)
        #expect(linux.readonlyPaths == ["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"])
        try spec.validate()
    }

    @Test func busyboxRoundTrips() throws {
        let spec = try busybox()
        let encoded = try JSONEncoder().encode(spec)
        #expect(try JSONDecoder().decode(Spec.self, from: encoded) == spec)
    }

    @Test func fullSpecRoundTripsWithSpecKeys() throws {
        let spec = Spec.everything
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let data = try encoder.encode(spec)
        #expect(try JSONDecoder().decode(Spec.self, from: data) == spec)
        let json = String(decoding: data, as: UTF8.self)
        for key in [
            "\"ociVersion\"", "\"additionalGids\"", "\"noNewPrivileges\"", "\"oomScoreAdj\"", "\"cgroupsPath\"",
            "\"rootfsPropagation\"", "\"maskedPaths\"", "\"readonlyPaths\"", "\"hugepageLimits\"", "\"blockIO\"",
            "\"weightDevice\"", "\"realtimeRuntime\"", "\"throttleReadIOPSDevice\"", "\"kernelTCP\"",
            "\"disableOOMKiller\"", "\"pageSize\"", "\"classID\"", "\"createRuntime\"", "\"uidMappings\"",
            "\"containerID\"", "\"hostID\"", "\"defaultErrnoRet\"", "\"valueTwo\"", "\"l3CacheSchema\"",
            "\"consoleSize\"", "\"apparmorProfile\"", "\"selinuxLabel\"", "\"mountLabel\"", "\"intelRdt\"",
            "\"personality\"", "\"LINUX32\"", "\"rprivate\"", "\"hcaHandles\"", "\"unified\"",
        ] {
            #expect(json.contains(key), "missing \(key)")
        }
    }

    @Test func absentFieldsAreOmitted() throws {
        let spec = Spec(ociVersion: "1.1.0", root: Root(path: "rootfs"))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = String(decoding: try encoder.encode(spec), as: UTF8.self)
        #expect(json == #"{"ociVersion":"1.1.0","root":{"path":"rootfs"}}"#)
    }

    @Test func unknownFieldsAreIgnored() throws {
        let json = #"""
            {"ociVersion": "1.2.0", "root": {"path": "r"}, "vm": {"kernel": {"path": "/k"}},
             "process": {"user": {"uid": 1, "gid": 2}, "cwd": "/", "args": ["sh"], "ioPriority": {"class": "x"}}}
            """#
        let spec = try JSONDecoder().decode(Spec.self, from: Data(json.utf8))
        #expect(spec.process?.user == Process.User(uid: 1, gid: 2))
    }

    @Test(arguments: Linux.NamespaceType.allCases)
    func namespaceTypesDecode(type: Linux.NamespaceType) throws {
        let json = #"{"type": "\#(type.rawValue)", "path": "/proc/1/ns/x"}"#
        let namespace = try JSONDecoder().decode(Linux.Namespace.self, from: Data(json.utf8))
        #expect(namespace == Linux.Namespace(type: type, path: "/proc/1/ns/x"))
    }

    @Test func violationNamesFieldAndProblem() {
        var spec = Spec.everything
        spec.process?.args = []
        #expect(throws: Spec.Violation(field: "process.args", problem: "must have at least one entry")) {
            try spec.validate()
        }
        #expect(
            Spec.Violation(field: "root", problem: "is required on Linux").description == "root: is required on Linux")
    }
}
