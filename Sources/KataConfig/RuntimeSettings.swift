// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

/// `[runtime]`.
package struct RuntimeSettings: Sendable, Equatable {
    /// `enable_debug`.
    package var enableDebug = false
    /// `enable_tracing`.
    package var enableTracing = false
    /// `internetworking_model`.
    package var internetworkingModel = InternetworkingModel.tcfilter
    /// `disable_guest_seccomp`.
    package var disableGuestSeccomp = true
    /// `disable_new_netns`.
    package var disableNewNetns = false
    /// `sandbox_cgroup_only`.
    package var sandboxCgroupOnly = false
    /// `static_sandbox_resource_mgmt`.
    package var staticSandboxResourceMgmt = false
    /// `guest_selinux_label`.
    package var guestSELinuxLabel: String?
    /// `experimental`: feature names.
    package var experimental: [String] = []
    /// `enable_vcpus_pinning`.
    package var enableVCPUsPinning = false
    /// `jaeger_endpoint`.
    package var jaegerEndpoint = "http://localhost:14268/api/traces"
    /// `jaeger_user`.
    package var jaegerUser: String?
    /// `jaeger_password`.
    package var jaegerPassword: String?
    /// `sandbox_bind_mounts`, symlinks resolved.
    package var sandboxBindMounts: [SandboxBindMount] = []
    /// `vfio_mode`.
    package var vfioMode = VFIOMode.guestKernel
    /// `disable_guest_empty_dir`.
    package var disableGuestEmptyDir = false
    /// `emptydir_mode`.
    package var emptyDirMode = EmptyDirMode.sharedFS
    /// `experimental_force_guest_pull`.
    package var experimentalForceGuestPull = false
    /// `enable_pprof`.
    package var enablePprof = false
    /// `keep_abnormal` (runtime-rs): a sandbox whose agent stops answering its health check keeps
    /// its VM, for debugging, instead of being stopped.
    package var keepAbnormal = false
    /// `create_container_timeout` in seconds; 0 in the file means 60.
    package var createContainerTimeoutSeconds: UInt32 = 60
    /// `dan_conf`: directory of per-sandbox network descriptions.
    package var danConf = "/run/kata-containers/dans"
    /// `kubelet_root_dir`.
    package var kubeletRootDir = "/var/lib/kubelet"
    /// `pod_resource_api_sock`: kubelet's PodResources socket, used for VFIO cold plug.
    package var podResourceAPISock: String?

    /// Kata's code defaults.
    package init() {}
}

/// One `sandbox_bind_mounts` entry: `/path`, `/path:ro` or `/path:rw`.
package struct SandboxBindMount: Sendable, Equatable {
    /// The host path, symlinks resolved.
    package var path: String
    /// Whether the guest sees it read-only; entries without a suffix are read-only.
    package var readOnly: Bool

    /// A bind mount.
    package init(path: String, readOnly: Bool = true) {
        self.path = path
        self.readOnly = readOnly
    }
}
