// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataError
import KataLinux
import Netlink

/// The guest's network configuration as the host announces it (kata-agent spec §8): interfaces
/// found by MAC and configured, routes and neighbours replaced, and listings of both.
///
/// Every operation runs on a fresh thread (``NetworkNamespace/perform(at:_:)``) with its own
/// netlink socket, so the agent's cooperative threads never wait on the kernel and tests can aim
/// the same code at a scratch namespace.
package struct GuestNetwork: Sendable {
    /// The network namespace to configure; nil for the agent's own (the VM's).
    package let namespace: String?
    /// How long UpdateInterface waits for a link with the announced MAC to appear.
    package let linkWait: Duration

    /// The configuration of `namespace`.
    /// - Parameters:
    ///   - namespace: a netns file, or nil for the agent's own namespace.
    ///   - linkWait: how long to wait for an announced NIC (its driver may still be probing).
    package init(namespace: String? = nil, linkWait: Duration = .seconds(2)) {
        self.namespace = namespace
        self.linkWait = linkWait
    }

    /// Runs `work` with a socket in the namespace, mapping netlink failures to `KataError`s that
    /// start with `operation`.
    func run<T: Sendable>(
        _ operation: String, _ work: @escaping @Sendable (Netlink.Session) throws(KataError) -> T
    ) async throws(KataError) -> T {
        let outcome: Result<T, KataError>
        do {
            outcome = try await NetworkNamespace.perform(at: namespace) { () throws(Netlink.Error) in
                let socket = try Netlink.Session()
                do throws(KataError) {
                    return Result<T, KataError>.success(try work(socket))
                } catch {
                    return .failure(error)
                }
            }
        } catch {
            throw Self.converted(error, operation)
        }
        return try outcome.get()
    }

    /// A netlink failure as the agent reports it.
    static func converted(_ error: Netlink.Error, _ operation: String) -> KataError {
        let code: KataError.Code =
            switch error {
            case .notFound: .notFound
            case .invalidArgument: .invalidArgument
            case .kernel(_, .fileExists): .alreadyExists
            case .kernel(_, .invalidArgument), .kernel(_, .noSuchAddressOrDevice),
                .kernel(_, .operationNotSupportedByDevice),
                .kernel(_, .networkUnreachable):
                .invalidArgument
            case .kernel, .syscall, .malformed: .internal
            }
        return KataError(code, "\(operation): \(error)")
    }
}

extension Netlink.Session {
    /// The link named `name`, or a `KataError` naming the RPC.
    func link(named name: String, for operation: String) throws(KataError) -> Netlink.Link {
        do {
            return try link(named: name)
        } catch {
            throw GuestNetwork.converted(error, operation)
        }
    }

    /// Runs one request, mapping its failure.
    func attempt<T>(_ operation: String, _ body: () throws(Netlink.Error) -> T) throws(KataError) -> T {
        do {
            return try body()
        } catch {
            throw GuestNetwork.converted(error, operation)
        }
    }
}
