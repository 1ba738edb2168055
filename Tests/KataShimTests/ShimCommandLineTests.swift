// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Foundation
import KataError
import Testing

@testable import KataShim

@Suite struct ShimAddressTests {
    @Test func sha256KnownVectors() {
        #expect(
            SHA256.hexDigest(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hexDigest([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        let long = Array(String(repeating: "a", count: 1000).utf8)
        #expect(SHA256.hexDigest(long) == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }

    @Test func containerdProbeVector() {
        let address = ShimAddress(
            containerdAddress: "/run/containerd/containerd.sock", namespace: "shimprobe", groupID: "probe1")
        #expect(address.path == "/run/containerd/s/b1a283545cfe09ef7f1f9299a3004afd2d72c622b9258b13f57e8d5772094ab6")
        #expect(
            address.description
                == "unix:///run/containerd/s/b1a283545cfe09ef7f1f9299a3004afd2d72c622b9258b13f57e8d5772094ab6")
    }

    @Test func parsesPrintedAddress() throws {
        #expect(try ShimAddress(parsing: " unix:///run/x.sock\n").path == "/run/x.sock")
        #expect(throws: KataError.self) { try ShimAddress(parsing: "/run/x.sock") }
    }
}

@Suite struct ShimArgumentsTests {
    static let probe = [
        "-namespace", "shimprobe", "-address", "/run/containerd/containerd.sock",
        "-publish-binary", "/usr/bin/containerd",
    ]

    @Test func containerdStart() throws {
        let env = ["TTRPC_ADDRESS": "/run/containerd/containerd.sock.ttrpc"]
        let parsed = try ShimArguments(Self.probe + ["-id", "probe1", "start"], environment: env)
        #expect(parsed.action == .start)
        #expect(parsed.namespace == "shimprobe")
        #expect(parsed.containerdAddress == "/run/containerd/containerd.sock")
        #expect(parsed.publishBinary == "/usr/bin/containerd")
        #expect(parsed.id == "probe1")
        #expect(parsed.debug == false)
        #expect(parsed.ttrpcAddress == "/run/containerd/containerd.sock.ttrpc")
        #expect(parsed.flags == Self.probe + ["-id", "probe1"])
    }

    @Test func containerdDelete() throws {
        let parsed = try ShimArguments(Self.probe + ["-id", "c1", "-bundle", "/b/c1", "delete"], environment: [:])
        #expect(parsed.action == .delete)
        #expect(parsed.bundle == "/b/c1")
        #expect(parsed.ttrpcAddress == nil)
    }

    @Test(arguments: [
        (["-namespace=n", "--id", "x", "-debug"], true),
        (["--namespace", "n", "-id=x", "-debug=true"], true),
        (["-namespace", "n", "-id", "x", "-debug=false"], false),
        (["-namespace", "n", "-id", "x", "-info=yes"], false),
    ])
    func goFlagForms(arguments: [String], debug: Bool) throws {
        let parsed = try ShimArguments(arguments, environment: [:])
        #expect(parsed.action == .serve)
        #expect(parsed.namespace == "n")
        #expect(parsed.id == "x")
        #expect(parsed.debug == debug)
    }

    @Test func environmentFallbacks() throws {
        let parsed = try ShimArguments(["-id", "x"], environment: ["NAMESPACE": "k8s.io", "GRPC_ADDRESS": "/g.sock"])
        #expect(parsed.namespace == "k8s.io")
        #expect(parsed.containerdAddress == "/g.sock")
    }

    @Test(arguments: [
        ["-namespace", "n", "-id", "x", "bogus"],
        ["-namespace", "n", "-id"],
        ["-namespace", "n", "start"],
        ["-id", "x", "start"],
        ["-namespace", "n", "-id", "x", "-debug=maybe"],
    ])
    func rejects(arguments: [String]) {
        #expect(throws: KataError.self) { try ShimArguments(arguments, environment: [:]) }
    }
}

@Suite struct PodRoleTests {
    @Test(arguments: [
        ([:], PodRole.single),
        (["io.kubernetes.cri.container-type": "sandbox", "io.kubernetes.cri.sandbox-id": "sb1"], .sandbox),
        (
            ["io.kubernetes.cri.container-type": "container", "io.kubernetes.cri.sandbox-id": "sb1"],
            .member(sandboxID: "sb1")
        ),
        (
            ["io.kubernetes.cri-o.ContainerType": "container", "io.kubernetes.cri-o.SandboxID": "sb2"],
            .member(sandboxID: "sb2")
        ),
        (["io.kubernetes.docker.type": "podsandbox"], .sandbox),
        (["io.kubernetes.docker.type": "container", "io.kubernetes.sandbox.id": "sb3"], .member(sandboxID: "sb3")),
    ])
    func fromAnnotations(annotations: [String: String], role: PodRole) {
        #expect(PodRole(annotations: annotations) == role)
    }

    @Test func membersShareTheSandboxSocket() {
        let sandbox = PodRole.sandbox.groupID(ownID: "sb1")
        let member = PodRole.member(sandboxID: "sb1").groupID(ownID: "c1")
        #expect(sandbox == member)
        let a = ShimAddress(containerdAddress: "/c.sock", namespace: "k8s.io", groupID: sandbox)
        let b = ShimAddress(containerdAddress: "/c.sock", namespace: "k8s.io", groupID: member)
        #expect(a == b)
    }

    @Test func fromBundle() throws {
        let bundle = NSTemporaryDirectory() + "kshim-role-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(atPath: bundle, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: bundle) }
        let spec =
            #"{"ociVersion":"1.0.2","annotations":{"io.kubernetes.cri.container-type":"container","io.kubernetes.cri.sandbox-id":"pod9"}}"#
        try spec.write(toFile: bundle + "/config.json", atomically: true, encoding: .utf8)
        #expect(try PodRole(bundle: bundle) == .member(sandboxID: "pod9"))
        #expect(throws: KataError.self) { try PodRole(bundle: bundle + "/missing") }
    }
}

@Suite struct ShimStartTests {
    @Test func podMemberReusesTheSandboxAddressWithoutSpawning() throws {
        let bundle = try FIFOTestSupport.directory()
        defer { try? FileManager.default.removeItem(atPath: bundle) }
        let spec =
            #"{"annotations":{"io.kubernetes.cri.container-type":"container","io.kubernetes.cri.sandbox-id":"sb1"}}"#
        try spec.write(toFile: bundle + "/config.json", atomically: true, encoding: .utf8)
        let arguments = try ShimArguments(
            ["-namespace", "k8s.io", "-address", "/c.sock", "-id", "c1", "start"], environment: [:])
        let outcome = try ShimStart.run(
            arguments, bundle: bundle, executable: "/nonexistent", environment: [], socketDirectory: bundle)
        let sandbox = ShimAddress(containerdAddress: "/c.sock", namespace: "k8s.io", groupID: "sb1", directory: bundle)
        #expect(outcome == .reused(address: sandbox))
        #expect(try String(contentsOfFile: bundle + "/address", encoding: .utf8) == sandbox.description)
        #expect(!FileManager.default.fileExists(atPath: bundle + "/shim.pid"))
    }
}
