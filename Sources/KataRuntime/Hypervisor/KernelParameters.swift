// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import KataConfig

/// The guest kernel command line as the Go runtime assembles it for QEMU on x86_64 with an initrd
/// (config-cli-qemu spec §5.3): arch base list, console, quiet/debug, panic/nr_cpus/selinux, then
/// the runtime's own parameters (scsi, agent), then `kernel_params` last, so the user's win.
package enum KernelParameters {
    /// The x86_64 q35 base list (`qemu_amd64.go`).
    package static let archBase = [
        "tsc=reliable", "no_timer_check", "rcupdate.rcu_expedited=1", "i8042.direct=1", "i8042.dumbkbd=1",
        "i8042.nopnp=1", "i8042.noaux=1", "noreplace-smp", "reboot=k", "cryptomgr.notests", "net.ifnames=0",
        "pci=lastbus=0",
    ]

    /// The whole command line.
    /// - Parameters:
    ///   - configuration: the configuration.
    ///   - channel: the agent channel (virtio-serial adds `agent.server_addr`).
    ///   - maxVCPUs: `nr_cpus`, the configured maximum after clamping.
    /// - Returns: the parameters in order.
    package static func build(_ configuration: KataConfiguration, channel: AgentChannel, maxVCPUs: UInt32) -> [String] {
        let qemu = configuration.hypervisor
        var parameters = archBase
        if qemu.enableIOMMU { parameters += ["intel_iommu=on", "iommu=pt"] }
        parameters += qemu.useLegacySerial ? ["console=ttyS0"] : ["console=hvc0", "console=hvc1"]
        parameters.append(qemu.enableDebug ? "debug" : "quiet")
        parameters += ["panic=1", "nr_cpus=\(maxVCPUs)", qemu.disableGuestSELinux ? "selinux=0" : "selinux=1"]
        if qemu.blockDeviceDriver == .virtioSCSI { parameters.append("scsi_mod.scan=none") }
        parameters += agentParameters(configuration.agent)
        if case .serial = channel {
            parameters.append("agent.server_addr=serial://\(AgentChannel.serialPortName)")
        }
        parameters += qemu.kernelParams
        return parameters
    }

    /// The agent keys the runtime generates from `[agent.kata]` (§5.3 step 8).
    /// - Parameter agent: the agent settings.
    /// - Returns: the parameters.
    package static func agentParameters(_ agent: AgentSettings) -> [String] {
        var parameters: [String] = []
        if agent.enableDebug { parameters.append("agent.log=debug") }
        if agent.enableTracing { parameters.append("agent.trace=true") }
        if agent.containerPipeSize > 0 { parameters.append("agent.container_pipe_size=\(agent.containerPipeSize)") }
        if agent.debugConsoleEnabled { parameters += ["agent.debug_console", "agent.debug_console_vport=1026"] }
        if agent.cdhAPITimeoutSeconds > 0 { parameters.append("agent.cdh_api_timeout=\(agent.cdhAPITimeoutSeconds)") }
        if agent.launchProcessTimeoutSeconds > 0 {
            parameters.append("agent.launch_process_timeout=\(agent.launchProcessTimeoutSeconds)")
        }
        if agent.visibleCDIDevices { parameters.append("agent.visible_cdi_devices=true") }
        return parameters
    }
}
