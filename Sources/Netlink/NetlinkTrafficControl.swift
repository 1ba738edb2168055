// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

extension Netlink {
    /// A qdisc or filter as RTM_GETQDISC / RTM_GETTFILTER report it.
    package struct TrafficControlEntry: Sendable, Equatable {
        /// The link's index.
        package var index: Int32
        /// `tcm_handle`.
        package var handle: UInt32
        /// `tcm_parent`.
        package var parent: UInt32
        /// `TCA_KIND` (`ingress`, `u32`, `noqueue`…).
        package var kind: String

        static func parse(_ payload: ArraySlice<UInt8>) -> TrafficControlEntry? {
            guard payload.count >= 20 else { return nil }
            let start = payload.startIndex
            let attributes = Netlink.attributes(payload[(start + 20)...])
            return TrafficControlEntry(
                index: Int32(bitPattern: payload.integer(UInt32.self, at: start + 4)),
                handle: payload.integer(UInt32.self, at: start + 8),
                parent: payload.integer(UInt32.self, at: start + 12),
                kind: attributes[1]?.netlinkString ?? "")
        }
    }
}

extension Netlink.Message {
    /// `struct tcmsg` (20 bytes).
    static func trafficControlHeader(index: Int32, handle: UInt32, parent: UInt32, info: UInt32) -> [UInt8] {
        var writer = ByteWriter()
        writer.append([0, 0])  // AF_UNSPEC, padding
        writer.append(UInt16(0))
        writer.append(index)
        writer.append(handle)
        writer.append(parent)
        writer.append(info)
        return writer.bytes
    }

    /// `tc qdisc add dev <index> ingress`: handle ffff:, parent TC_H_INGRESS, kind `ingress`.
    /// - Parameter index: the link.
    /// - Returns: the request.
    package static func addIngressQdisc(index: Int32) -> Self {
        var message = Self(
            type: Netlink.newQdisc, flags: Netlink.flagCreate | Netlink.flagExclusive,
            header: trafficControlHeader(
                index: index, handle: Netlink.ingressHandle, parent: Netlink.ingressParent, info: 0))
        message.append([.init(1, string: "ingress")])
        return message
    }

    /// `tc qdisc del dev <index> ingress`.
    /// - Parameter index: the link.
    /// - Returns: the request.
    package static func deleteIngressQdisc(index: Int32) -> Self {
        Self(
            type: Netlink.deleteQdiscType, flags: 0,
            header: trafficControlHeader(
                index: index, handle: Netlink.ingressHandle, parent: Netlink.ingressParent, info: 0))
    }

    /// `tc filter add dev <index> parent ffff: protocol all u32 match u8 0 0 action mirred egress
    /// redirect dev <target>`: one match-all key (value 0, mask 0) with TC_U32_TERMINAL, and a
    /// mirred action TCA_EGRESS_REDIR to `target` with verdict TC_ACT_STOLEN, encoded as iproute2
    /// encodes it.
    /// - Parameters:
    ///   - index: the link whose ingress is redirected.
    ///   - target: the link it goes out of.
    /// - Returns: the request.
    package static func addRedirectFilter(index: Int32, to target: Int32) -> Self {
        // Priority 0 lets the kernel pick one; ETH_P_ALL in network order.
        let protocolAll = UInt32(UInt16(0x0003).bigEndian)
        var message = Self(
            type: Netlink.newFilter, flags: Netlink.flagCreate | Netlink.flagExclusive,
            header: trafficControlHeader(index: index, handle: 0, parent: Netlink.ingressHandle, info: protocolAll))
        var parameters = ByteWriter()
        parameters.append(UInt32(0))  // index
        parameters.append(UInt32(0))  // capab
        parameters.append(Int32(4))  // action: TC_ACT_STOLEN
        parameters.append(Int32(0))  // refcnt
        parameters.append(Int32(0))  // bindcnt
        parameters.append(Int32(1))  // eaction: TCA_EGRESS_REDIR
        parameters.append(UInt32(bitPattern: target))
        let mirred = Netlink.Attribute(
            1,
            nested: [
                .init(1, string: "mirred"),  // TCA_ACT_KIND
                .init(2 | 0x8000, nested: [.init(2, bytes: parameters.bytes)]),  // TCA_ACT_OPTIONS, TCA_MIRRED_PARMS
            ])
        var selector = ByteWriter()
        selector.append([1, 0, 1, 0])  // flags TC_U32_TERMINAL, offshift, nkeys 1, padding
        selector.append([UInt8](repeating: 0, count: 12))  // offmask, off, offoff, hoff, hmask
        selector.append([UInt8](repeating: 0, count: 16))  // key: mask 0, value 0, off 0, offmask 0
        message.append([
            .init(1, string: "u32"),
            // TCA_OPTIONS: TCA_U32_ACT, then TCA_U32_SEL, in iproute2's order.
            .init(2, nested: [.init(7, nested: [mirred]), .init(5, bytes: selector.bytes)]),
        ])
        return message
    }

    /// `tc filter del dev <index> parent <parent>`: every filter under that parent.
    /// - Parameters:
    ///   - index: the link.
    ///   - parent: the parent handle (ffff: for ingress).
    /// - Returns: the request.
    package static func deleteFilters(index: Int32, parent: UInt32) -> Self {
        Self(
            type: Netlink.deleteFilterType, flags: 0,
            header: trafficControlHeader(index: index, handle: 0, parent: parent, info: 0))
    }

    /// RTM_GETQDISC for every qdisc.
    package static var qdiscDump: Self {
        Self(
            type: Netlink.getQdisc, flags: Netlink.flagDump,
            header: trafficControlHeader(index: 0, handle: 0, parent: 0, info: 0))
    }

    /// RTM_GETTFILTER for the filters of link `index` under `parent`.
    package static func filterDump(index: Int32, parent: UInt32) -> Self {
        Self(
            type: Netlink.getFilter, flags: Netlink.flagDump,
            header: trafficControlHeader(index: index, handle: 0, parent: parent, info: 0))
    }
}

extension Netlink.Session {
    /// Adds an ingress qdisc to a link.
    /// - Parameter link: the link.
    /// - Throws: ``Netlink/Error/kernel(operation:errno:)``; `EEXIST` when it has one.
    package func addIngressQdisc(_ link: Netlink.Link) throws(Netlink.Error) {
        try execute(.addIngressQdisc(index: link.index), operation: "add ingress qdisc to \(link.name)")
    }

    /// Deletes a link's ingress qdisc and with it its filters.
    /// - Parameter link: the link.
    /// - Throws: ``Netlink/Error/kernel(operation:errno:)``; `EINVAL`/`ENOENT` when it has none.
    package func deleteIngressQdisc(_ link: Netlink.Link) throws(Netlink.Error) {
        try execute(.deleteIngressQdisc(index: link.index), operation: "delete ingress qdisc of \(link.name)")
    }

    /// Redirects everything arriving on `link` out of `target` (u32 match-all, mirred egress redirect).
    /// - Parameters:
    ///   - link: the link whose ingress is redirected; it needs an ingress qdisc.
    ///   - target: where packets go.
    /// - Throws: ``Netlink/Error/kernel(operation:errno:)`` naming both links.
    package func addRedirectFilter(from link: Netlink.Link, to target: Netlink.Link) throws(Netlink.Error) {
        try execute(
            .addRedirectFilter(index: link.index, to: target.index),
            operation: "add tc redirect filter from \(link.name) to \(target.name)")
    }

    /// Deletes every filter of a link's ingress qdisc.
    /// - Parameter link: the link.
    /// - Throws: ``Netlink/Error/kernel(operation:errno:)``.
    package func deleteIngressFilters(_ link: Netlink.Link) throws(Netlink.Error) {
        try execute(
            .deleteFilters(index: link.index, parent: Netlink.ingressHandle),
            operation: "delete ingress filters of \(link.name)")
    }

    /// The qdiscs of a link.
    /// - Parameter link: the link.
    /// - Returns: its qdiscs.
    /// - Throws: ``Netlink/Error``.
    package func qdiscs(of link: Netlink.Link) throws(Netlink.Error) -> [Netlink.TrafficControlEntry] {
        try dump(.qdiscDump, type: 36, operation: "list qdiscs").compactMap(Netlink.TrafficControlEntry.parse)
            .filter { $0.index == link.index }
    }

    /// The filters of a link's ingress qdisc (the u32 hash tables appear as entries too).
    /// - Parameter link: the link.
    /// - Returns: the filters under `ffff:`.
    /// - Throws: ``Netlink/Error``.
    package func ingressFilters(of link: Netlink.Link) throws(Netlink.Error) -> [Netlink.TrafficControlEntry] {
        try dump(
            .filterDump(index: link.index, parent: Netlink.ingressHandle), type: 44,
            operation: "list ingress filters of \(link.name)"
        ).compactMap(Netlink.TrafficControlEntry.parse)
    }
}
