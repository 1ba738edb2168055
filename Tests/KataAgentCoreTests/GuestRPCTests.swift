// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Foundation
import KataError
import Testing

@testable import KataAgentCore

@Suite("CopyFile and GetMetrics")
struct GuestRPCTests {
    @Test(
        "CopyFile refuses paths outside the shared containers directory",
        arguments: [
            "/etc/passwd", "/run/kata-containers/shared/containers/../../../etc/passwd",
            "/run/kata-containers/shared/containers/", "/run/kata-containers/shared/containers/./x",
            "/run/kata-containers/shared/containersX/file", "relative/path",
        ])
    func copyFileConfinement(path: String) {
        let request = FileCopy.Chunk(
            path: path, fileSize: 1, fileMode: 0o100644, dirMode: 0, uid: 0, gid: 0, offset: 0, data: Array("x".utf8))
        do {
            try FileCopy.apply(request)
            Issue.record("CopyFile accepted \(path)")
        } catch let error as KataError {
            #expect(error.code == .invalidArgument)
            #expect(error.message.contains(path))
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("metrics are Prometheus text of the agent process and the guest")
    func metrics() throws {
        let proc = FileManager.default.temporaryDirectory.appendingPathComponent("metrics-proc-\(getpid())").path
        try? FileManager.default.removeItem(atPath: proc)
        try FileManager.default.createDirectory(atPath: "\(proc)/self/fd", withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: proc) }
        try "Name:\tkata-agent\nVmSize:\t  2048 kB\nVmRSS:\t  1024 kB\nThreads:\t4\n"
            .write(toFile: "\(proc)/self/status", atomically: true, encoding: .utf8)
        try "MemTotal:  8 kB\nHugePages_Total: 0\n".write(toFile: "\(proc)/meminfo", atomically: true, encoding: .utf8)
        try "0.50 0.25 0.10 1/80 99\n".write(toFile: "\(proc)/loadavg", atomically: true, encoding: .utf8)
        try "cpu  1 2 3 4 5 6 7 8 0 0\ncpu0 1 2 3 4 5 6 7 8 0 0\n".write(
            toFile: "\(proc)/stat", atomically: true, encoding: .utf8)
        let text = GuestMetrics.render(proc: proc)
        #expect(
            text.contains(
                "# TYPE kata_agent_process_resident_memory_bytes gauge\nkata_agent_process_resident_memory_bytes 1048576\n"
            ))
        #expect(text.contains("kata_agent_threads 4\n"))
        #expect(text.contains("kata_guest_meminfo{item=\"MemTotal\"} 8192\n"))
        #expect(text.contains("kata_guest_meminfo{item=\"HugePages_Total\"} 0\n"))
        #expect(text.contains("kata_guest_load{item=\"load1\"} 0.50\n"))
        #expect(text.contains("kata_guest_cpu_time{item=\"idle\"} 4\n"))
    }
}
