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
    /// The pod's `privileged` (containerd lets only a privileged pod hold privileged containers).
    package var privileged = false
    /// Kubernetes' `hostNetwork`, `hostIPC` and `hostPID`: the namespaces shared with the node.
    package var hostNamespaces: Set<HostNamespace> = []

    /// A namespace a pod may share with the node.
    package enum HostNamespace: String, Sendable, CaseIterable {
        /// `hostNetwork`.
        case network = "hostNetwork"
        /// `hostIPC`.
        case ipc = "hostIPC"
        /// `hostPID`.
        case pid = "hostPID"
    }

    /// A pod named `name` with the given hostname, logging under `logDirectory`.
    package init(name: String, hostname: String, logDirectory: String) {
        self.name = name
        self.hostname = hostname
        self.logDirectory = logDirectory
    }

    /// The PID namespace mode the pod's containers get, as kubelet derives it.
    package var pidMode: Runtime_V1_NamespaceMode {
        hostNamespaces.contains(.pid) ? .node : sharesProcessNamespace ? .pod : .container
    }

    /// The namespace options of the pod and of each of its containers, as kubelet derives them.
    package var namespaceOptions: Runtime_V1_NamespaceOption {
        var options = Runtime_V1_NamespaceOption()
        options.network = hostNamespaces.contains(.network) ? .node : .pod
        options.ipc = hostNamespaces.contains(.ipc) ? .node : .pod
        options.pid = pidMode
        return options
    }

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
        config.linux.securityContext.namespaceOptions = namespaceOptions
        config.linux.securityContext.privileged = privileged
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
    /// `securityContext.capabilities.add`, without the `CAP_` prefix as Kubernetes spells them.
    package var capabilitiesAdded: [String] = []
    /// `securityContext.capabilities.drop`.
    package var capabilitiesDropped: [String] = []
    /// `securityContext.privileged`.
    package var privileged = false
    /// `securityContext.runAsUser`.
    package var runAsUser: Int64?
    /// `securityContext.seccompProfile`; nil leaves it unset (containerd 1.6: unconfined).
    package var seccomp: Runtime_V1_SecurityProfile?
    /// The deprecated `seccomp_profile_path` ("runtime/default", "docker/default", "localhost/<path>").
    package var seccompProfilePath = ""
    /// Volumes: host paths bound into the container, each with its Kubernetes mount propagation.
    package var mounts: [Runtime_V1_Mount] = []

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
        config.linux.securityContext.namespaceOptions = pod.namespaceOptions
        config.linux.securityContext.capabilities.addCapabilities = capabilitiesAdded
        config.linux.securityContext.capabilities.dropCapabilities = capabilitiesDropped
        config.linux.securityContext.privileged = privileged
        if let runAsUser { config.linux.securityContext.runAsUser.value = runAsUser }
        if let seccomp { config.linux.securityContext.seccomp = seccomp }
        config.linux.securityContext.seccompProfilePath = seccompProfilePath
        config.mounts = mounts
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
