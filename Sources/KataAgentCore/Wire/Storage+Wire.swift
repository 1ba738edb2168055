// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import AgentAPI
import KataError

// grpc.Storage (agent.proto), both ways. Not carried, as no agent code reads them:
// driver_options and fs_group.

extension Storage {
    /// A storage the host asks for.
    /// - Throws: `KataError(.invalidArgument)` for a driver this agent does not handle.
    init(_ wire: Grpc_Storage) throws(KataError) {
        guard let driver = Driver(rawValue: wire.driver) else {
            throw KataError(
                .invalidArgument,
                "storage at \(wire.mountPoint): unknown driver \"\(wire.driver)\"; this agent handles "
                    + Driver.allCases.map(\.rawValue).joined(separator: ", "))
        }
        self.init(
            driver: driver, source: wire.source, fstype: wire.fstype.nonEmpty, options: wire.options,
            mountPoint: wire.mountPoint, shared: wire.shared)
    }
}

extension Grpc_Storage {
    /// The wire form of a storage.
    init(_ storage: Storage) {
        self.init()
        driver = storage.driver.rawValue
        source = storage.source
        fstype = storage.fstype ?? ""
        options = storage.options
        mountPoint = storage.mountPoint
        shared = storage.shared
    }
}

extension [Storage] {
    /// The storages of a request.
    /// - Throws: `KataError(.invalidArgument)` naming the first storage with an unknown driver.
    init(_ wire: [Grpc_Storage]) throws(KataError) {
        self = try wire.map { (storage) throws(KataError) in try Storage(storage) }
    }
}
