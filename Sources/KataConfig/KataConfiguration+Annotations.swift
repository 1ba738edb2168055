// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import FoundationEssentials

extension LoadedConfiguration {
    /// This configuration with the sandbox's `io.katacontainers.*` annotations applied (see
    /// `KataConfiguration.applying(annotations:host:)`); a refusal names the file to change.
    /// - Parameters:
    ///   - annotations: the sandbox container's OCI annotations.
    ///   - host: the host facts the vCPU limits are checked against.
    /// - Returns: the overridden configuration, with the same files and key locations.
    /// - Throws: `ConfigError` naming the annotation and the key (and file) that would allow it.
    package func applying(
        annotations: [String: String], host: HostResources
    ) throws(ConfigError)
        -> LoadedConfiguration
    {
        var result = self
        result.configuration = try configuration.applying(
            annotations: annotations, host: host, context: ConfigContext(mainFile: mainFile, origins: keyLocations))
        return result
    }
}

extension KataConfiguration {
    /// This configuration with a pod's `io.katacontainers.*` annotations applied, with Go's semantics,
    /// except that an annotation this runtime would not act on is refused rather than dropped.
    /// - Parameters:
    ///   - annotations: the sandbox's OCI annotations; keys outside Kata's prefixes are ignored.
    ///   - host: the host facts the vCPU limits are checked against.
    /// - Returns: the overridden configuration, validated again.
    /// - Throws: `ConfigError` naming the annotation and its value, e.g. one `enable_annotations` does not allow.
    package func applying(annotations: [String: String], host: HostResources) throws(ConfigError) -> KataConfiguration {
        try applying(annotations: annotations, host: host, context: ConfigContext(mainFile: nil, origins: [:]))
    }

    func applying(
        annotations: [String: String], host: HostResources, context: ConfigContext
    ) throws(ConfigError) -> KataConfiguration {
        var result = self
        for key in annotations.keys.sorted() {
            guard let value = annotations[key] else { continue }
            let before = Set(result.unsupportedInUse().map(\.setting.key))
            if key.hasPrefix(Annotations.hypervisorPrefix) {
                let suffix = String(key.dropFirst(Annotations.hypervisorPrefix.count))
                guard try Annotations.enabled(suffix, patterns: hypervisor.enableAnnotations) else {
                    let file = Annotations.file(of: "hypervisor.qemu.enable_annotations", context: context)
                    throw ConfigError(
                        key: key,
                        message:
                            "annotation \(key) is not enabled: add \"\(suffix)\" to enable_annotations in [hypervisor.qemu] of \(file) to allow it"
                    )
                }
                try result.hypervisor.apply(suffix: suffix, key: key, value: value, host: host, context: context)
            } else if key.hasPrefix(Annotations.runtimePrefix) {
                try result.runtime.apply(
                    suffix: String(key.dropFirst(Annotations.runtimePrefix.count)), key: key, value: value)
            } else if key.hasPrefix(Annotations.agentPrefix) {
                try result.agent.apply(
                    suffix: String(key.dropFirst(Annotations.agentPrefix.count)), key: key, value: value)
            } else if key == Annotations.vcpusPinning {
                result.runtime.enableVCPUsPinning = try Annotations.bool(key, value)
            } else if key == Annotations.configPath {
                throw Annotations.unsupported(key, detail: "name the file with the runtime's ConfigPath option instead")
            } else {
                continue
            }
            // The value parsed, but it would set a key this runtime does not act on.
            if let (setting, written) = result.unsupportedInUse().first(where: { !before.contains($0.setting.key) }) {
                throw Annotations.unsupported(
                    key, detail: "it sets \(setting.key) = \(written), which has no effect here (\(setting.reason))")
            }
        }
        try result.validate(context: ConfigContext(mainFile: nil, origins: [:]))
        return result
    }
}

extension RuntimeSettings {
    mutating func apply(suffix: String, key: String, value: String) throws(ConfigError) {
        switch suffix {
        case "disable_guest_seccomp": disableGuestSeccomp = try Annotations.bool(key, value)
        case "sandbox_cgroup_only": sandboxCgroupOnly = try Annotations.bool(key, value)
        case "enable_pprof": enablePprof = try Annotations.bool(key, value)
        case "disable_new_netns": disableNewNetns = try Annotations.bool(key, value)
        case "experimental_force_guest_pull": experimentalForceGuestPull = try Annotations.bool(key, value)
        case "create_container_timeout": createContainerTimeoutSeconds = try Annotations.unsigned(key, value)
        case "experimental":
            experimental = value.split(separator: " ").map(String.init)
        case "internetworking_model":
            guard let model = InternetworkingModel(rawValue: value == "default" ? "tcfilter" : value) else {
                throw ConfigError(
                    key: key, message: "Unknown network model specified in annotation \(key): \"\(value)\"")
            }
            internetworkingModel = model
        case "vfio_mode":
            guard let mode = VFIOMode(rawValue: value) else {
                throw ConfigError(key: key, message: "Unknown VFIO mode \"\(value)\" in annotation \(key)")
            }
            vfioMode = mode
        default:
            throw Annotations.unsupported(key)
        }
    }
}

extension AgentSettings {
    mutating func apply(suffix: String, key: String, value: String) throws(ConfigError) {
        switch suffix {
        case "kernel_modules":
            kernelModules = value.split(separator: ";").map { $0.trimmingBlanks }
                .filter { !$0.isEmpty }
        case "enable_tracing": enableTracing = try Annotations.bool(key, value)
        case "container_pipe_size": containerPipeSize = try Annotations.unsigned(key, value)
        case "cdh_api_timeout": cdhAPITimeoutSeconds = try Annotations.unsigned(key, value)
        case "policy":
            guard let data = Data(base64Encoded: value), let text = String(data: data, encoding: .utf8) else {
                throw Annotations.invalid(key, value, expected: "base64 of the policy text")
            }
            policy = text
        default:
            throw Annotations.unsupported(key)
        }
    }
}
