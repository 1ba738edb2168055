// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import FoundationEssentials

/// The host facts that decide whether QEMU can use KVM.
package struct VirtualizationFacts: Sendable, Equatable {
    /// The `flags` of the first CPU in /proc/cpuinfo.
    package var cpuFlags: Set<String>
    /// Whether /dev/kvm exists.
    package var hasDevKVM: Bool

    /// Facts given explicitly.
    package init(cpuFlags: Set<String>, hasDevKVM: Bool) {
        self.cpuFlags = cpuFlags
        self.hasDevKVM = hasDevKVM
    }

    /// Whether the CPU advertises Intel VT-x or AMD-V.
    package var hasHardwareVirtualization: Bool { cpuFlags.contains("vmx") || cpuFlags.contains("svm") }

    /// Reads /proc/cpuinfo and checks /dev/kvm.
    package static func current() -> VirtualizationFacts {
        let cpuinfo = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)) ?? ""
        return VirtualizationFacts(
            cpuFlags: cpuFlags(cpuinfo: cpuinfo), hasDevKVM: FileManager.default.fileExists(atPath: "/dev/kvm"))
    }

    /// The words of the first `flags` line.
    package static func cpuFlags(cpuinfo: String) -> Set<String> {
        for line in cpuinfo.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            guard parts.count == 2, parts[0].trimmingBlanks == "flags" else { continue }
            return Set(parts[1].split(separator: " ").map(String.init))
        }
        return []
    }
}

/// Decides whether `accelerator = "kvm"` can work, so the runtime fails with advice instead of a QEMU error.
package enum AcceleratorCheck {
    /// The error to report for `accelerator` set in `file` on a host with `facts`, or nil when it is usable.
    package static func problem(
        _ accelerator: Accelerator, configuredIn file: String, facts: VirtualizationFacts
    ) -> ConfigError? {
        guard accelerator == .kvm else { return nil }
        let advice = "set accelerator = \"tcg\" in [hypervisor.qemu] or a config.d drop-in"
        let subject = "accelerator = \"kvm\" in \(file)"
        let message: String
        switch (facts.hasHardwareVirtualization, facts.hasDevKVM) {
        case (true, true):
            return nil
        case (false, true):
            // A /dev/kvm without vmx/svm is a paravirtual KVM (kvm_pvm) that QEMU's -accel kvm cannot boot with.
            message =
                "\(subject) needs hardware virtualization (no vmx/svm CPU flag; /dev/kvm is a paravirtual KVM); \(advice)"
        case (false, false):
            message = "\(subject) needs hardware virtualization (no vmx/svm CPU flag; no /dev/kvm); \(advice)"
        case (true, false):
            message = "\(subject) needs /dev/kvm, which does not exist (load kvm_intel or kvm_amd); or \(advice)"
        }
        // The message already names the file; a file prefix would say it twice.
        return ConfigError(key: "hypervisor.qemu.accelerator", message: message)
    }
}
