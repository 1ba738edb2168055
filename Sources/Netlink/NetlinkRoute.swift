// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

extension Netlink {
    /// A route (`struct rtmsg` and its attributes).
    package struct Route: Sendable, Equatable, CustomStringConvertible {
        /// The family.
        package var family: IPAddress.Family
        /// The destination; nil for the default route.
        package var destination: IPAddress?
        /// The destination prefix length (0 for default).
        package var destinationPrefix: UInt8
        /// A source prefix (`from` in `ip route`), rarely set.
        package var source: IPAddress?
        /// The source prefix length.
        package var sourcePrefix: UInt8
        /// The preferred source address (`src`).
        package var preferredSource: IPAddress?
        /// The next hop; nil for an on-link route.
        package var gateway: IPAddress?
        /// The output link's index.
        package var outputIndex: Int32?
        /// The table (254 main).
        package var table: UInt32
        /// `RTPROT_*` (2 kernel, 3 boot, 4 static).
        package var routeProtocol: UInt8
        /// `RT_SCOPE_*`.
        package var scope: UInt8
        /// `RTN_*` (1 unicast, 2 local…).
        package var type: UInt8
        /// `RTNH_F_*` flags (4 onlink).
        package var flags: UInt32
        /// `RTAX_MTU`, nil when unset.
        package var mtu: UInt32?

        /// A route; defaults are a unicast route in the main table, protocol boot.
        package init(
            family: IPAddress.Family, destination: IPAddress? = nil, destinationPrefix: UInt8 = 0,
            source: IPAddress? = nil, sourcePrefix: UInt8 = 0, preferredSource: IPAddress? = nil,
            gateway: IPAddress? = nil, outputIndex: Int32? = nil, table: UInt32 = Netlink.mainTable,
            routeProtocol: UInt8 = Netlink.protocolBoot, scope: UInt8 = 0, type: UInt8 = Netlink.routeUnicast,
            flags: UInt32 = 0, mtu: UInt32? = nil
        ) {
            self.family = family
            self.destination = destination
            self.destinationPrefix = destinationPrefix
            self.source = source
            self.sourcePrefix = sourcePrefix
            self.preferredSource = preferredSource
            self.gateway = gateway
            self.outputIndex = outputIndex
            self.table = table
            self.routeProtocol = routeProtocol
            self.scope = scope
            self.type = type
            self.flags = flags
            self.mtu = mtu
        }

        /// `10.0.0.0/24 via 10.0.0.1 dev #2`, `default via …`.
        package var description: String {
            var text = destination.map { "\($0)/\(destinationPrefix)" } ?? "default"
            if let gateway { text += " via \(gateway)" }
            if let outputIndex { text += " dev #\(outputIndex)" }
            if let preferredSource { text += " src \(preferredSource)" }
            return text
        }

        static func parse(_ payload: ArraySlice<UInt8>) -> Route? {
            guard payload.count >= 12, let family = IPAddress.Family(rawValue: payload[payload.startIndex]) else {
                return nil
            }
            let start = payload.startIndex
            let attributes = Netlink.attributes(payload[(start + 12)...])
            let word = { (type: UInt16) -> UInt32? in
                attributes[type].map { $0.integer(UInt32.self, at: $0.startIndex) }
            }
            let mtu = attributes[8].flatMap { Netlink.attributes($0)[2] }.map {
                $0.integer(UInt32.self, at: $0.startIndex)
            }
            return Route(
                family: family, destination: attributes[1].flatMap { IPAddress(bytes: $0) },
                destinationPrefix: payload[start + 1], source: attributes[2].flatMap { IPAddress(bytes: $0) },
                sourcePrefix: payload[start + 2], preferredSource: attributes[7].flatMap { IPAddress(bytes: $0) },
                gateway: attributes[5].flatMap { IPAddress(bytes: $0) },
                outputIndex: word(4).map { Int32(bitPattern: $0) },
                table: word(15) ?? UInt32(payload[start + 4]), routeProtocol: payload[start + 5],
                scope: payload[start + 6], type: payload[start + 7], flags: payload.integer(UInt32.self, at: start + 8),
                mtu: mtu)
        }
    }
}

extension Netlink.Message {
    /// `struct rtmsg` (12 bytes).
    static func routeHeader(_ route: Netlink.Route) -> [UInt8] {
        var writer = ByteWriter()
        let table = route.table < 256 ? UInt8(route.table) : 252  // RT_TABLE_COMPAT, with RTA_TABLE
        writer.append([
            route.family.rawValue, route.destinationPrefix, route.sourcePrefix, 0, table, route.routeProtocol,
            route.scope, route.type,
        ])
        writer.append(route.flags)
        return writer.bytes
    }

    /// RTM_GETROUTE for every route of every family and table.
    package static var routeDump: Self {
        var writer = ByteWriter()
        writer.append([UInt8](repeating: 0, count: 8))
        writer.append(UInt32(0))
        return Self(type: Netlink.getRoute, flags: Netlink.flagDump, header: writer.bytes)
    }

    /// RTM_NEWROUTE with NLM_F_CREATE|NLM_F_REPLACE (`ip route replace`).
    /// - Parameter route: the route.
    /// - Returns: the request.
    package static func replaceRoute(_ route: Netlink.Route) -> Self {
        var message = Self(
            type: Netlink.newRoute, flags: Netlink.flagCreate | Netlink.flagReplace, header: routeHeader(route))
        message.append(routeAttributes(route))
        return message
    }

    /// RTM_DELROUTE.
    /// - Parameter route: the route.
    /// - Returns: the request.
    package static func deleteRoute(_ route: Netlink.Route) -> Self {
        var message = Self(type: Netlink.deleteRouteType, flags: 0, header: routeHeader(route))
        message.append(routeAttributes(route))
        return message
    }

    private static func routeAttributes(_ route: Netlink.Route) -> [Netlink.Attribute] {
        var attributes: [Netlink.Attribute] = []
        if let destination = route.destination { attributes.append(.init(1, bytes: destination.bytes)) }
        if let source = route.source { attributes.append(.init(2, bytes: source.bytes)) }
        if let outputIndex = route.outputIndex { attributes.append(.init(4, uint32: UInt32(bitPattern: outputIndex))) }
        if let gateway = route.gateway { attributes.append(.init(5, bytes: gateway.bytes)) }
        if let preferredSource = route.preferredSource { attributes.append(.init(7, bytes: preferredSource.bytes)) }
        if let mtu = route.mtu { attributes.append(.init(8, nested: [.init(2, uint32: mtu)])) }
        if route.table >= 256 { attributes.append(.init(15, uint32: route.table)) }
        return attributes
    }
}

extension Netlink.Session {
    /// The routes of `table` (every family).
    /// - Parameter table: the table, main by default.
    /// - Returns: the routes, in the kernel's order.
    /// - Throws: ``Netlink/Error``.
    package func routes(table: UInt32 = Netlink.mainTable) throws(Netlink.Error) -> [Netlink.Route] {
        try dump(.routeDump, type: Netlink.newRoute, operation: "list routes").compactMap(Netlink.Route.parse)
            .filter { $0.table == table }
    }

    /// Adds or replaces a route.
    /// - Parameters:
    ///   - route: the route.
    ///   - linkName: the output link's name, for the error.
    /// - Throws: ``Netlink/Error/kernel(operation:errno:)`` naming the route.
    package func replace(_ route: Netlink.Route, linkName: String?) throws(Netlink.Error) {
        let device = linkName.map { " dev \($0)" } ?? ""
        try execute(.replaceRoute(route), operation: "add route \(route)\(device)")
    }

    /// Deletes a route.
    /// - Parameter route: the route.
    /// - Throws: ``Netlink/Error/kernel(operation:errno:)`` naming the route.
    package func delete(_ route: Netlink.Route) throws(Netlink.Error) {
        try execute(.deleteRoute(route), operation: "delete route \(route)")
    }
}
