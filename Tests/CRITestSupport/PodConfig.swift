// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

/// A pod as kubelet describes it to RunPodSandbox, with the few knobs the CRI suite turns.
package struct PodSpec: Sendable {
    /// The pod's name (metadata.name); unique per run so leftovers of an earlier run never clash.
    package var name: String
    /// The pod's namespace (metadata.namespace), as Kubernetes' namespace.
    package var namespace = "kata-test"
    /// The UTS hostname and /etc/hostname.
    package var hostname: String
    /// Where containerd writes each container's CRI log (`log_path` is relative to it).
    package var logDirectory: String
    /// The pod's /etc/resolv.conf, as kubelet passes the cluster DNS.
    package var dnsServers: [String] = []
    /// The resolv.conf search list.
    package var dnsSearches: [String] = []
    /// The resolv.conf options.
    package var dnsOptions: [String] = []
    /// Kubernetes' `shareProcessNamespace`: one PID namespace for the pod's containers.
    package var sharesProcessNamespace = false
    /// The pod's cgroup parent (kubelet's `/kubepods/...`); containerd puts the containers under it.
    package var cgroupParent = ""
    /// Pod annotations (the kata handler passes `io.katacontainers.*` ones to the shim).
    package var annotations: [String: String] = [:]

    /// A pod named `name` with the given hostname, logging under `logDirectory`.
    package init(name: String, hostname: String, logDirectory: String) {
        self.name = name
        self.hostname = hostname
        self.logDirectory = logDirectory
    }

    /// The PID namespace mode the pod's containers get, as kubelet derives it.
    package var pidMode: Runtime_V1_NamespaceMode { sharesProcessNamespace ? .pod : .container }

    /// The RunPodSandbox config (also the `sandbox_config` of each CreateContainer).
    package var config: Runtime_V1_PodSandboxConfig {
        var config = Runtime_V1_PodSandboxConfig()
        config.metadata.name = name
        config.metadata.namespace = namespace
        config.metadata.uid = "uid-\(name)"
        config.hostname = hostname
        config.logDirectory = logDirectory
        config.dnsConfig.servers = dnsServers
        config.dnsConfig.searches = dnsSearches
        config.dnsConfig.options = dnsOptions
        config.labels = ["io.kubernetes.pod.name": name, "io.kubernetes.pod.namespace": namespace]
        config.annotations = annotations
        config.linux.cgroupParent = cgroupParent
        config.linux.securityContext.namespaceOptions.network = .pod
        config.linux.securityContext.namespaceOptions.ipc = .pod
        config.linux.securityContext.namespaceOptions.pid = pidMode
        return config
    }
}

/// A container as kubelet describes it to CreateContainer.
package struct ContainerSpec: Sendable {
    /// The container's name in its pod (metadata.name).
    package var name: String
    /// The image reference (already present in the runtime: the suite never pulls).
    package var image: String
    /// The process: `command` replaces the image's entrypoint, as a pod's `command:` does.
    package var command: [String]
    /// Environment variables.
    package var environment: [String: String] = [:]
    /// The memory limit in bytes (0: none).
    package var memoryLimit: Int64 = 0
    /// The CFS quota and period in microseconds (0: none).
    package var cpuQuota: Int64 = 0
    /// The CFS period in microseconds.
    package var cpuPeriod: Int64 = 0

    /// A container named `name` running `command` from `image`.
    package init(name: String, image: String, command: [String]) {
        self.name = name
        self.image = image
        self.command = command
    }

    /// The CRI log path, relative to the pod's log directory.
    package var logPath: String { "\(name).log" }

    /// The CreateContainer config for a container of `pod`.
    package func config(in pod: PodSpec) -> Runtime_V1_ContainerConfig {
        var config = Runtime_V1_ContainerConfig()
        config.metadata.name = name
        config.image.image = image
        config.command = command
        config.envs = environment.sorted { $0.key < $1.key }.map { key, value in
            var variable = Runtime_V1_KeyValue()
            variable.key = key
            variable.value = value
            return variable
        }
        config.logPath = logPath
        config.labels = ["io.kubernetes.container.name": name]
        config.linux.resources = resources
        config.linux.securityContext.namespaceOptions.network = .pod
        config.linux.securityContext.namespaceOptions.ipc = .pod
        config.linux.securityContext.namespaceOptions.pid = pod.pidMode
        return config
    }

    /// The container's resources as CRI carries them (cpu_shares as kubelet's default 2 when unset).
    package var resources: Runtime_V1_LinuxContainerResources {
        var resources = Runtime_V1_LinuxContainerResources()
        resources.memoryLimitInBytes = memoryLimit
        resources.cpuQuota = cpuQuota
        resources.cpuPeriod = cpuPeriod
        resources.cpuShares = 2
        return resources
    }
}
