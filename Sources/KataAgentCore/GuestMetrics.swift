// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataLinux

/// GetMetrics: the agent's own process figures (`kata_agent_*`) and the guest's (`kata_guest_*`)
/// in the Prometheus text format, read from /proc when asked.
enum GuestMetrics {
    /// The Prometheus text for the agent process and the guest.
    /// - Parameter proc: the proc file system root (tests point it elsewhere).
    /// - Returns: the exposition text, one HELP/TYPE block per metric.
    static func render(proc: String = "/proc") -> String {
        var text = ""
        func gauge(_ name: String, _ help: String, _ samples: [(labels: String, value: String)]) {
            guard !samples.isEmpty else { return }
            text += "# HELP \(name) \(help)\n# TYPE \(name) gauge\n"
            for sample in samples {
                text += "\(name)\(sample.labels.isEmpty ? "" : "{\(sample.labels)}") \(sample.value)\n"
            }
        }
        let status = fields(of: (try? FileSystem.readFile("\(proc)/self/status")) ?? "", separator: ":")
        func kilobytes(_ key: String) -> [(String, String)] {
            guard let value = status[key]?.split(separator: " ").first, let number = Int(value) else { return [] }
            return [("", "\(number * 1024)")]
        }
        gauge("kata_agent_process_resident_memory_bytes", "Resident memory of the agent.", kilobytes("VmRSS"))
        gauge("kata_agent_process_virtual_memory_bytes", "Virtual memory of the agent.", kilobytes("VmSize"))
        gauge(
            "kata_agent_threads", "Threads of the agent.",
            status["Threads"].map { [("", $0)] } ?? [])
        let fds = (try? FileSystem.directoryEntries("\(proc)/self/fd"))?.count
        gauge("kata_agent_process_open_fds", "Open descriptors of the agent.", fds.map { [("", "\($0)")] } ?? [])

        let meminfo = fields(of: (try? FileSystem.readFile("\(proc)/meminfo")) ?? "", separator: ":")
        gauge(
            "kata_guest_meminfo", "Guest /proc/meminfo, in bytes.",
            meminfo.sorted { $0.key < $1.key }.compactMap { key, value in
                let parts = value.split(separator: " ")
                guard let number = parts.first.flatMap({ Int($0) }) else { return nil }
                return ("item=\"\(key)\"", "\(parts.count > 1 ? number * 1024 : number)")
            })
        if let load = (try? FileSystem.readFile("\(proc)/loadavg"))?.split(separator: " "), load.count >= 3 {
            gauge(
                "kata_guest_load", "Guest load averages.",
                [
                    ("item=\"load1\"", String(load[0])), ("item=\"load5\"", String(load[1])),
                    ("item=\"load15\"", String(load[2])),
                ])
        }
        if let cpu = (try? FileSystem.readFile("\(proc)/stat"))?.split(separator: "\n").first(where: {
            $0.hasPrefix("cpu ")
        }) {
            let names = ["user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal"]
            let values = cpu.split(separator: " ").dropFirst()
            gauge(
                "kata_guest_cpu_time", "Guest CPU time, in clock ticks, all CPUs.",
                zip(names, values).map { ("item=\"\($0)\"", String($1)) })
        }
        return text
    }

    /// `key: value` lines as a dictionary, values trimmed.
    static func fields(of text: String, separator: Character) -> [String: String] {
        var result: [String: String] = [:]
        for line in text.split(separator: "\n") {
            guard let index = line.firstIndex(of: separator) else { continue }
            let key = String(line[..<index])
            let value = line[line.index(after: index)...].drop { $0 == " " || $0 == "\t" }
            result[key] = String(value)
        }
        return result
    }
}
