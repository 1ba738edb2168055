// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import AgentAPI
import Foundation
import KataConfig
import KataError
import KataLinux
import KataTestSupport
import OCISpec
import Testing

@testable import KataRuntime

/// What CreateSandbox says of a pod (the sandbox shm, PID sharing, the hostname), as Go's
/// getShmSize, setupStorages and handlePidNamespace decide it, from the pod's first container.
@Suite struct PodSandboxTests {
    static let criSHM = "/run/containerd/io.containerd.grpc.v1.cri/sandboxes/sb1/shm"

    static func spec(shm: OCISpec.Mount?, pidPath: String? = nil, hostname: String = "pod-a") -> Spec {
        var spec = Spec(ociVersion: "1.1.0", hostname: hostname)
        spec.mounts = [OCISpec.Mount(destination: "/proc", type: "proc", source: "proc")] + (shm.map { [$0] } ?? [])
        spec.linux = Linux(namespaces: [
            Linux.Namespace(type: .pid, path: pidPath), Linux.Namespace(type: .ipc), Linux.Namespace(type: .cgroup),
        ])
        return spec
    }

    @Test("a /dev/shm bind of a host tmpfs is measured; the sandbox shm is that size")
    func criSandboxSHMIsMeasured() throws {
        let shm = OCISpec.Mount(
            destination: "/dev/shm", type: "bind", source: Self.criSHM, options: ["rbind", "ro", "nosuid", "nodev"])
        var asked: [String] = []
        let pod = try GuestSandbox.Pod(spec: Self.spec(shm: shm)) { (path) throws(KataError) -> UInt64 in
            asked.append(path)
            return 8 << 20
        }
        #expect(asked == [Self.criSHM])
        #expect(pod == GuestSandbox.Pod(hostname: "pod-a", sandboxPidns: false, shmBytes: 8 << 20))

        let request = Grpc_CreateSandboxRequest(
            GuestSandbox.build(id: "sb1", pod: pod, configuration: KataConfiguration()))
        #expect(request.hostname == "pod-a")
        #expect(request.sandboxPidns == false)
        #expect(
            request.storages.map(\.mountPoint) == [
                "/run/kata-containers/shared/containers/", KataPaths.guestSandboxSHM,
            ])
        let storage = try #require(request.storages.last)
        #expect(storage.driver == "ephemeral")
        #expect(storage.source == "shm")
        #expect(storage.fstype == "tmpfs")
        #expect(storage.options == ["noexec", "nosuid", "nodev", "mode=1777", "size=8388608"])
    }

    @Test("a tmpfs /dev/shm, or a bind of the host's own /dev/shm, gets Go's default size without a statfs")
    func defaultSize() throws {
        let cases = [
            OCISpec.Mount(destination: "/dev/shm", type: "tmpfs", source: "shm", options: ["size=65536k"]),
            OCISpec.Mount(destination: "/dev/shm", type: "bind", source: "/dev/shm", options: ["rbind"]),
        ]
        for shm in cases {
            let pod = try GuestSandbox.Pod(spec: Self.spec(shm: shm)) { (_: String) throws(KataError) -> UInt64 in
                Issue.record("statfs asked for \(shm)")
                return 0
            }
            #expect(pod.shmBytes == 64 << 20, "\(shm)")
        }
    }

    @Test("no /dev/shm mount: no sandbox shm, so containers get a private one")
    func noSHM() throws {
        let pod = try GuestSandbox.Pod(spec: Self.spec(shm: nil)) { (_: String) throws(KataError) -> UInt64 in 0 }
        #expect(pod.shmBytes == nil)
        let sandbox = GuestSandbox.build(id: "sb1", pod: pod, configuration: KataConfiguration())
        #expect(sandbox.storages.count == 1)
        #expect(!sandbox.hasSHM)
    }

    @Test("sandbox_pidns follows the first container's pid namespace path, as for CreateContainer")
    func sandboxPidns() throws {
        let none: (String) throws(KataError) -> UInt64 = { _ throws(KataError) in 0 }
        #expect(try GuestSandbox.Pod(spec: Self.spec(shm: nil), fileSystemSize: none).sandboxPidns == false)
        #expect(
            try GuestSandbox.Pod(spec: Self.spec(shm: nil, pidPath: "/proc/42/ns/pid"), fileSystemSize: none)
                .sandboxPidns
                == true)
    }

    @Test("a failing statfs is thrown, not guessed")
    func statfsFailure() {
        let shm = OCISpec.Mount(destination: "/dev/shm", type: "bind", source: "/nonexistent/shm", options: ["rbind"])
        #expect(throws: KataError.self) {
            _ = try GuestSandbox.Pod(spec: Self.spec(shm: shm)) { (_: String) throws(KataError) -> UInt64 in
                throw KataError(.notFound, "no such file")
            }
        }
    }

    @Test("with a sandbox shm every container's /dev/shm binds it and nothing of the host's shm is shared")
    func containersBindTheSandboxSHM() throws {
        let shm = OCISpec.Mount(destination: "/dev/shm", type: "bind", source: Self.criSHM, options: ["rbind", "rw"])
        var spec = Self.spec(shm: shm)
        spec.process = Process(args: ["sh"])
        spec.root = Root(path: "rootfs")
        let context = OCITranslation.Context(
            containerID: "c1", sandboxID: "sb1", bundlePath: "/b", configuration: KataConfiguration(),
            agentSupportsSeccomp: true, sandboxHasSHM: true)
        let translated = try OCITranslation.translate(spec, context: context)
        let mount = try #require(translated.container.spec.mounts?.first { $0.destination == "/dev/shm" })
        #expect(
            mount
                == OCISpec.Mount(
                    destination: "/dev/shm", type: "bind", source: KataPaths.guestSandboxSHM, options: ["rbind"]))
        #expect(!translated.shares.contains { $0.hostSource == Self.criSHM }, "\(translated.shares)")
        #expect(translated.container.storages.isEmpty)
        // The agent makes the cgroup namespace itself, on a cgroup v2 guest.
        #expect(translated.container.spec.linux?.namespaces?.map(\.type) == [.ipc])
    }
}

/// The pod on a fake agent: the sandbox's first container decides CreateSandbox, later ones reuse it.
@Suite(
    .serialized, .timeLimit(.minutes(2)),
    .enabled(if: SandboxHarness.canMount, "needs root: the sandbox bind-mounts its shared tree and a tmpfs"))
struct PodSandboxHarnessTests {
    /// Writes a bundle for `id` whose /dev/shm is a bind of `shm` and whose pid namespace has `pidPath`.
    static func creation(
        _ h: SandboxHarness, _ id: String, shm: String, pidPath: String? = nil
    ) throws -> ContainerCreation {
        let creation = try h.creation(id)
        let file = creation.bundle + "/config.json"
        var json =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as? [String: Any]
        var mounts = (json?["mounts"] as? [[String: Any]] ?? []).filter { $0["destination"] as? String != "/dev/shm" }
        mounts.append(["destination": "/dev/shm", "type": "bind", "source": shm, "options": ["rbind", "rw"]])
        json?["mounts"] = mounts
        var linux = json?["linux"] as? [String: Any] ?? [:]
        var namespaces = (linux["namespaces"] as? [[String: Any]] ?? []).filter { $0["type"] as? String != "pid" }
        namespaces.append(pidPath.map { ["type": "pid", "path": $0] } ?? ["type": "pid"])
        linux["namespaces"] = namespaces
        json?["linux"] = linux
        try JSONSerialization.data(withJSONObject: json ?? [:]).write(to: URL(fileURLWithPath: file))
        return creation
    }

    @Test func theSandboxSHMIsSizedFromTheHostTmpfsAndSharedByEveryContainer() async throws {
        let h = try SandboxHarness.make()
        let shm = h.root + "/shm"
        try FileManager.default.createDirectory(atPath: shm, withIntermediateDirectories: true)
        try KataLinux.Mount.mount(source: "shm", target: shm, type: "tmpfs", flags: [], data: "size=8m")
        defer { try? KataLinux.Mount.unmount(shm, detach: true) }
        do {
            _ = try await h.sandbox.create(try Self.creation(h, "pause", shm: shm))
            _ = try await h.sandbox.create(try Self.creation(h, "app", shm: shm, pidPath: "/proc/1/ns/pid"))
            let sandboxes = h.agent.sandboxRequests
            #expect(sandboxes.count == 1)
            let storage = try #require(sandboxes.first?.storages.last)
            #expect(storage.mountPoint == KataPaths.guestSandboxSHM)
            #expect(storage.options.last == "size=\(8 << 20)")
            #expect(sandboxes.first?.sandboxPidns == false)
            let containers = h.agent.containerRequests
            #expect(containers.map(\.id) == ["pause", "app"])
            for container in containers {
                let mount = container.spec.mounts?.first { $0.destination == "/dev/shm" }
                #expect(mount?.source == KataPaths.guestSandboxSHM, "\(container.id)")
                #expect(mount?.options == ["rbind"], "\(container.id)")
            }
            #expect(containers.map(\.sandboxPidns) == [false, true])
            #expect(!h.mounts.contains { $0.contains("-shm ") }, "the host shm must not be shared: \(h.mounts)")
        } catch {
            await h.tearDown()
            throw error
        }
        await h.tearDown()
    }
}
