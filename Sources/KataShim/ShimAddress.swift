// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import KataError
import KataLinux

/// Where a shim daemon listens: containerd's shim-library convention, so that `start` and
/// `delete` (and a second container of the same pod) agree on the socket.
package struct ShimAddress: Sendable, Equatable, CustomStringConvertible {
    /// The directory containerd's shim library puts sockets in.
    package static let defaultDirectory = "/run/containerd/s"

    /// The socket file.
    package var path: String

    /// The socket for `groupID` in `namespace` of the containerd at `containerdAddress`:
    /// `<directory>/<sha256 hex of "<containerdAddress>/<namespace>/<groupID>">`.
    /// - Parameters:
    ///   - containerdAddress: the `-address` value (containerd's gRPC socket).
    ///   - namespace: the `-namespace` value.
    ///   - groupID: the sandbox id for pod members, else the task id.
    ///   - directory: where sockets live.
    package init(
        containerdAddress: String, namespace: String, groupID: String, directory: String = Self.defaultDirectory
    ) {
        let digest = SHA256.hexDigest(Array("\(containerdAddress)/\(namespace)/\(groupID)".utf8))
        path = "\(directory)/\(digest)"
    }

    /// Wraps an existing socket path.
    package init(path: String) {
        self.path = path
    }

    /// Parses what `start` printed or the bundle's `address` file holds (`unix://` prefix).
    /// - Throws: `KataError.invalidArgument` for any other scheme.
    package init(parsing text: String) throws(KataError) {
        let trimmed = text.trimmingWhitespace
        guard trimmed.hasPrefix("unix://") else {
            throw KataError(.invalidArgument, "shim address \(trimmed) is not a unix:// address")
        }
        path = String(trimmed.dropFirst("unix://".count))
    }

    /// `unix://<path>`, as printed by `start` and written to the bundle's `address` file.
    package var description: String { "unix://\(path)" }
}
