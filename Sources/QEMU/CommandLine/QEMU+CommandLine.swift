// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

extension QEMU {
    /// A whole QEMU invocation as typed values, rendered to argv in the Kata runtime's emission
    /// order: name, uuid, machine, cpu, qmp, memory, devices (in list order), rtc, globals, vga,
    /// flags, RAM backend objects, numa nodes, `-S`, kernel/initrd/append, bios, iothreads, pidfile,
    /// smp, then extraArguments.
    ///
    /// There is no `-daemonize`: QEMU stays a direct child of the runtime (as Kata does since 3.1),
    /// so its exit is observed by waiting on it, its stderr can be read, and a parent-death signal can
    /// bind its life to ours. A daemonised QEMU would be re-parented and outlive a crashed shim.
    package struct CommandLine: Sendable {
        /// The QEMU binary, argv[0].
        package var binary: String
        /// `-name`.
        package var name: Name?
        /// `-uuid`.
        package var uuid: UUID?
        /// `-machine`.
        package var machine: Machine
        /// `-cpu`.
        package var cpu: CPU?
        /// `-qmp` monitors; the first is the main one.
        package var qmp: [QMPSocket]
        /// `-m`.
        package var memory: Memory?
        /// `-device`, `-chardev`, `-object`, `-netdev` … entries in emission order (a device's
        /// chardev or backend may come before or after it, QEMU resolves ids after parsing).
        package var devices: [any Argument]
        /// `-rtc`.
        package var rtc: RTC?
        /// `-global` defaults.
        package var globals: [Global]
        /// `-vga`.
        package var vga: VGA?
        /// Flags, by default `-no-user-config -nodefaults -nographic --no-reboot`.
        package var flags: [Flag]
        /// The guest RAM backend objects (`memory-backend-memfd` with `share=on` for virtio-fs).
        package var memoryObjects: [Object]
        /// `-numa node,memdev=…` entries wiring the RAM backend.
        package var numaNodes: [NUMANode]
        /// `-S`: start with vCPUs stopped.
        package var startPaused: Bool
        /// `-kernel`, `-initrd`, `-append`.
        package var kernel: KernelBoot?
        /// `-bios`.
        package var bios: PathOption?
        /// `-object iothread` entries.
        package var ioThreads: [Object]
        /// `-pidfile`.
        package var pidFile: String?
        /// `-smp`.
        package var smp: SMP?
        /// Anything else, appended verbatim at the end.
        package var extraArguments: [String]

        /// Creates a command line with Kata's fixed parts (`-rtc`, `-vga none`, the flags) and
        /// everything else empty.
        /// - Parameters:
        ///   - binary: the QEMU binary.
        ///   - machine: the `-machine` option.
        package init(binary: String = "/usr/bin/qemu-system-x86_64", machine: Machine) {
            self.binary = binary
            self.machine = machine
            self.qmp = []
            self.devices = []
            self.rtc = RTC()
            self.globals = []
            self.vga = VGA.none
            self.flags = [.noUserConfig, .noDefaults, .noGraphic, .noReboot]
            self.memoryObjects = []
            self.numaNodes = []
            self.startPaused = false
            self.ioThreads = []
            self.extraArguments = []
        }

        /// The arguments after argv[0].
        package var arguments: [String] {
            var parts: [any Argument] = []
            if let name { parts.append(name) }
            if let uuid { parts.append(uuid) }
            parts.append(machine)
            if let cpu { parts.append(cpu) }
            parts.append(contentsOf: qmp as [any Argument])
            if let memory { parts.append(memory) }
            parts.append(contentsOf: devices)
            if let rtc { parts.append(rtc) }
            parts.append(contentsOf: globals as [any Argument])
            if let vga { parts.append(vga) }
            parts.append(contentsOf: flags as [any Argument])
            parts.append(contentsOf: memoryObjects as [any Argument])
            parts.append(contentsOf: numaNodes as [any Argument])
            if startPaused { parts.append(Flag.startPaused) }
            if let kernel { parts.append(kernel) }
            if let bios { parts.append(bios) }
            parts.append(contentsOf: ioThreads as [any Argument])
            if let pidFile { parts.append(PathOption.pidFile(pidFile)) }
            if let smp { parts.append(smp) }
            return parts.flatMap(\.arguments) + extraArguments
        }

        /// The full argv, binary first.
        package var argv: [String] { [binary] + arguments }
    }
}
