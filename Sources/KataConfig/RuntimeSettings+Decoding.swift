// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

extension RuntimeSettings {
    /// Keys from Kata 1.x and forks.
    static let obsoleteKeys: [String: String] = [
        "enable_cpu_memory_hotplug": "an openEuler 1.x key and ignored"
    ]

    /// Overwrites the fields whose keys the table holds.
    mutating func decode(_ r: inout SectionReader) throws(ConfigError) {
        try r.bool("enable_debug", &enableDebug)
        try r.bool("enable_tracing", &enableTracing)
        try r.choice("internetworking_model", &internetworkingModel, aliases: ["default": .tcfilter]) {
            "Unknown type \($0)"
        }
        try r.bool("disable_guest_seccomp", &disableGuestSeccomp)
        try r.bool("enable_vcpus_pinning", &enableVCPUsPinning)
        try r.optionalString("guest_selinux_label", &guestSELinuxLabel)
        try r.string("jaeger_endpoint", &jaegerEndpoint)
        try r.optionalString("jaeger_user", &jaegerUser)
        try r.optionalString("jaeger_password", &jaegerPassword)
        try r.bool("disable_new_netns", &disableNewNetns)
        try r.bool("sandbox_cgroup_only", &sandboxCgroupOnly)
        try r.bool("static_sandbox_resource_mgmt", &staticSandboxResourceMgmt)
        if let node = r.table["sandbox_bind_mounts"] {
            var entries: [String] = []
            try r.strings("sandbox_bind_mounts", &entries)
            var mounts: [SandboxBindMount] = []
            for entry in entries {
                guard let mount = SandboxBindMount(parsing: entry) else {
                    throw r.valueError(
                        "sandbox_bind_mounts", node,
                        "entry \"\(entry)\" must be an absolute path, optionally followed by :ro or :rw")
                }
                mounts.append(mount)
            }
            sandboxBindMounts = mounts
        }
        try r.choice("vfio_mode", &vfioMode) { "unknown vfio_mode \($0) (supported: vfio, guest-kernel)" }
        try r.bool("disable_guest_empty_dir", &disableGuestEmptyDir)
        try r.choice("emptydir_mode", &emptyDirMode) {
            "invalid emptydir_mode=\($0) (supported: shared-fs, block-encrypted, block-plain)"
        }
        try r.strings("experimental", &experimental)
        try r.bool("experimental_force_guest_pull", &experimentalForceGuestPull)
        try r.bool("enable_pprof", &enablePprof)
        try r.bool("keep_abnormal", &keepAbnormal)
        try r.unsigned("create_container_timeout", &createContainerTimeoutSeconds)
        if createContainerTimeoutSeconds == 0 { createContainerTimeoutSeconds = 60 }
        try r.string("dan_conf", &danConf)
        try r.string("kubelet_root_dir", &kubeletRootDir)
        try r.optionalString("pod_resource_api_sock", &podResourceAPISock)
    }
}

extension SandboxBindMount {
    /// Parses `/path`, `/path:ro` or `/path:rw`; nil for anything else.
    init?(parsing entry: String) {
        var path = Substring(entry)
        var readOnly = true
        if entry.hasSuffix(":ro") {
            path = path.dropLast(3)
        } else if entry.hasSuffix(":rw") {
            path = path.dropLast(3)
            readOnly = false
        }
        guard path.hasPrefix("/"), !path.contains(":") else { return nil }
        self.init(path: String(path), readOnly: readOnly)
    }
}
