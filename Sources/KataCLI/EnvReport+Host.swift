// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Foundation

extension EnvReport {
    /// `[Host]` in upstream's struct order.
    func hostFields() throws(CLIError) -> [EnvField] {
        guard let version = host.contents(of: "/proc/version") else {
            throw CLIError("open /proc/version: no such file or directory")
        }
        let words = version.split(whereSeparator: { $0 == " " || $0 == "\n" })
        let kernel = words.count >= 3 ? String(words[2]) : RuntimeVersion.unknown
        let distro = distroDetails()
        let cpu = cpuDetails()
        let memory = memoryDetails()
        let protections = guestProtections()
        return [
            EnvField("AvailableGuestProtections", .strings(protections.isEmpty ? nil : protections)),
            EnvField("Kernel", .string(kernel)),
            EnvField("Architecture", .string("amd64")),
            EnvField(
                "Distro",
                .table([EnvField("Name", .string(distro.name)), EnvField("Version", .string(distro.version))])),
            EnvField(
                "CPU",
                .table([
                    EnvField("Vendor", .string(cpu.vendor)), EnvField("Model", .string(cpu.model)),
                    EnvField("CPUs", .integer(UInt64(max(host.cpuCount, 0)))),
                ])),
            EnvField(
                "Memory",
                .table([
                    EnvField("Total", .integer(memory["MemTotal"] ?? 0)),
                    EnvField("Free", .integer(memory["MemFree"] ?? 0)),
                    EnvField("Available", .integer(memory["MemAvailable"] ?? 0)),
                ])),
            EnvField("VMContainerCapable", .bool(vmContainerCapable)),
            EnvField("SupportVSocks", .bool(host.exists("/dev/vhost-vsock"))),
        ]
    }

    /// `NAME=` and `VERSION_ID=` from os-release, quotes stripped, `<<unknown>>` when missing.
    func distroDetails() -> (name: String, version: String) {
        let text = host.contents(of: "/etc/os-release") ?? host.contents(of: "/usr/lib/os-release") ?? ""
        var name = RuntimeVersion.unknown
        var version = RuntimeVersion.unknown
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: "=", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let value = parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
            switch parts[0] {
            case "NAME": name = value
            case "VERSION_ID": version = value
            default: continue
            }
        }
        return (name, version)
    }

    /// `vendor_id` and `model name` from the first processor block of `/proc/cpuinfo`.
    func cpuDetails() -> (vendor: String, model: String) {
        let text = host.contents(of: "/proc/cpuinfo") ?? ""
        let block = text.components(separatedBy: "\n\n").first ?? ""
        var vendor = ""
        var model = ""
        for line in block.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let key = parts[0].trimmingCharacters(in: .whitespaces)
            let value = parts[1].trimmingCharacters(in: .whitespaces)
            if key == "vendor_id" && vendor.isEmpty { vendor = value }
            if key == "model name" && model.isEmpty { model = value }
        }
        return (vendor, model)
    }

    /// `/proc/meminfo` values in kB, by key.
    func memoryDetails() -> [String: UInt64] {
        var values: [String: UInt64] = [:]
        for line in (host.contents(of: "/proc/meminfo") ?? "").split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2 else { continue }
            let number = parts[1].split(separator: " ").first.flatMap { UInt64($0) }
            values[String(parts[0])] = number
        }
        return values
    }

    /// amd64 guest protections the host offers: `tdx` (`/sys/firmware/tdx`), `snp` and `sev`
    /// (the `kvm_amd` module parameters).
    func guestProtections() -> [String] {
        func enabled(_ path: String) -> Bool {
            let value = host.contents(of: path)?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            return value == "1" || value == "Y"
        }
        if host.exists("/sys/firmware/tdx") { return ["tdx"] }
        if enabled("/sys/module/kvm_amd/parameters/sev_snp") { return ["snp"] }
        if enabled("/sys/module/kvm_amd/parameters/sev") { return ["sev"] }
        return []
    }
}
