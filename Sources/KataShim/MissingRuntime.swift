// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import Foundation
package import SwiftProtobuf

/// The runtime used until a VM runtime is linked in: every sandbox operation fails with
/// UNIMPLEMENTED naming itself; crash cleanup has nothing to clean and succeeds.
package struct MissingRuntime: SandboxRuntime {
    /// Creates the placeholder.
    package init() {}

    private func missing(_ operation: String) -> ShimError {
        ShimError(.unimplemented, "\(operation): no VM runtime is linked into this shim build")
    }

    /// Fails: no runtime.
    package func createContainer(_ creation: ContainerCreation) async throws -> UInt32 {
        throw missing("create container \(creation.id)")
    }
    /// Fails: no runtime.
    package func exec(_ key: ProcessKey, processSpec: Data, stdio: ProcessStdio) async throws {
        throw missing("exec \(key)")
    }
    /// Fails: no runtime.
    package func start(_ key: ProcessKey) async throws -> StartedProcess { throw missing("start \(key)") }
    /// Fails: no runtime.
    package func wait(_ key: ProcessKey) async throws -> ExitStatus { throw missing("wait \(key)") }
    /// Fails: no runtime.
    package func delete(_ key: ProcessKey) async throws { throw missing("delete \(key)") }
    /// Fails: no runtime.
    package func kill(_ key: ProcessKey, signal: UInt32, all: Bool) async throws { throw missing("kill \(key)") }
    /// Fails: no runtime.
    package func resizePty(_ key: ProcessKey, width: UInt32, height: UInt32) async throws {
        throw missing("resize pty \(key)")
    }
    /// Fails: no runtime.
    package func pause(_ containerID: String) async throws { throw missing("pause \(containerID)") }
    /// Fails: no runtime.
    package func resume(_ containerID: String) async throws { throw missing("resume \(containerID)") }
    /// Fails: no runtime.
    package func update(_ containerID: String, resources: Data) async throws { throw missing("update \(containerID)") }
    /// Fails: no runtime.
    package func pids(_ containerID: String) async throws -> [UInt32] { throw missing("pids \(containerID)") }
    /// Fails: no runtime.
    package func stats(_ containerID: String) async throws -> Google_Protobuf_Any {
        throw missing("stats \(containerID)")
    }
    /// Nothing was persisted without a runtime: succeeds.
    package func cleanup(containerID: String, bundle: String, role: PodRole) async throws {}
}
