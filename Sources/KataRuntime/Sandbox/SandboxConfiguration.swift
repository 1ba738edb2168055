// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import KataConfig
package import KataError
package import OCISpec

/// The configuration one sandbox runs with, as Kata Go's `SandboxConfig` derives it from the loaded
/// files and the first container's spec: the sandbox's `io.katacontainers.*` annotations applied
/// (`addAnnotations`), then, with `static_sandbox_resource_mgmt`, the VM grown by the pod's size
/// (`CalculateSandboxSizing` for a pod's sandbox, `CalculateContainerSizing` for a lone container).
///
/// Only the first container decides: like Go, which reads hypervisor, runtime and agent annotations
/// from the sandbox container alone, later containers of the pod change nothing.
package enum SandboxConfiguration {
    /// containerd's CRI sizing annotations on the sandbox container (containerd 1.6 and later).
    package static let cpuQuotaAnnotation = "io.kubernetes.cri.sandbox-cpu-quota"
    /// The CPU period the quota is measured against, in microseconds.
    package static let cpuPeriodAnnotation = "io.kubernetes.cri.sandbox-cpu-period"
    /// The sum of the pod's memory limits, in bytes.
    package static let memoryAnnotation = "io.kubernetes.cri.sandbox-memory"

    /// Container-type annotations that mark a pod's sandbox container (CRI containerd, CRI-O, dockershim).
    private static let sandboxMarkers = [
        ("io.kubernetes.cri.container-type", "sandbox"), ("io.kubernetes.cri-o.ContainerType", "sandbox"),
        ("io.kubernetes.docker.type", "podsandbox"),
    ]

    /// What the pod's workload asks for beyond the VM's base size.
    package struct Workload: Sendable, Equatable {
        /// CPUs, fractional (a 150 ms quota per 100 ms period is 1.5).
        package var cpus: Double
        /// Memory in MiB, rounded down.
        package var memoryMiB: UInt32

        /// A workload size.
        /// - Parameters:
        ///   - cpus: the CPUs.
        ///   - memoryMiB: the memory.
        package init(cpus: Double, memoryMiB: UInt32) {
            self.cpus = cpus
            self.memoryMiB = memoryMiB
        }
    }

    /// The sandbox's configuration.
    /// - Parameters:
    ///   - loaded: configuration.toml and its drop-ins.
    ///   - spec: the first container's OCI spec (the pod's sandbox container, or the lone container).
    ///   - host: the host's CPUs and memory, for the annotation limits.
    ///   - sandboxID: the sandbox, for messages.
    /// - Returns: the configuration every part of the sandbox (VM, agent, containers) uses.
    /// - Throws: `KataError(.invalidArgument)` naming a refused annotation and the key and file that allow it.
    package static func resolve(
        _ loaded: LoadedConfiguration, spec: OCISpec.Spec, host: HostResources, sandboxID: String
    ) throws(KataError) -> LoadedConfiguration {
        var result: LoadedConfiguration
        do {
            result = try loaded.applying(annotations: spec.annotations ?? [:], host: host)
        } catch {
            throw KataError(.invalidArgument, "sandbox \(sandboxID): \(error.message)")
        }
        if result.configuration.runtime.staticSandboxResourceMgmt {
            result.configuration.hypervisor.grow(by: workload(of: spec))
        }
        return result
    }

    /// The pod's size: containerd's sandbox annotations on a sandbox container, the container's own
    /// limits otherwise. A missing or unreadable value counts as 0, as in Go.
    /// - Parameter spec: the first container's spec.
    /// - Returns: the workload.
    package static func workload(of spec: OCISpec.Spec) -> Workload {
        let annotations = spec.annotations ?? [:]
        let isSandbox = sandboxMarkers.contains { annotations[$0.0] == $0.1 }
        if isSandbox {
            return workload(
                quota: annotations[cpuQuotaAnnotation].flatMap { Int64($0) },
                period: annotations[cpuPeriodAnnotation].flatMap { UInt64($0) },
                memory: annotations[memoryAnnotation].flatMap { Int64($0) })
        }
        let resources = spec.linux?.resources
        let cpu = resources?.cpu
        // Go counts a quota only together with its period.
        let hasBoth = cpu?.quota != nil && cpu?.period != nil
        return workload(
            quota: hasBoth ? cpu?.quota : nil, period: hasBoth ? cpu?.period : nil, memory: resources?.memory?.limit)
    }

    /// Go's `calculateVMResources`: quota/period CPUs when both are positive, bytes to whole MiB;
    /// a negative (unlimited) memory counts as none.
    private static func workload(quota: Int64?, period: UInt64?, memory: Int64?) -> Workload {
        var cpus = 0.0
        if let quota, let period, quota >= 0, period > 0 { cpus = Double(quota) / Double(period) }
        let mebibytes = max(0, memory ?? 0) / (1024 * 1024)
        return Workload(cpus: cpus, memoryMiB: UInt32(clamping: mebibytes))
    }
}

extension QEMUSettings {
    /// Static sizing: the base (`default_vcpus`, `default_memory`) plus the workload, and no room to
    /// grow, as Go sets `DefaultMaxVCPUs` to the boot count.
    mutating func grow(by workload: SandboxConfiguration.Workload) {
        defaultVCPUs += workload.cpus
        defaultMemoryMiB =
            defaultMemoryMiB.addingReportingOverflow(workload.memoryMiB).overflow
            ? .max : defaultMemoryMiB + workload.memoryMiB
        defaultMaxVCPUs = max(1, UInt32(defaultVCPUs.rounded(.up)))
        // QEMU refuses a boot size above maxmem, so the limit follows the sized memory.
        defaultMaxMemoryMiB = max(defaultMaxMemoryMiB, UInt64(defaultMemoryMiB))
    }
}
