// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataError
import KataLinux

/// Brings CPUs and memory the host hot-plugged into use, through sysfs (kata-agent spec §4:
/// OnlineCPUMem, MemHotplugByProbe). The root is injectable so tests can point it at a fake tree.
struct GuestHotplug: Sendable {
    /// Where sysfs is mounted.
    var sysfs = "/sys"
    /// Where the cgroup v1 cpuset hierarchy is mounted (absent on v2).
    var cpusetRoot = "/sys/fs/cgroup/cpuset"
    /// How long to wait for CPUs the host plugged but the guest has not seen yet, and for the root
    /// cpuset to list them.
    var timeout: Duration = .seconds(5)
    /// How long to wait between two looks where the kernel announces nothing (the root cpuset).
    var interval: Duration = .milliseconds(50)

    private var cpuDirectory: String { "\(sysfs)/devices/system/cpu" }
    private var memoryDirectory: String { "\(sysfs)/devices/system/memory" }

    /// OnlineCPUMem: onlines offline CPUs until at least `cpus` are online (none with 0), then,
    /// unless `cpuOnly`, every offline memory block.
    ///
    /// The host's `device_add` returns before the guest has handled the ACPI event, so a new CPU
    /// may not be in sysfs yet: the CPUs are looked for again on each device uevent, for up to
    /// `timeout`. Memory blocks are
    /// not counted, so the kernel is first told to online new blocks by itself
    /// (`auto_online_blocks`; the Debian kernel leaves them offline), which covers the blocks that
    /// appear after the scan.
    /// - Parameters:
    ///   - cpus: how many CPUs must be online in the end.
    ///   - cpuOnly: whether to leave memory alone.
    /// - Returns: how many CPUs and memory blocks were onlined.
    /// - Throws: `KataError` naming the CPU or block that could not be onlined, or how many CPUs
    ///   are online when fewer than `cpus` appeared.
    func online(cpus: UInt32, cpuOnly: Bool) async throws(KataError) -> (cpus: Int, memoryBlocks: Int) {
        var onlinedCPUs = 0
        if cpus > 0 {
            let before = onlineCPUSet()
            // Heard before the first look, so a CPU that appears in between is not missed.
            let devices = try? KernelEventSocket(.devices)
            var online: UInt32 = 0
            let enough = try await KernelWait.lookUntilFound(
                timeout: timeout, wakingOn: devices?.descriptor, interval: interval
            ) { () throws(KataError) -> Bool? in
                let (count, onlined) = try onlineOfflineEntries(cpuDirectory, prefix: "cpu")
                onlinedCPUs += onlined
                online = count
                return count >= cpus ? true : nil
            }
            guard enough != nil else {
                throw KataError(
                    .deadlineExceeded,
                    "OnlineCPUMem: \(online) CPUs are online, \(cpus) were asked for; the others did not "
                        + "appear under \(cpuDirectory)")
            }
            if let before, let after = onlineCPUSet(), after != before {
                try await widenCpusets(from: before, to: after)
            }
        }
        guard !cpuOnly else { return (onlinedCPUs, 0) }
        let automatic = "\(memoryDirectory)/auto_online_blocks"
        if FileSystem.exists(automatic) { try? FileSystem.writeFile("online", to: automatic) }
        let (_, blocks) = try onlineOfflineEntries(memoryDirectory, prefix: "memory")
        return (onlinedCPUs, blocks)
    }

    /// The guest's online CPUs, from `devices/system/cpu/online`; nil when it cannot be read.
    private func onlineCPUSet() -> Set<Int>? {
        (try? FileSystem.readFile("\(cpuDirectory)/online")).flatMap { CPUList.parse($0) }
    }

    /// Gives the new CPUs to every cgroup v1 cpuset that had all the old ones: a cpuset cgroup
    /// copies its parent's CPUs when it is made and keeps them, so containers made before the
    /// VM grew would never run on its new CPUs. Pinned cpusets (another set) are left alone.
    /// Cgroup v2 widens effective cpusets by itself.
    ///
    /// The kernel updates the root cpuset after the hot-plug, from a work queue: the root is read
    /// again until it has the new CPUs, for as long as CPUs are looked for.
    /// - Parameters:
    ///   - old: the CPUs online before.
    ///   - new: the CPUs online now.
    /// - Throws: `KataError` when the root never shows the new CPUs or a cpuset refuses them.
    func widenCpusets(from old: Set<Int>, to new: Set<Int>) async throws(KataError) {
        let rootFile = "\(cpusetRoot)/cpuset.cpus"
        guard FileSystem.exists(rootFile) else { return }
        // The kernel announces nothing here, so the root is read every `interval`.
        let listed = await KernelWait.lookUntilFound(timeout: timeout, wakingOn: nil, interval: interval) {
            (CPUList.parse((try? FileSystem.readFile(rootFile)) ?? "") ?? []).isSuperset(of: new) ? true : nil
        }
        guard listed != nil else {
            throw KataError(
                .deadlineExceeded,
                "OnlineCPUMem: \(rootFile) does not list the new CPUs \(CPUList.render(new)) yet")
        }
        try widen(cpusetRoot, from: old, to: CPUList.render(new))
    }

    /// Parents first: a cpuset may only hold CPUs its parent holds.
    private func widen(_ directory: String, from old: Set<Int>, to new: String) throws(KataError) {
        let entries = (try? FileSystem.directoryEntries(directory)) ?? []
        for entry in entries.sorted() where FileSystem.fileType("\(directory)/\(entry)") == .directory {
            let child = "\(directory)/\(entry)"
            let file = "\(child)/cpuset.cpus"
            if let cpus = try? FileSystem.readFile(file), CPUList.parse(cpus) == old {
                do {
                    try FileSystem.writeFile(new, to: file)
                } catch {
                    throw KataError(.internal, "OnlineCPUMem: \(file) refused the CPUs \(new)", underlying: error)
                }
            }
            try widen(child, from: old, to: new)
        }
    }

    /// MemHotplugByProbe: writes each address to the probe file, as `0x<hex>`.
    /// - Parameter addresses: guest physical addresses of new memory.
    /// - Throws: `KataError` when the kernel has no probe file or refuses an address.
    func probe(addresses: [UInt64]) throws(KataError) {
        let probe = "\(memoryDirectory)/probe"
        guard FileSystem.exists(probe) else {
            throw KataError(.failedPrecondition, "MemHotplugByProbe: the guest kernel has no \(probe)")
        }
        for address in addresses {
            do {
                try FileSystem.writeFile("0x" + String(address, radix: 16), to: probe)
            } catch {
                throw KataError(
                    .internal, "MemHotplugByProbe: \(probe) refused 0x\(String(address, radix: 16))",
                    underlying: error)
            }
        }
    }

    /// Writes `1` to the `online` file of every `<prefix>N` entry that reads `0`.
    /// - Returns: how many entries are online now (those without an `online` file, such as cpu0,
    ///   count), and how many this call onlined.
    private func onlineOfflineEntries(_ directory: String, prefix: String) throws(KataError) -> (UInt32, Int) {
        let entries: [String]
        do {
            entries = try FileSystem.directoryEntries(directory)
        } catch {
            throw KataError(.internal, "OnlineCPUMem: cannot list \(directory)", underlying: error)
        }
        var online: UInt32 = 0
        var onlined = 0
        for entry in entries where entry.hasPrefix(prefix) && UInt32(entry.dropFirst(prefix.count)) != nil {
            let path = "\(directory)/\(entry)/online"
            guard FileSystem.exists(path) else {
                online += 1
                continue
            }
            guard (try? FileSystem.readFile(path).trimmingWhitespace) == "0" else {
                online += 1
                continue
            }
            do {
                try FileSystem.writeFile("1", to: path)
            } catch {
                throw KataError(.internal, "OnlineCPUMem: cannot online \(directory)/\(entry)", underlying: error)
            }
            online += 1
            onlined += 1
        }
        return (online, onlined)
    }
}

/// The kernel's CPU list format, `0-3,5`.
enum CPUList {
    /// The CPUs of a list; nil when it is malformed. An empty list is the empty set.
    static func parse(_ text: String) -> Set<Int>? {
        var cpus = Set<Int>()
        for part in text.trimmingWhitespace.split(separator: ",") {
            let bounds = part.split(separator: "-", maxSplits: 1).map { Int($0) }
            switch bounds.count {
            case 1:
                guard let cpu = bounds[0] else { return nil }
                cpus.insert(cpu)
            case 2:
                guard let low = bounds[0], let high = bounds[1], low <= high else { return nil }
                cpus.formUnion(low...high)
            default: return nil
            }
        }
        return cpus
    }

    /// The list of a set, ranges merged: `[0, 1, 2, 5]` is `0-2,5`.
    static func render(_ cpus: Set<Int>) -> String {
        var ranges: [ClosedRange<Int>] = []
        for cpu in cpus.sorted() {
            if let last = ranges.last, last.upperBound + 1 == cpu {
                ranges[ranges.count - 1] = last.lowerBound...cpu
            } else {
                ranges.append(cpu...cpu)
            }
        }
        return ranges.map { $0.count == 1 ? "\($0.lowerBound)" : "\($0.lowerBound)-\($0.upperBound)" }
            .joined(separator: ",")
    }
}
