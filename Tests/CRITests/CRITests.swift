// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import CRITestSupport
import Foundation
import KataTestSupport
import Testing

/// containerd's CRI plugin driven over gRPC as kubelet drives it: the same pod scenarios with the
/// runtime handler `runc` (the oracle: every expectation was checked against it) and `kata` (under
/// test, one VM per pod). Serialized: a kata pod boots a VM under TCG on a shared two-core host.
@Suite(
    "CRI pods through containerd",
    .serialized,
    .enabled(
        if: CRIEnvironment.unavailableReason == nil, Comment(rawValue: CRIEnvironment.unavailableReason ?? ""))
)
struct CRITests {
    @Test func runtimeAndImages() async throws {
        try await CRIClient.with(socketPath: CRIEnvironment.address) { cri in
            let version = try await cri.version()
            #expect(version.runtimeName == "containerd", "\(version)")
            #expect(version.runtimeApiVersion == "v1", "\(version)")
            for image in [CRIEnvironment.image, "localhost/kata-test/pause:1"] {
                let status = try await cri.imageStatus(image)
                #expect(
                    status != nil, "CRI does not see \(image) in namespace k8s.io (scripts/containerd.sh imports it)")
            }
        }
    }

    @Test func runcPods() async throws { try await CRIScenarios(handler: .runc).run() }

    @Test(
        .bootsVM,
        .enabled(
            if: CRIEnvironment.kataUnavailableReason == nil,
            Comment(rawValue: CRIEnvironment.kataUnavailableReason ?? "")))
    func kataPods() async throws { try await CRIScenarios(handler: .kata).run() }

    /// hostNetwork, hostIPC and hostPID pods: runc runs them (the oracle).
    @Test(arguments: PodSpec.HostNamespace.allCases)
    func hostNamespacePodsRunOnRunc(namespace: PodSpec.HostNamespace) async throws {
        try await CRIClient.with(socketPath: CRIEnvironment.address) { cri in
            try await CRISecurityScenarios(handler: .runc).hostNamespace(cri, namespace)
        }
    }

    /// kata refuses them before a VM boots, naming the namespace it cannot share.
    @Test(
        .enabled(
            if: CRIEnvironment.kataUnavailableReason == nil,
            Comment(rawValue: CRIEnvironment.kataUnavailableReason ?? "")),
        arguments: PodSpec.HostNamespace.allCases)
    func hostNamespacePodsAreRefusedByKata(namespace: PodSpec.HostNamespace) async throws {
        try await CRIClient.with(socketPath: CRIEnvironment.address, callTimeout: Handler.kata.patience) { cri in
            try await CRISecurityScenarios(handler: .kata).hostNamespace(cri, namespace)
        }
    }

    /// Capabilities, privileges and seccomp as a container sees them: kata's must be runc's.
    @Test(
        .bootsVM,
        .enabled(
            if: CRIEnvironment.kataUnavailableReason == nil,
            Comment(rawValue: CRIEnvironment.kataUnavailableReason ?? "")))
    func securityContextMatchesRunc() async throws {
        let runc = try await CRIClient.with(socketPath: CRIEnvironment.address) { cri in
            try await CRISecurityScenarios(handler: .runc).observe(cri)
        }
        CRISecurityScenarios.expectSane(runc)
        let kata = try await CRIClient.with(socketPath: CRIEnvironment.address, callTimeout: Handler.kata.patience) {
            cri in try await CRISecurityScenarios(handler: .kata).observe(cri)
        }
        for key in runc.keys.sorted() {
            #expect(
                kata[key] == runc[key], "\(key): kata shows\n\(kata[key] ?? "nothing")\nrunc shows\n\(runc[key] ?? "")")
        }
    }
}
