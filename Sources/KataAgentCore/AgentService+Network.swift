// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import AgentAPI
import SwiftProtobuf
import TTRPC

extension AgentService {
    func updateInterface(
        _ request: Grpc_UpdateInterfaceRequest, context: TTRPCCallContext
    ) async throws -> Types_Interface {
        try await network.update(try GuestInterface(request.interface))
        logger.info("interface configured", metadata: ["name": "\(request.interface.name)"])
        return request.interface
    }

    func updateRoutes(
        _ request: Grpc_UpdateRoutesRequest, context: TTRPCCallContext
    ) async throws -> Grpc_Routes {
        var routes: [GuestRoute] = []
        for route in request.routes.routes { routes.append(try GuestRoute(route)) }
        try await network.update(routes)
        let table = try await network.routes()
        return .with { $0.routes = table.map(\.wire) }
    }

    func listInterfaces(
        _ request: Grpc_ListInterfacesRequest, context: TTRPCCallContext
    ) async throws -> Grpc_Interfaces {
        let interfaces = try await network.interfaces()
        return .with { $0.interfaces = interfaces.map(\.wire) }
    }

    func listRoutes(_ request: Grpc_ListRoutesRequest, context: TTRPCCallContext) async throws -> Grpc_Routes {
        let routes = try await network.routes()
        return .with { $0.routes = routes.map(\.wire) }
    }

    func addARPNeighbors(
        _ request: Grpc_AddARPNeighborsRequest, context: TTRPCCallContext
    ) async throws -> SwiftProtobuf.Google_Protobuf_Empty {
        var neighbors: [GuestNeighbor] = []
        for neighbor in request.neighbors.arpneighbors { neighbors.append(try GuestNeighbor(neighbor)) }
        try await network.add(neighbors)
        return .init()
    }
}
