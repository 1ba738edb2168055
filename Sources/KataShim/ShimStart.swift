// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import FoundationEssentials
package import KataError
import KataLinux
import SystemPackage

/// The `start` action: make sure a daemon serves this container's group and print its address.
/// Nothing but the address may reach stdout or stderr (containerd reads them as one pipe).
package enum ShimStart {
    /// What `start` decided.
    package enum Outcome: Sendable, Equatable {
        /// A new daemon was spawned with this pid.
        case spawned(address: ShimAddress, pid: Int32)
        /// An existing daemon (the pod's sandbox, or a live one for this id) serves the container.
        case reused(address: ShimAddress)

        /// The address to print.
        package var address: ShimAddress {
            switch self {
            case .spawned(let address, _), .reused(let address): address
            }
        }
    }

    /// Runs `start`: computes the group's socket, reuses a listening daemon or creates the
    /// listening socket and spawns the daemon (this executable, same flags, no action, the
    /// listener as descriptor 3, /dev/null as 0–2, a new session), then writes `address` and
    /// `shim.pid` into the bundle.
    /// - Parameters:
    ///   - arguments: the parsed command line.
    ///   - bundle: the bundle directory (containerd runs `start` in it).
    ///   - executable: the program to spawn as the daemon.
    ///   - environment: the daemon's environment.
    ///   - socketDirectory: where sockets live.
    /// - Returns: whether a daemon was spawned or an existing one reused, with the address.
    /// - Throws: `KataError` naming what failed.
    package static func run(
        _ arguments: ShimArguments, bundle: String, executable: String, environment: [String],
        socketDirectory: String = ShimAddress.defaultDirectory
    ) throws(KataError) -> Outcome {
        let role = try PodRole(bundle: bundle)
        let address = ShimAddress(
            containerdAddress: arguments.containerdAddress, namespace: arguments.namespace,
            groupID: role.groupID(ownID: arguments.id), directory: socketDirectory)
        if case .member = role {
            try writeAddress(address, bundle: bundle)
            return .reused(address: address)
        }
        do throws(Syscall.Error) {
            try FileSystem.mkdirAll(socketDirectory, mode: FilePermissions(rawValue: 0o711))
            let listener: FileDescriptor
            do throws(Syscall.Error) {
                listener = try UnixSocket.listen(path: address.path, backlog: 128, replacingExisting: false)
            } catch  where error.errno == .addressInUse {
                if UnixSocket.isAccepting(path: address.path) {
                    try writeAddressFile(address, bundle: bundle)
                    return .reused(address: address)
                }
                try FileSystem.remove(address.path)
                listener = try UnixSocket.listen(path: address.path, backlog: 128, replacingExisting: false)
            }
            defer { try? listener.close() }
            try FileSystem.setPermissions(address.path, 0o600)
            let null = try FileSystem.open("/dev/null", .readWrite)
            defer { try? null.close() }
            let pid = try Spawn.spawnSession(
                executable, arguments: [executable] + arguments.flags, environment: environment,
                descriptors: [null, null, null, listener])
            try FileSystem.writeFile("\(pid)", to: "\(bundle)/shim.pid")
            try writeAddressFile(address, bundle: bundle)
            return .spawned(address: address, pid: pid)
        } catch {
            throw KataError(.unknown, "start shim for \(arguments.id): \(error)")
        }
    }

    /// Writes `<bundle>/address` atomically and without a newline (containerd reads it verbatim).
    static func writeAddress(_ address: ShimAddress, bundle: String) throws(KataError) {
        do throws(Syscall.Error) {
            try writeAddressFile(address, bundle: bundle)
        } catch {
            throw KataError(.unknown, "write address file in \(bundle): \(error)")
        }
    }

    private static func writeAddressFile(_ address: ShimAddress, bundle: String) throws(Syscall.Error) {
        try FileSystem.writeFile(address.description, to: "\(bundle)/.address")
        try FileSystem.rename("\(bundle)/.address", to: "\(bundle)/address")
    }
}
