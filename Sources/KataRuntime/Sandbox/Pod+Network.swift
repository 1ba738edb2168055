// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import AgentAPI
import KataConfig
import KataError
import KataLinux
import SystemPackage

extension Pod {
    /// The pod network attached on the host: the endpoints and their taps' descriptors, which
    /// are open until QEMU has inherited them.
    struct AttachedNetwork: Sendable {
        var endpoints: [NetworkEndpoint] = []
        var descriptors: [PodNetwork.Descriptors] = []

        /// The NICs for the command line and the descriptors QEMU inherits, numbered from 4 (after
        /// QMP's 3): per NIC its vhost-net descriptors, then its tap queues (spec §5.2).
        var commandLine: (nics: [VMCommandLine.NIC], inherited: [FileDescriptor]) {
            var nics: [VMCommandLine.NIC] = []
            var inherited: [FileDescriptor] = []
            for (endpoint, fds) in zip(endpoints, descriptors) {
                let first = QEMUDescriptors.first + Int32(inherited.count)
                let vhost = (0..<fds.vhost.count).map { first + Int32($0) }
                let taps = (0..<fds.taps.count).map { first + Int32(fds.vhost.count + $0) }
                inherited += fds.vhost + fds.taps
                nics.append(
                    .init(
                        netdevID: endpoint.netdevID, mac: endpoint.mac.description, tapDescriptors: taps,
                        vhostDescriptors: vhost))
            }
            return (nics, inherited)
        }

        /// Closes the shim's copies of the descriptors.
        mutating func closeDescriptors() {
            for fds in descriptors { fds.close() }
            descriptors = []
        }
    }

    /// Where QEMU's extra descriptors start: QMP's listener is 3.
    private enum QEMUDescriptors {
        static let first: Int32 = 4
    }

    /// Scans the netns of the first container's spec and bridges each veth to a tap (tcfilter),
    /// recording the plan in the state before touching the netns. Nothing is done without a netns
    /// path, with `internetworking_model = "none"` or with `disable_new_netns`.
    /// - Parameter namespace: the spec's network namespace path, if any.
    /// - Returns: the endpoints and their open descriptors.
    /// - Throws: `KataError` from the scan or set-up, or `.unimplemented` for `macvtap`.
    func attachNetwork(_ namespace: String?) async throws(KataError) -> AttachedNetwork {
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
    ///   - agent: the agent client.
    /// - Throws: `KataError` with the agent's status, naming the interface.
    func announceNetwork(_ endpoints: [NetworkEndpoint], agent: Grpc_AgentServiceClient) async throws(KataError) {
        for endpoint in endpoints {
            do {
                _ = try await agent.updateInterface(
                    .with { $0.interface = endpoint.interface }, options: .init(timeout: .seconds(30)))
            } catch {
                throw KataError.agent(error, rpc: "UpdateInterface", object: "interface \(endpoint.name)")
            }
        }
        let routes = endpoints.flatMap(\.agentRoutes)
        if !routes.isEmpty {
            do {
                _ = try await agent.updateRoutes(
                    .with { $0.routes = .with { $0.routes = routes } }, options: .init(timeout: .seconds(30)))
            } catch {
                throw KataError.agent(error, rpc: "UpdateRoutes", object: "sandbox \(sandboxID)")
            }
        }
        let neighbors = endpoints.flatMap(\.agentNeighbors)
        guard !neighbors.isEmpty else { return }
        do {
            _ = try await agent.addARPNeighbors(
                .with { $0.neighbors = .with { $0.arpneighbors = neighbors } }, options: .init(timeout: .seconds(30)))
        } catch {
            let converted = KataError.agent(error, rpc: "AddARPNeighbors", object: "sandbox \(sandboxID)")
            guard converted.code == .unimplemented else { throw converted }
            logger.warning("the agent does not implement AddARPNeighbors; neighbours not added")
        }
    }
}
