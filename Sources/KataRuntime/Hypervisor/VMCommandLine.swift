// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import FoundationEssentials
package import KataConfig
package import QEMU

/// Builds the QEMU command line of a pod VM from the configuration, as the Go runtime does
/// (config-cli-qemu spec §5.2-5.4), for an initrd guest with virtio-fs and one agent channel.
package enum VMCommandLine {
    /// Host facts the command line depends on.
    package struct Host: Sendable, Equatable {
        /// Online CPUs, for `default_maxvcpus = 0`.
        package var cpus: UInt32
        /// RAM in MiB, for `default_maxmemory = 0`.
        package var memoryMiB: UInt64

        /// Explicit facts.
        /// - Parameters:
        ///   - cpus: host CPUs.
        ///   - memoryMiB: host RAM.
        package init(cpus: UInt32, memoryMiB: UInt64) {
            self.cpus = cpus
            self.memoryMiB = memoryMiB
        }

        /// This host's CPUs and RAM.
        package static var current: Host {
            Host(
                cpus: UInt32(max(1, ProcessInfo.processInfo.activeProcessorCount)),
                memoryMiB: ProcessInfo.processInfo.physicalMemory >> 20)
        }
    }

    /// A cold-plugged NIC: `-netdev tap` on inherited tap (and vhost-net) descriptors and its
    /// `virtio-net-pci` device (spec §5.4).
    package struct NIC: Sendable, Equatable {
        /// `network-<i>`.
        package var netdevID: String
        /// The guest MAC (the veth's).
        package var mac: String
        /// The tap queues' descriptor numbers in QEMU.
        package var tapDescriptors: [Int32]
        /// The vhost-net descriptor numbers in QEMU, empty without vhost.
        package var vhostDescriptors: [Int32]

        /// A NIC.
        package init(netdevID: String, mac: String, tapDescriptors: [Int32], vhostDescriptors: [Int32]) {
            self.netdevID = netdevID
            self.mac = mac
            self.tapDescriptors = tapDescriptors
            self.vhostDescriptors = vhostDescriptors
        }
    }

    /// The id of the RAM backend the machine uses (`memory-backend=`).
    package static let memoryBackendID = "dimm1"

    /// The command line.
    /// - Parameters:
    ///   - configuration: the configuration.
    ///   - paths: the VM's sockets and files.
    ///   - channel: the agent channel.
    ///   - uuid: the VM's UUID.
    ///   - host: host CPUs and RAM.
    ///   - nics: the pod's NICs, last among the devices.
    /// - Returns: the command line, QMP on inherited fd 3.
    package static func build(
        _ configuration: KataConfiguration, paths: VMPaths, channel: AgentChannel, uuid: String, host: Host,
        nics: [NIC] = []
    ) -> QEMU.CommandLine {
        let qemu = configuration.hypervisor
        let accelerator: QEMU.Accelerator = qemu.accelerator == .kvm ? .kvm : .tcg
        var line = QEMU.CommandLine(
            binary: qemu.path,
            machine: QEMU.Machine(
                type: qemu.machineType.rawValue, accelerator: accelerator, memoryBackend: memoryBackendID,
                extra: machineAccelerators(qemu.machineAccelerators)))
        line.name = QEMU.Name("sandbox-\(paths.sandboxID)", debugThreads: qemu.enableDebug)
        line.uuid = QEMU.UUID(uuid)
        if accelerator == .kvm {
            // "host" needs KVM; TCG keeps QEMU's default model.
            line.cpu = QEMU.CPU("host", features: qemu.cpuFeatures.isEmpty ? ["pmu=off"] : qemu.cpuFeatures)
        }
        line.qmp = [QEMU.QMPSocket(.inheritedDescriptor(QEMULauncher.qmpDescriptor))]
        let memory = UInt64(qemu.defaultMemoryMiB)
        let maxBase = qemu.defaultMaxMemoryMiB > 0 ? qemu.defaultMaxMemoryMiB : host.memoryMiB
        line.memory = QEMU.Memory(
            sizeMiB: memory, slots: qemu.memorySlots, maximumMiB: maxBase + 1024 + qemu.memoryOffsetMiB)
        line.devices = devices(configuration, paths: paths, channel: channel)
        for nic in nics {
            line.devices += [
                QEMU.Netdev.tap(id: nic.netdevID, fds: nic.tapDescriptors, vhostFDs: nic.vhostDescriptors),
                // MSI-X vectors: 2 per queue pair + 2, as Kata sets them.
                QEMU.VirtioNetPCI(
                    netdev: nic.netdevID, mac: nic.mac, bus: "pcie.0",
                    vectors: UInt32(2 * nic.tapDescriptors.count + 2)),
            ]
        }
        if accelerator == .kvm {
            line.globals = [QEMU.Global(driver: "kvm-pit", property: "lost_tick_policy", value: "discard")]
        }
        // virtio-fs needs guest RAM virtiofsd can map: a shared memfd as the machine's backend.
        line.memoryObjects = [
            .memoryBackendMemfd(
                .init(id: memoryBackendID, size: "\(memory)M", share: true, preallocate: qemu.enableMemPrealloc))
        ]
        let maxVCPUs = maximumVCPUs(configuration, host: host)
        line.kernel = QEMU.KernelBoot(
            kernel: qemu.kernel, initrd: qemu.initrd,
            parameters: KernelParameters.build(configuration, channel: channel, maxVCPUs: maxVCPUs))
        line.bios = qemu.firmware.map(QEMU.PathOption.bios)
        line.pidFile = paths.pidFile
        let vcpus = max(1, UInt32(qemu.defaultVCPUs.rounded(.up)))
        line.smp = QEMU.SMP(cpus: min(vcpus, maxVCPUs), cores: 1, threads: 1, sockets: maxVCPUs, maximumCPUs: maxVCPUs)
        return line
    }

    /// `default_maxvcpus`, or the host's CPUs when it is 0, never below `default_vcpus`.
    /// - Parameters:
    ///   - configuration: the configuration.
    ///   - host: the host facts.
    /// - Returns: the maximum.
    package static func maximumVCPUs(_ configuration: KataConfiguration, host: Host) -> UInt32 {
        let qemu = configuration.hypervisor
        let vcpus = max(1, UInt32(qemu.defaultVCPUs.rounded(.up)))
        let configured = qemu.defaultMaxVCPUs > 0 ? qemu.defaultMaxVCPUs : host.cpus
        return max(configured, vcpus)
    }

    /// The devices in the Go runtime's order: console, SCSI, RNG, agent channel, virtio-fs, then the
    /// free-page-reporting balloon when `reclaim_guest_freed_memory` asks for it.
    private static func devices(
        _ configuration: KataConfiguration, paths: VMPaths, channel: AgentChannel
    ) -> [any QEMU.Argument] {
        let qemu = configuration.hypervisor
        var devices: [any QEMU.Argument] = [QEMU.VirtioSerialPCI(id: "serial0")]
        let console = ConsoleChardev(id: "charconsole0", socketPath: paths.consoleSocket, logFile: paths.consoleLog)
        if qemu.useLegacySerial {
            devices += [console, LegacySerial(chardev: console.id)]
        } else {
            devices += [QEMU.VirtConsole(id: "console0", chardev: console.id), console]
        }
        if qemu.blockDeviceDriver == .virtioSCSI {
            devices.append(QEMU.VirtioSCSIPCI(id: "scsi0"))
        }
        devices += [
            QEMU.Object.rngRandom(id: "rng0", filename: qemu.entropySource), QEMU.VirtioRNGPCI(rng: "rng0"),
        ]
        switch channel {
        case .vsock(let cid):
            devices.append(QEMU.VhostVsockPCI(id: "vsock-\(cid)", guestCID: cid, bus: "pcie.0"))
        case .serial(let socketPath):
            devices += [
                QEMU.Chardev.socket(id: "charch0", path: socketPath, server: true),
                QEMU.VirtSerialPort(chardev: "charch0", id: "channel0", name: AgentChannel.serialPortName),
            ]
        }
        devices += [
            QEMU.Chardev.socket(id: "char-kataShared", path: paths.virtioFSSocket, server: false),
            QEMU.VhostUserFSPCI(
                chardev: "char-kataShared", tag: SharedFSLayout.mountTag, queueSize: qemu.virtioFSQueueSize,
                cacheSize: qemu.virtioFSCacheSizeMiB > 0 ? "\(qemu.virtioFSCacheSizeMiB)M" : nil, bus: "pcie.0"),
        ]
        if qemu.reclaimGuestFreedMemory {
            devices.append(QEMU.VirtioBalloonPCI(id: "balloon0", deflateOnOOM: true, freePageReporting: true))
        }
        return devices
    }

    /// `machine_accelerators` items as `key=value` pairs (a bare word becomes `word=on`).
    private static func machineAccelerators(_ items: [String]) -> [(String, String)] {
        items.map { item in
            let parts = item.split(separator: "=", maxSplits: 1)
            return parts.count == 2 ? (String(parts[0]), String(parts[1])) : (item, "on")
        }
    }
}
