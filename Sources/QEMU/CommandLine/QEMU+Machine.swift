// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

extension QEMU {
    /// How QEMU runs guest code.
    package enum Accelerator: String, Sendable, Equatable, CaseIterable {
        /// Hardware virtualisation through /dev/kvm; the production mode.
        case kvm
        /// QEMU's software emulator; for hosts without usable KVM (such as a paravirtualised KVM).
        case tcg
    }

    /// `-machine <type>,accel=…[,nvdimm=on][,memory-backend=…][,extra…]`.
    package struct Machine: Argument, Equatable {
        /// The machine type, e.g. `q35`.
        package var type: String
        /// The accelerator (`accel=`).
        package var accelerator: Accelerator
        /// `nvdimm=on` when true.
        package var nvdimm: Bool
        /// `memory-backend=<id>`: the `-object` that backs guest RAM, when not wired through `-numa`.
        package var memoryBackend: String?
        /// Further `key=value` options, appended in order (Kata's `machine_accelerators`).
        package var extra: [(String, String)]

        /// Creates a machine option.
        /// - Parameters:
        ///   - type: the machine type.
        ///   - accelerator: the accelerator.
        ///   - nvdimm: whether to enable NVDIMM support.
        ///   - memoryBackend: the RAM backend's id, if wired here.
        ///   - extra: further options, in order.
        package init(
            type: String = "q35", accelerator: Accelerator, nvdimm: Bool = false, memoryBackend: String? = nil,
            extra: [(String, String)] = []
        ) {
            self.type = type
            self.accelerator = accelerator
            self.nvdimm = nvdimm
            self.memoryBackend = memoryBackend
            self.extra = extra
        }

        /// `["-machine", "q35,accel=kvm"]`.
        package var arguments: [String] {
            var options = Options(type, [("accel", accelerator.rawValue)])
            if nvdimm { options.append("nvdimm", "on") }
            options.append("memory-backend", memoryBackend)
            for (key, value) in extra { options.append(key, value) }
            return ["-machine", options.description]
        }

        /// Equal when rendered the same.
        /// - Parameters:
        ///   - lhs: a machine.
        ///   - rhs: a machine.
        /// - Returns: whether both render the same arguments.
        package static func == (lhs: Machine, rhs: Machine) -> Bool { lhs.arguments == rhs.arguments }
    }

    /// `-name <guest>[,debug-threads=on]`.
    package struct Name: Argument, Equatable {
        /// The guest name (`sandbox-<id>` in Kata).
        package var guest: String
        /// Names QEMU's threads after their role, for debugging.
        package var debugThreads: Bool

        /// Creates a name option.
        /// - Parameters:
        ///   - guest: the guest name.
        ///   - debugThreads: whether to name QEMU's threads.
        package init(_ guest: String, debugThreads: Bool = false) {
            self.guest = guest
            self.debugThreads = debugThreads
        }

        /// `["-name", "sandbox-x"]`.
        package var arguments: [String] {
            var options = Options(guest)
            if debugThreads { options.append("debug-threads", "on") }
            return ["-name", options.description]
        }
    }

    /// `-uuid <uuid>`: the VM's SMBIOS UUID, lower-case.
    package struct UUID: Argument, Equatable {
        /// The UUID text, e.g. `1d4c7f9e-…`.
        package var value: String

        /// Creates a UUID option.
        /// - Parameter value: the UUID text; it is emitted lower-cased.
        package init(_ value: String) { self.value = value.lowercased() }

        /// `["-uuid", value]`.
        package var arguments: [String] { ["-uuid", value] }
    }

    /// `-cpu <model>[,feature…]`, e.g. `host,pmu=off`.
    package struct CPU: Argument, Equatable {
        /// The CPU model (`host`, `max`, `EPYC-v4`).
        package var model: String
        /// Features, each `name=value` or `+flag`, appended in order.
        package var features: [String]

        /// Creates a CPU option.
        /// - Parameters:
        ///   - model: the CPU model.
        ///   - features: features in order.
        package init(_ model: String, features: [String] = []) {
            self.model = model
            self.features = features
        }

        /// `["-cpu", "host,pmu=off"]`; with no features just the model (the Go runtime's trailing
        /// comma in that case is a quirk that is not reproduced).
        package var arguments: [String] { ["-cpu", ([model] + features).joined(separator: ",")] }
    }

    /// `-m <size>M[,slots=…,maxmem=…M]`.
    package struct Memory: Argument, Equatable {
        /// Boot memory in MiB.
        package var sizeMiB: UInt64
        /// Hot-plug slots, emitted with maximumMiB.
        package var slots: UInt32?
        /// The hot-plug ceiling in MiB.
        package var maximumMiB: UInt64?

        /// Creates a memory option.
        /// - Parameters:
        ///   - sizeMiB: boot memory in MiB.
        ///   - slots: hot-plug slots, if any.
        ///   - maximumMiB: the hot-plug ceiling in MiB, if any.
        package init(sizeMiB: UInt64, slots: UInt32? = nil, maximumMiB: UInt64? = nil) {
            self.sizeMiB = sizeMiB
            self.slots = slots
            self.maximumMiB = maximumMiB
        }

        /// `["-m", "2048M,slots=10,maxmem=17408M"]`.
        package var arguments: [String] {
            var options = Options("\(sizeMiB)M")
            options.append("slots", slots.map { "\($0)" })
            options.append("maxmem", maximumMiB.map { "\($0)M" })
            return ["-m", options.description]
        }
    }

    /// `-smp <cpus>,cores=…,threads=…,sockets=…,maxcpus=…`.
    package struct SMP: Argument, Equatable {
        /// vCPUs at boot.
        package var cpus: UInt32
        /// Cores per socket.
        package var cores: UInt32?
        /// Threads per core.
        package var threads: UInt32?
        /// Sockets.
        package var sockets: UInt32?
        /// The most vCPUs, hot-plugged ones included.
        package var maximumCPUs: UInt32?

        /// Creates an SMP option.
        /// - Parameters:
        ///   - cpus: vCPUs at boot.
        ///   - cores: cores per socket.
        ///   - threads: threads per core.
        ///   - sockets: sockets.
        ///   - maximumCPUs: the most vCPUs.
        package init(
            cpus: UInt32, cores: UInt32? = nil, threads: UInt32? = nil, sockets: UInt32? = nil,
            maximumCPUs: UInt32? = nil
        ) {
            self.cpus = cpus
            self.cores = cores
            self.threads = threads
            self.sockets = sockets
            self.maximumCPUs = maximumCPUs
        }

        /// `["-smp", "1,cores=1,threads=1,sockets=8,maxcpus=8"]`.
        package var arguments: [String] {
            var options = Options("\(cpus)")
            options.append("cores", cores.map { "\($0)" })
            options.append("threads", threads.map { "\($0)" })
            options.append("sockets", sockets.map { "\($0)" })
            options.append("maxcpus", maximumCPUs.map { "\($0)" })
            return ["-smp", options.description]
        }
    }

    /// `-rtc base=…,driftfix=…,clock=…`; the defaults are Kata's.
    package struct RTC: Argument, Equatable {
        /// `base=`: `utc` or `localtime`.
        package var base: String
        /// `driftfix=`: `slew` or `none`.
        package var driftFix: String
        /// `clock=`: `host`, `rt` or `vm`.
        package var clock: String

        /// Creates an RTC option.
        /// - Parameters:
        ///   - base: the RTC base.
        ///   - driftFix: the drift fix.
        ///   - clock: the clock source.
        package init(base: String = "utc", driftFix: String = "slew", clock: String = "host") {
            self.base = base
            self.driftFix = driftFix
            self.clock = clock
        }

        /// `["-rtc", "base=utc,driftfix=slew,clock=host"]`.
        package var arguments: [String] {
            ["-rtc", Options(nil, [("base", base), ("driftfix", driftFix), ("clock", clock)]).description]
        }
    }

    /// `-global <driver>.<property>=<value>`.
    package struct Global: Argument, Equatable {
        /// The driver, e.g. `kvm-pit`.
        package var driver: String
        /// The property, e.g. `lost_tick_policy`.
        package var property: String
        /// The value, e.g. `discard`.
        package var value: String

        /// Creates a global property default.
        /// - Parameters:
        ///   - driver: the driver.
        ///   - property: the property.
        ///   - value: the value.
        package init(driver: String, property: String, value: String) {
            self.driver = driver
            self.property = property
            self.value = value
        }

        /// `["-global", "kvm-pit.lost_tick_policy=discard"]`.
        package var arguments: [String] { ["-global", "\(driver).\(property)=\(Options.escape(value))"] }
    }

    /// `-vga <type>`.
    package enum VGA: String, Argument, Equatable {
        /// No VGA card (Kata's choice).
        case none
        /// The standard VGA card.
        case std

        /// `["-vga", "none"]`.
        package var arguments: [String] { ["-vga", rawValue] }
    }

    /// A flag without a value.
    package enum Flag: String, Argument, Equatable, CaseIterable {
        /// `-no-user-config`: ignore /etc/qemu config files.
        case noUserConfig = "-no-user-config"
        /// `-nodefaults`: no default devices (no NIC, serial, parallel, VGA, floppy, CD-ROM).
        case noDefaults = "-nodefaults"
        /// `-nographic`: no display window.
        case noGraphic = "-nographic"
        /// `--no-reboot`: a guest reboot ends QEMU instead.
        case noReboot = "--no-reboot"
        /// `-S`: start with the vCPUs stopped (QMP `cont` starts them).
        case startPaused = "-S"

        /// `[rawValue]`.
        package var arguments: [String] { [rawValue] }
    }
}
