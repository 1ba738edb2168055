// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataLinux
import SystemPackage
import Testing

@Suite("FileSystem")
struct FileSystemTests {
    @Test("mkdirAll creates missing parents and accepts existing directories")
    func mkdirAll() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        try FileSystem.mkdirAll(temp.path("a/b/c"))
        try FileSystem.mkdirAll(temp.path("a/b/c/"))
        try FileSystem.mkdirAll(temp.path("a//b"))
        #expect(FileSystem.fileType(temp.path("a/b/c")) == .directory)
    }

    @Test("mkdirAll reports the component that is not a directory")
    func mkdirAllThroughFile() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        try FileSystem.writeFile("x", to: temp.path("file"))
        #expect(throws: Syscall.Error.syscall(name: "mkdir", path: temp.path("file"), errno: .fileExists)) {
            try FileSystem.mkdirAll(temp.path("file/sub"))
        }
    }

    @Test("writeFile then readFile round-trips, readFile honours its limit")
    func readWrite() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let text = String(repeating: "kata containers\n", count: 1000)
        try FileSystem.writeFile(text, to: temp.path("f"))
        #expect(try FileSystem.readFile(temp.path("f")) == text)
        #expect(try FileSystem.readFile(temp.path("f"), limit: 4) == "kata")
        try FileSystem.writeFile("short", to: temp.path("f"))
        #expect(try FileSystem.readFile(temp.path("f")) == "short")
    }

    @Test("readFile reads /proc files, whose size is reported as 0")
    func procFile() throws {
        #expect(try FileSystem.readFile("/proc/self/status").contains("Pid:"))
    }

    @Test("symlink, fileType, exists, remove")
    func symlinks() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        try FileSystem.symlink(at: temp.path("ptmx"), to: "pts/ptmx")
        #expect(FileSystem.fileType(temp.path("ptmx")) == .symbolicLink)
        #expect(FileSystem.exists(temp.path("ptmx")))
        #expect(throws: Syscall.Error.syscall(name: "symlink", path: temp.path("ptmx"), errno: .fileExists)) {
            try FileSystem.symlink(at: temp.path("ptmx"), to: "elsewhere")
        }
        try FileSystem.remove(temp.path("ptmx"))
        #expect(!FileSystem.exists(temp.path("ptmx")))
        #expect(FileSystem.fileType(temp.path("ptmx")) == nil)
    }

    @Test("directoryEntries lists names without . and ..")
    func directoryEntries() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        #expect(try FileSystem.directoryEntries(temp.path) == [])
        try FileSystem.mkdirAll(temp.path("vport0p1"))
        try FileSystem.writeFile("", to: temp.path("vport1p1"))
        #expect(try FileSystem.directoryEntries(temp.path).sorted() == ["vport0p1", "vport1p1"])
        #expect(throws: Syscall.Error.syscall(name: "opendir", path: temp.path("none"), errno: .noSuchFileOrDirectory))
        {
            try FileSystem.directoryEntries(temp.path("none"))
        }
    }

    @Test("open returns a descriptor the caller owns")
    func open() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        try FileSystem.writeFile("abc", to: temp.path("f"))
        let fd = try FileSystem.open(temp.path("f"), .readOnly)
        defer { try? fd.close() }
        var buffer = [UInt8](repeating: 0, count: 8)
        let count = try buffer.withUnsafeMutableBytes { try fd.read(into: $0) }
        #expect(Array(buffer[..<count]) == Array("abc".utf8))
    }
}
