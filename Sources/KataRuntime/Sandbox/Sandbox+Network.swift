// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataConfig
import KataError
import KataLinux
import SystemPackage

extension Sandbox {
    /// The pod network attached on the host: the endpoints and their taps' descriptors, which
    /// are open until the hypervisor has inherited them.
    struct AttachedNetwork: Sendable {
        var endpoints: [NetworkEndpoint] = []
        var descriptors: [PodNetwork.Descriptors] = []

        /// The NICs to cold-plug, with the descriptors behind them.
        var interfaces: [VMNetworkInterface] {
            zip(endpoints, descriptors).map { endpoint, fds in
                VMNetworkInterface(
                    netdevID: endpoint.netdevID, mac: endpoint.mac.description, taps: fds.taps, vhost: fds.vhost)
            }
        }

        /// Closes the shim's copies of the descriptors; idempotent.
        mutating func closeDescriptors() {
            for fds in descriptors { fds.close() }
            descriptors = []
        }
    }

    /// Scans the netns of the first container's spec and bridges each veth to a tap (tcfilter),
    /// recording the plan in the state before touching the netns. Nothing is done without a netns
    /// path, with `internetworking_model = "none"` or with `disable_new_netns`.
    /// - Parameters:
    ///   - namespace: the spec's network namespace path, if any.
    ///   - loaded: the configuration.
    /// - Returns: the endpoints and their open descriptors.
    /// - Throws: `KataError` from the scan or set-up, or `.unimplemented` for `macvtap`.
    func attachNetwork(_ namespace: String?, loaded: LoadedConfiguration) async throws(KataError) -> AttachedNetwork {
        let runtime = loaded.configuration.runtime
        guard let namespace, runtime.internetworkingModel != .none, !runtime.disableNewNetns else {
            return AttachedNetwork()
        }
        let endpoints = try await PodNetwork.scan(namespace: namespace)
        guard !endpoints.isEmpty else { return AttachedNetwork() }
        guard runtime.internetworkingModel == .tcfilter else {
            throw KataError(
                .unimplemented,
                "sandbox \(sandboxID): internetworking_model = \"\(runtime.internetworkingModel.rawValue)\" is not "
                    + "supported yet; set internetworking_model = \"tcfilter\" in [runtime] of "
                    + loaded.file(settingKey: "runtime.internetworking_model"))
        }
        state.network = NetworkState(
            namespacePath: namespace, links: endpoints.map { .init(veth: $0.name, tap: $0.tapName) })
        try persist()
        let vhostNet = !loaded.configuration.hypervisor.disableVhostNet && FileSystem.exists("/dev/vhost-net")
        let descriptors = try await PodNetwork.connect(endpoints, namespace: namespace, vhostNet: vhostNet)
        logger.info(
            "pod network attached",
            metadata: ["netns": "\(namespace)", "interfaces": "\(endpoints.map(\.name))", "vhost": "\(vhostNet)"])
        return AttachedNetwork(endpoints: endpoints, descriptors: descriptors)
    }

    /// Tells the agent about the pod's interfaces (spec §9.1 step 4): UpdateInterface for each,
    /// then all routes in one UpdateRoutes, then AddARPNeighbors (an agent without it is fine).
    /// - Parameters:
    ///   - endpoints: the attached endpoints.
    ///   - agent: the agent.
    /// - Throws: `KataError` with the agent's status, naming the interface.
    func announceNetwork(_ endpoints: [NetworkEndpoint], agent: any NetworkAgent) async throws(KataError) {
        for endpoint in endpoints {
            try await agent.updateInterface(endpoint.guestInterface)
        }
        let routes = endpoints.flatMap(\.guestRoutes)
        if !routes.isEmpty {
            try await agent.updateRoutes(routes)
        }
        let neighbors = endpoints.flatMap(\.guestNeighbors)
        guard !neighbors.isEmpty else { return }
        do {
            try await agent.addARPNeighbors(neighbors)
        } catch  where error.code == .unimplemented {
            logger.warning("the agent does not implement AddARPNeighbors; neighbours not added")
        }
    }
}
