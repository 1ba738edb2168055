// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Foundation
package import KataConfig

/// The facts `kata-runtime env` prints, built as upstream's `EnvInfo` (format 1.0.27) from the loaded
/// configuration and the host.
package struct EnvReport: Sendable {
    /// Upstream's output format version for this layout.
    package static let formatVersion = "1.0.27"

    /// The loaded configuration.
    package var configuration: KataConfiguration
    /// The resolved main configuration file.
    package var configPath: String
    /// Where host files come from.
    package var host: any HostFacts
    /// Runs `<qemu> --version`.
    package var runner: any CommandRunner
    /// This executable's path (`[Runtime] Path`).
    package var executablePath: String
    /// The verdict of `check` without the KVM create test.
    package var vmContainerCapable: Bool

    /// A report.
    /// - Parameters:
    ///   - configuration: the loaded configuration.
    ///   - configPath: the resolved main file.
    ///   - host: the host facts.
    ///   - runner: the command runner.
    ///   - executablePath: this executable.
    ///   - vmContainerCapable: the host check's verdict.
    package init(
        configuration: KataConfiguration, configPath: String, host: any HostFacts, runner: any CommandRunner,
        executablePath: String, vmContainerCapable: Bool
    ) {
        self.configuration = configuration
        self.configPath = configPath
        self.host = host
        self.runner = runner
        self.executablePath = executablePath
        self.vmContainerCapable = vmContainerCapable
    }

    /// The report's root fields in upstream's struct order.
    /// - Throws: ``CLIError`` when `/proc/version` cannot be read, as upstream fails then.
    package func fields() throws(CLIError) -> [EnvField] {
        let qemu = configuration.hypervisor
        return [
            EnvField(
                "Kernel",
                .table([
                    EnvField("Path", .string(qemu.kernel)),
                    EnvField("Parameters", .string(Self.kernelParameters(configuration).joined(separator: " "))),
                ])),
            EnvField("Meta", .table([EnvField("Version", .string(Self.formatVersion))])),
            EnvField("Image", .table([EnvField("Path", .string(qemu.image ?? ""))])),
            EnvField("Initrd", .table([EnvField("Path", .string(qemu.initrd ?? ""))])),
            EnvField("Hypervisor", .table(hypervisorFields())),
            EnvField("Runtime", .table(runtimeFields())),
            EnvField("Host", .table(try hostFields())),
            EnvField(
                "Agent",
                .table([
                    EnvField("Debug", .bool(configuration.agent.enableDebug)),
                    EnvField("Trace", .bool(configuration.agent.enableTracing)),
                ])),
        ]
    }

    /// The config-level kernel parameters (upstream's `SetKernelParams` list): the image's systemd
    /// parameters, `scsi_mod.scan=none`, the agent's parameters, then the user's `kernel_params`.
    /// - Parameter configuration: the configuration.
    /// - Returns: the parameters in order.
    package static func kernelParameters(_ configuration: KataConfiguration) -> [String] {
        var params: [String] = []
        if configuration.hypervisor.image != nil {
            params += [
                "systemd.unit=kata-containers.target", "systemd.mask=systemd-networkd.service",
                "systemd.mask=systemd-networkd.socket",
            ]
        }
        if configuration.hypervisor.blockDeviceDriver == .virtioSCSI {
            params.append("scsi_mod.scan=none")
        }
        if configuration.agent.enableDebug { params.append("agent.log=debug") }
        if configuration.agent.enableTracing { params.append("agent.trace=true") }
        if configuration.agent.debugConsoleEnabled {
            params += ["agent.debug_console", "agent.debug_console_vport=1026"]
        }
        return params + configuration.hypervisor.kernelParams
    }

    private func hypervisorFields() -> [EnvField] {
        let qemu = configuration.hypervisor
        let version = runner.run([qemu.path, "--version"])
        let versionText =
            version.failure == nil
            ? version.output.trimmingCharacters(in: .whitespacesAndNewlines) : RuntimeVersion.unknown
        // QEMU's agent socket is a vsock, which has no path; upstream asks only as root.
        let socketPath = host.effectiveUserID == 0 ? "" : RuntimeVersion.unknown
        let annotations = qemu.enableAnnotations.isEmpty ? nil : qemu.enableAnnotations
        return [
            EnvField("MachineType", .string(qemu.machineType.rawValue)),
            EnvField("Version", .string(versionText)),
            EnvField("Path", .string(qemu.path)),
            EnvField("BlockDeviceDriver", .string(qemu.blockDeviceDriver.rawValue)),
            EnvField("EntropySource", .string(qemu.entropySource)),
            EnvField("SharedFS", .string(qemu.sharedFS.rawValue)),
            EnvField("VirtioFSDaemon", .string(qemu.virtioFSDaemon)),
            EnvField("SocketPath", .string(socketPath)),
            EnvField("Msize9p", .integer(UInt64(qemu.msize9p))),
            EnvField("MemorySlots", .integer(UInt64(qemu.memorySlots))),
            EnvField("HotPlugVFIO", .string(qemu.hotPlugVFIO.rawValue)),
            EnvField("ColdPlugVFIO", .string(qemu.coldPlugVFIO.rawValue)),
            EnvField("PCIeRootPort", .integer(UInt64(qemu.pcieRootPort))),
            EnvField("PCIeSwitchPort", .integer(UInt64(qemu.pcieSwitchPort))),
            EnvField("Debug", .bool(qemu.enableDebug)),
            // Our addition: the accelerator QEMU will use (kvm or tcg), since these hosts need tcg.
            EnvField("Accelerator", .string(qemu.accelerator.rawValue)),
            EnvField(
                "SecurityInfo",
                .table([
                    EnvField("Rootless", .bool(qemu.rootless)),
                    EnvField("DisableSeccomp", .bool(qemu.disableSeccomp)),
                    EnvField("GuestHookPath", .string(qemu.guestHookPath ?? "")),
                    EnvField("EnableAnnotations", .strings(annotations)),
                    EnvField("ConfidentialGuest", .bool(qemu.confidentialGuest)),
                ])),
        ]
    }

    private func runtimeFields() -> [EnvField] {
        let runtime = configuration.runtime
        let experimental: [[EnvField]]? =
            runtime.experimental.isEmpty
            ? nil
            : runtime.experimental.map { name in
                // The settings model keeps only feature names; upstream's registry also has these two.
                [
                    EnvField("Name", .string(name)), EnvField("Description", .string(RuntimeVersion.unknown)),
                    EnvField("ExpRelease", .string(RuntimeVersion.unknown)),
                ]
            }
        return [
            EnvField("Config", .table([EnvField("Path", .string(configPath))])),
            EnvField("Path", .string(executablePath)),
            EnvField("GuestSeLinuxLabel", .string(runtime.guestSELinuxLabel ?? "")),
            EnvField("Experimental", .tables(experimental)),
            EnvField(
                "Version",
                .table([
                    EnvField("OCI", .string(RuntimeVersion.ociSpec)),
                    EnvField("Version", .table(Self.versionFields(RuntimeVersion.version, RuntimeVersion.commit))),
                ])),
            EnvField("Debug", .bool(runtime.enableDebug)),
            EnvField("Trace", .bool(runtime.enableTracing)),
            EnvField("DisableGuestSeccomp", .bool(runtime.disableGuestSeccomp)),
            EnvField("DisableNewNetNs", .bool(runtime.disableNewNetns)),
            EnvField("SandboxCgroupOnly", .bool(runtime.sandboxCgroupOnly)),
        ]
    }

    /// `[Runtime.Version.Version]`: the last space-separated word of `version` as semver.
    /// - Parameters:
    ///   - version: the version string.
    ///   - commit: the build's commit, nil when not stamped.
    /// - Returns: `Semver`, `Commit`, `Major`, `Minor`, `Patch`.
    package static func versionFields(_ version: String, _ commit: String?) -> [EnvField] {
        let semver = version.split(separator: " ").last.map(String.init) ?? version
        let core = semver.split(separator: "-", maxSplits: 1).first.map(String.init) ?? semver
        let numbers = core.split(separator: ".").map { UInt64($0) ?? 0 }
        func part(_ index: Int) -> UInt64 { index < numbers.count ? numbers[index] : 0 }
        return [
            EnvField("Semver", .string(semver)),
            EnvField("Commit", .string(commit ?? RuntimeVersion.unknown)),
            EnvField("Major", .integer(part(0))),
            EnvField("Minor", .integer(part(1))),
            EnvField("Patch", .integer(part(2))),
        ]
    }
}
