// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import KataLinux

/// Opens `/dev/kvm` and creates a VM, the root-only part of `check`; tests inject an answer.
package protocol KVMDevice: Sendable {
    /// Creates and destroys a VM on the device.
    /// - Parameter devicePath: normally `/dev/kvm`.
    /// - Throws: ``KVM/ProbeError`` for the step that failed.
    func probeCreateVM(devicePath: String) throws(KVM.ProbeError)
}

/// The real device, through ``KVM/probeCreateVM(devicePath:)``.
package struct LocalKVMDevice: KVMDevice {
    /// The real device.
    package init() {}

    /// Issues `KVM_CREATE_VM` on the real device.
    /// - Parameter devicePath: the device.
    /// - Throws: ``KVM/ProbeError``.
    package func probeCreateVM(devicePath: String) throws(KVM.ProbeError) {
        try KVM.probeCreateVM(devicePath: devicePath)
    }
}

/// The host part of `kata-runtime check` on amd64: CPU vendor, flags and attributes, kernel modules,
/// and the KVM create test, with upstream's log messages and fields.
package struct HostCheck: Sendable {
    /// The KVM device path.
    package static let kvmDevicePath = "/dev/kvm"
    /// `check`'s last line on success.
    package static let capableMessage = "System is capable of running Kata Containers"
    /// Printed after a successful KVM create test.
    package static let createMessage = "System can currently create Kata Containers"
    /// The error when a required item failed.
    package static let failMessage = "ERROR: System is not capable of running Kata Containers"

    /// Where host files come from.
    package var host: any HostFacts
    /// Runs `modprobe` for root.
    package var runner: any CommandRunner
    /// Receives the per-item lines.
    package var logger: CLILogger

    /// A check over the given host.
    /// - Parameters:
    ///   - host: the host facts.
    ///   - runner: the command runner for `modprobe`.
    ///   - logger: where the item lines go.
    package init(host: any HostFacts, runner: any CommandRunner, logger: CLILogger) {
        self.host = host
        self.runner = runner
        self.logger = logger
    }

    /// The vendor from `/proc/cpuinfo`.
    /// - Throws: ``CLIError`` "Unknown CPU Type" for other vendors or an unreadable file.
    package func cpuType() throws(CLIError) -> CPUType {
        guard let text = host.contents(of: "/proc/cpuinfo") else {
            logger.log(.error, "failed to read file", ["error": "open /proc/cpuinfo: no such file or directory"])
            throw CLIError("Unknown CPU Type")
        }
        if text.contains("GenuineIntel") { return .intel }
        if text.contains("AuthenticAMD") { return .amd }
        throw CLIError("Unknown CPU Type")
    }

    /// Checks every item and logs each one; this is `env`'s `VMContainerCapable` and `check`'s verdict.
    /// - Parameter type: the vendor from ``cpuType()``.
    /// - Throws: ``CLIError`` with ``failMessage`` when a required item failed, or a message for an
    ///   unreadable or flag-less cpuinfo.
    package func checkCapable(_ type: CPUType) throws(CLIError) {
        let block = try firstCPUBlock()
        let flags = Self.flags(of: block)
        guard !flags.isEmpty else { throw CLIError("Cannot find CPU flags") }
        var failures = 0
        failures += checkCPU("attribute", block, type.requiredAttributes)
        failures += checkCPU("flag", flags, type.requiredFlags)
        for module in type.modules {
            let fields = ["type": "module", "name": module.name, "description": module.description]
            guard haveModule(module.name) else {
                logger.log(.error, "kernel property \(module.name) not found", fields)
                if module.required { failures += 1 }
                continue
            }
            logger.log(.info, "kernel property found", fields)
        }
        if failures > 0 {
            throw CLIError(Self.failMessage)
        }
    }

    /// Opens the KVM device and creates a VM (root only), logging as upstream does.
    /// - Parameter kvm: the device.
    /// - Throws: ``CLIError`` with the errno text.
    package func checkCreateVM(_ kvm: any KVMDevice) throws(CLIError) {
        let device = Self.kvmDevicePath
        do {
            try kvm.probeCreateVM(devicePath: device)
        } catch {
            switch error {
            case .open(let errno):
                let reason = Self.goErrnoText(errno.description)
                logger.log(.error, "cannot open kvm device: \(reason)", ["device": device])
                throw CLIError(reason)
            case .createVM(let errno):
                logger.log(.info, "device available", ["check-type": "full", "device": device])
                if errno == .resourceBusy {
                    logger.log(
                        .error, "cannot create VM", ["check-type": "full", "reason": "another hypervisor running"])
                }
                throw CLIError(Self.goErrnoText(errno.description))
            }
        }
        logger.log(.info, "device available", ["check-type": "full", "device": device])
        logger.log(.info, "feature available", ["check-type": "full", "feature": "create-vm"])
    }

    /// A line for hosts whose `/dev/kvm` is not hardware virtualization (a paravirtual KVM such as
    /// `kvm_pvm`, with no `vmx`/`svm` flag), or nil when the flag is there or there is no `/dev/kvm`.
    /// - Parameter type: the vendor.
    /// - Returns: the explanation, naming the accelerator QEMU must use.
    package func paravirtualNote(_ type: CPUType) -> String? {
        guard host.exists(Self.kvmDevicePath), let block = try? firstCPUBlock() else { return nil }
        let flag = type.virtualizationFlag
        guard !Self.containsWord(Self.flags(of: block), flag) else { return nil }
        let module = host.exists("/sys/module/kvm_pvm") ? " (module kvm_pvm)" : ""
        return "NOTE: /dev/kvm here is a paravirtualized KVM\(module), not hardware virtualization: "
            + "the CPU has no \(flag) flag, so stock guest kernels cannot run under it. "
            + "QEMU must use accelerator = \"tcg\" on this host."
    }

    private func firstCPUBlock() throws(CLIError) -> String {
        guard let text = host.contents(of: "/proc/cpuinfo") else {
            throw CLIError("open /proc/cpuinfo: no such file or directory")
        }
        let first = text.components(separatedBy: "\n\n").first ?? ""
        let trimmed = first.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw CLIError("Cannot determine CPU details") }
        return trimmed
    }

    /// The value of the first `flags` line, or "".
    static func flags(of block: String) -> String {
        for line in block.split(separator: "\n") where line.hasPrefix("flags") {
            let parts = line.split(separator: ":", omittingEmptySubsequences: false)
            if parts.count == 2 {
                return parts[1].trimmingCharacters(in: .whitespaces)
            }
        }
        return ""
    }

    private func checkCPU(_ kind: String, _ text: String, _ items: [(name: String, description: String)]) -> Int {
        var failures = 0
        for item in items {
            let fields = ["type": kind, "name": item.name, "description": item.description]
            if Self.containsWord(text, item.name) {
                logger.log(.info, "CPU property found", fields)
            } else {
                logger.log(.error, "CPU property not found", fields)
                failures += 1
            }
        }
        return failures
    }

    private func haveModule(_ module: String) -> Bool {
        if host.exists("/sys/module/\(module)") {
            return true
        }
        guard host.effectiveUserID == 0 else {
            logger.log(
                .error, "Module is not loaded and it can not be inserted. Please consider running with sudo or as root",
                ["module": module])
            return false
        }
        let result = runner.run(["modprobe", module])
        if let failure = result.failure {
            logger.log(
                .warning, "modprobe insert module failed",
                ["module": module, "error": failure, "output": result.output])
            return false
        }
        return true
    }

    /// Go prints errno texts in lower case ("device or resource busy").
    static func goErrnoText(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.lowercased() + text.dropFirst()
    }
}
