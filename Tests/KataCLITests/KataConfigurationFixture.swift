// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataConfig

/// Configurations the tests load instead of a file.
enum KataConfigurationFixture {
    /// Code defaults with TCG, as this project's build hosts need.
    static var tcg: KataConfiguration {
        var configuration = KataConfiguration()
        configuration.hypervisor.accelerator = .tcg
        return configuration
    }

    /// A configuration with non-default values in every table `env` prints.
    static var custom: KataConfiguration {
        var configuration = KataConfiguration()
        configuration.hypervisor.kernel = "/usr/share/kata-containers/vmlinuz-6.1.container"
        configuration.hypervisor.initrd = "/usr/share/kata-containers/kata-containers-initrd.img"
        configuration.hypervisor.accelerator = .tcg
        configuration.hypervisor.kernelParams = ["cgroup_no_v1=all", "systemd.unified_cgroup_hierarchy=1"]
        configuration.hypervisor.enableAnnotations = ["enable_iommu", "kernel_params"]
        configuration.hypervisor.enableDebug = true
        configuration.agent.enableDebug = true
        configuration.agent.debugConsoleEnabled = true
        configuration.runtime.enableDebug = true
        configuration.runtime.sandboxCgroupOnly = true
        return configuration
    }
}
