// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataError

extension Sandbox {
    /// Creates the sandbox's host cgroups (recorded before use, so a crash cleanup removes them)
    /// and moves the shim into the one its VM processes belong to: QEMU and virtiofsd, started
    /// next, inherit it, so they are charged to the pod from their first page.
    /// - Parameters:
    ///   - cgroupsPath: the sandbox container's `linux.cgroupsPath`.
    ///   - sandboxCgroupOnly: `[runtime] sandbox_cgroup_only`.
    /// - Throws: `KataError` naming the cgroup that could not be made or joined.
    func enterHostCgroups(cgroupsPath: String?, sandboxCgroupOnly: Bool) throws(KataError) {
        let plan = try SandboxCgroupPlan.make(
            sandboxID: sandboxID, cgroupsPath: cgroupsPath, sandboxCgroupOnly: sandboxCgroupOnly)
        for path in plan.all {
            state.cgroups.append(path)
            try persist()
            try environment.hostCgroups.create(path)
        }
        cgroupMembership = try environment.hostCgroups.join(plan.processes)
        cgroupPlan = plan
        logger.info(
            "host cgroups", metadata: ["sandbox": "\(plan.sandbox)", "processes": "\(plan.processes)"])
    }

    /// With `sandbox_cgroup_only` off, moves the VM's vCPU threads (after boot and after each
    /// hot-plug) from the overhead cgroup into the sandbox cgroup, as Kata does, so the pod's
    /// cgroup accounts the guest's CPU time. Never throws: without it the pod still runs, its
    /// vCPUs accounted to the overhead cgroup, and the log says why.
    func placeVCPUThreads(_ vm: any VirtualMachine) async {
        guard let plan = cgroupPlan, plan.overhead != nil, let threads = vm as? any VCPUThreads else { return }
        do throws(KataError) {
            let ids = try await threads.vcpuThreadIDs()
            try environment.hostCgroups.addThreads(ids, to: plan.sandbox)
        } catch {
            logger.warning(
                "vCPU threads stay in the overhead cgroup",
                metadata: ["cgroup": "\(plan.sandbox)", "error": "\(error)"])
        }
    }

    /// Moves the shim back to where it was, so the cgroups can go once QEMU and virtiofsd have.
    /// Never throws: a failure is logged, and the removal that follows names what is left.
    func leaveHostCgroups() {
        cgroupPlan = nil
        guard let membership = cgroupMembership else { return }
        cgroupMembership = nil
        do throws(KataError) {
            try environment.hostCgroups.leave(to: membership)
        } catch {
            logger.warning("the shim could not leave its host cgroups", metadata: ["error": "\(error)"])
        }
    }
}
