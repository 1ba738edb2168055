// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataError
import KataLinux
import Netlink

extension GuestNetwork {
    /// UpdateRoutes (spec §8): on-link routes first, then gateway routes (a gateway must be
    /// reachable when its route is added); each replaced in the main table with protocol boot.
    /// Existing routes stay; a route that exists already is not an error.
    /// - Parameter routes: the routes.
    /// - Throws: `KataError` naming the route that failed.
    func update(_ routes: [GuestRoute]) async throws(KataError) {
        let ordered = routes.filter { $0.gateway == nil } + routes.filter { $0.gateway != nil }
        try await run("UpdateRoutes") { socket throws(KataError) in
            for route in ordered {
                let operation = "UpdateRoutes: route \(route)"
                let link = try socket.link(named: route.device, for: operation)
                var entry = Netlink.Route(
                    family: route.family, destination: route.destination?.address,
                    destinationPrefix: route.destination?.prefixLength ?? 0, gateway: route.gateway,
                    outputIndex: link.index, scope: route.scope, flags: route.flags, mtu: route.mtu)
                switch route.source {
                case .prefix(let prefix):
                    entry.source = prefix.address
                    entry.sourcePrefix = prefix.prefixLength
                case .preferred(let address): entry.preferredSource = address
                case nil: break
                }
                do throws(Netlink.Error) {
                    try socket.replace(entry, linkName: link.name)
                } catch .kernel(_, .fileExists) {
                    continue
                } catch {
                    throw GuestNetwork.converted(error, operation)
                }
            }
        }
    }

    /// ListRoutes: the main table, with device names.
    /// - Returns: the routes.
    /// - Throws: `KataError` from netlink.
    func routes() async throws(KataError) -> [GuestRoute] {
        try await run("ListRoutes") { socket throws(KataError) in
            let (routes, links) = try socket.attempt("ListRoutes") { () throws(Netlink.Error) in
                (try socket.routes(), try socket.links())
            }
            let names = Dictionary(links.map { ($0.index, $0.name) }, uniquingKeysWith: { first, _ in first })
            return routes.map { route in
                GuestRoute(
                    family: route.family,
                    destination: route.destination.map {
                        GuestAddress(address: $0, prefixLength: route.destinationPrefix)
                    }, gateway: route.gateway,
                    device: route.outputIndex.flatMap { names[$0] } ?? "",
                    source: route.preferredSource.map { .preferred($0) }, scope: route.scope, flags: route.flags,
                    mtu: route.mtu)
            }
        }
    }

    /// AddARPNeighbors: each entry replaced on its link (state 0 means permanent).
    /// - Parameter neighbors: the entries.
    /// - Throws: `KataError` naming the entry that failed.
    func add(_ neighbors: [GuestNeighbor]) async throws(KataError) {
        try await run("AddARPNeighbors") { socket throws(KataError) in
            for neighbor in neighbors {
                let operation = "AddARPNeighbors: \(neighbor.address) on \(neighbor.device)"
                let link = try socket.link(named: neighbor.device, for: operation)
                try socket.attempt(operation) { () throws(Netlink.Error) in
                    try socket.replace(
                        .init(
                            index: link.index, address: neighbor.address, mac: neighbor.mac,
                            state: neighbor.state == 0 ? Netlink.neighborPermanent : neighbor.state,
                            flags: neighbor.flags),
                        linkName: link.name)
                }
            }
        }
    }
}
