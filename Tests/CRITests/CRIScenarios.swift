// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import CRITestSupport
import Foundation
import Testing

/// A runtime handler of the test containerd's CRI config (scripts/containerd.sh).
enum Handler: String, Sendable, CustomStringConvertible, CustomTestStringConvertible {
    case runc
    case kata

    var description: String { rawValue }
    var testDescription: String { rawValue }

    /// Bound on waiting for a container to reach a state: a kata container starts in its pod's VM.
    var patience: Duration {
        switch self {
        case .runc: .seconds(30)
        case .kata: .seconds(90)
        }
    }
}

/// The CRI scenarios of issue 14, run with one handler. A kata pod boots a VM, so the scenarios
/// share two pods: `web` (four containers, one VM, shared PID namespace) runs most of them, and
/// `other` exists only to show that pods are isolated. Each scenario is a named step: a failing
/// one records its issues under its name and the next still runs.
struct CRIScenarios {
    let handler: Handler
    let run = String(UUID().uuidString.prefix(8)).lowercased()

    static let webPort = 8080
    static let dnsServer = "10.234.0.53"
    static let dnsSearches = ["kata-test.svc.cluster.local", "example.test"]
    static let memoryLimit: Int64 = 64 << 20
    static let updatedMemoryLimit: Int64 = 96 << 20

    /// One pod that RunPodSandbox started.
    struct Pod {
        var spec: PodSpec
        var id: String
        var ip = ""
        var netns = ""
        var containers: [String: String] = [:]

        subscript(name: String) -> String { containers[name] ?? "no-container-\(name)" }
    }

    func run() async throws {
        try await CRIClient.with(socketPath: CRIEnvironment.address, callTimeout: handler.patience) { cri in
            var started: [Pod] = []
            do {
                try await scenarios(cri, started: &started)
            } catch {
                Issue.record(error, "[\(handler)] the scenarios stopped early")
            }
            await step("no leftovers after RemovePodSandbox") {
                for pod in started { try await removeAndExpectNothingLeft(cri, pod) }
            }
        }
    }

    private func scenarios(_ cri: CRIClient, started: inout [Pod]) async throws {
        var web = try await runPod(cri, name: "web", sharesProcessNamespace: true)
        started.append(web)
        let webCommand = """
            echo out-line; echo err-line >&2; mkdir -p /www; hostname > /www/index.html
            echo shm-from-web > /dev/shm/marker; exec httpd -f -p \(Self.webPort) -h /www
            """
        try await addContainer(
            cri, &web, ContainerSpec(name: "web", image: CRIEnvironment.image, command: ["sh", "-c", webCommand]))
        var peer = ContainerSpec(name: "peer", image: CRIEnvironment.image, command: ["sleep", "100000"])
        peer.memoryLimit = Self.memoryLimit
        peer.cpuQuota = 50_000
        peer.cpuPeriod = 100_000
        try await addContainer(cri, &web, peer)
        let stubbornCommand = "trap 'echo caught TERM' TERM; echo ready; while true; do sleep 1; done"
        try await addContainer(
            cri, &web,
            ContainerSpec(name: "stubborn", image: CRIEnvironment.image, command: ["sh", "-c", stubbornCommand]))
        started[0] = web

        await step("multi-container pod in one VM") { try await oneVM(cri, web) }
        await step("pod IP") { try await podIP(cri, web) }
        await step("shared network (localhost)") { try await sharedNetwork(cri, web) }
        await step("pod IP reachable from the host") { try await reachableFromHost(web) }
        await step("shared PID namespace") { try await sharedPIDs(cri, web) }
        await step("shared /dev/shm") { try await sharedShm(cri, web) }
        await step("hostname and DNS files") { try await hostnameAndDNS(cri, web) }
        await step("ExecSync exit codes and output") { try await execSync(cri, web) }
        await step("ExecSync timeout") { try await execTimeout(cri, web) }
        await step("CRI log format") { try await logFormat(web) }
        await step("ContainerStats") { try await stats(cri, web) }
        await step("cgroup limits visible in the container") {
            try await expectLimits(cri, web["peer"], memory: Self.memoryLimit, quota: 50_000)
        }
        await step("UpdateContainerResources visible in the container") { try await update(cri, web) }
        await step("StopContainer: SIGTERM, then SIGKILL after the timeout") { try await stopEscalates(cri, web) }
        await step("OOMKilled") { try await oomKilled(cri, &web) }
        started[0] = web

        var other = try await runPod(cri, name: "other", sharesProcessNamespace: false)
        started.append(other)
        try await addContainer(
            cri, &other, ContainerSpec(name: "other", image: CRIEnvironment.image, command: ["sleep", "100000"]))
        started[1] = other
        await step("two pods isolated") { try await isolated(cri, web, other) }
    }

    // MARK: Scenarios

    private func oneVM(_ cri: CRIClient, _ pod: Pod) async throws {
        let bootID = "/proc/sys/kernel/random/boot_id"
        var seen: [String: String] = [:]
        for name in ["web", "peer", "stubborn"] {
            seen[name] = try await exec(cri, pod[name], ["cat", bootID]).stdout
        }
        #expect(Set(seen.values).count == 1, "[\(handler)] the pod's containers must share one kernel: \(seen)")
        let host = try String(contentsOfFile: bootID, encoding: .utf8)
        let qemus = Host.processes(mentioning: pod.id).filter { Host.command(of: $0).hasPrefix("qemu") }
        switch handler {
        case .runc:
            #expect(seen["web"] == host, "[runc] containers run on the host's kernel: \(seen)")
            #expect(qemus.isEmpty, "[runc] no QEMU for a runc pod: \(qemus)")
        case .kata:
            #expect(seen["web"] != host, "[kata] the pod must run in a VM, not on the host's kernel")
            #expect(qemus.count == 1, "[kata] one QEMU for the pod \(pod.id): \(qemus)")
            let shims = Host.processes(mentioning: pod.id).filter { Host.command(of: $0).hasPrefix("containerd-shim") }
            #expect(shims.count == 1, "[kata] one shim for the pod: \(shims)")
        }
    }

    private func podIP(_ cri: CRIClient, _ pod: Pod) async throws {
        #expect(
            pod.ip.hasPrefix(CRIEnvironment.subnetPrefix),
            "[\(handler)] PodSandboxStatus IP \(pod.ip) not on the CNI subnet")
        for name in ["web", "peer"] {
            let addresses = try await exec(cri, pod[name], ["ip", "-4", "-o", "addr", "show", "eth0"])
            #expect(
                addresses.stdout.contains(" \(pod.ip)/"),
                "[\(handler)] \(name)'s eth0 must carry the pod IP \(pod.ip): \(addresses)")
        }
    }

    private func sharedNetwork(_ cri: CRIClient, _ pod: Pod) async throws {
        let page = try await waitForWeb(cri, pod["peer"], url: "http://127.0.0.1:\(Self.webPort)/index.html")
        #expect(page == "\(pod.spec.hostname)\n", "[\(handler)] peer must reach web's server on localhost: \(page)")
    }

    private func reachableFromHost(_ pod: Pod) async throws {
        let fetched = Host.run(
            "/bin/busybox", ["wget", "-q", "-O", "-", "http://\(pod.ip):\(Self.webPort)/index.html"],
            timeout: .seconds(30))
        #expect(
            fetched.status == 0 && fetched.stdout == "\(pod.spec.hostname)\n",
            "[\(handler)] host -> \(pod.ip): \(fetched)")
    }

    private func sharedPIDs(_ cri: CRIClient, _ pod: Pod) async throws {
        let processes = try await exec(cri, pod["peer"], ["ps", "-o", "pid,args"])
        #expect(
            processes.stdout.contains("httpd"),
            "[\(handler)] peer must see web's httpd in the pod's PID namespace: \(processes)")
        let first = try await exec(cri, pod["peer"], ["cat", "/proc/1/cmdline"])
        #expect(
            first.stdout.hasPrefix("/pause"),
            "[\(handler)] PID 1 of a shared PID namespace is the pause process: \(first)")
    }

    private func sharedShm(_ cri: CRIClient, _ pod: Pod) async throws {
        let marker = try await exec(cri, pod["peer"], ["cat", "/dev/shm/marker"], expecting: nil)
        #expect(
            marker.exitCode == 0 && marker.stdout == "shm-from-web\n",
            "[\(handler)] web's /dev/shm file must be in peer's: \(marker)")
        _ = try await exec(cri, pod["peer"], ["sh", "-c", "echo shm-from-peer > /dev/shm/reply"])
        let reply = try await exec(cri, pod["web"], ["cat", "/dev/shm/reply"], expecting: nil)
        #expect(reply.stdout == "shm-from-peer\n", "[\(handler)] and the other way round: \(reply)")
    }

    private func hostnameAndDNS(_ cri: CRIClient, _ pod: Pod) async throws {
        var hosts: [String: String] = [:]
        for name in ["web", "peer"] {
            let id = pod[name]
            let hostname = try await exec(cri, id, ["hostname"])
            #expect(hostname.stdout == "\(pod.spec.hostname)\n", "[\(handler)] \(name): UTS hostname: \(hostname)")
            let file = try await exec(cri, id, ["cat", "/etc/hostname"])
            #expect(file.stdout == "\(pod.spec.hostname)\n", "[\(handler)] \(name): /etc/hostname: \(file)")
            let resolv = try await exec(cri, id, ["cat", "/etc/resolv.conf"])
            let lines = Set(resolv.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) })
            for expected in [
                "nameserver \(Self.dnsServer)", "search \(Self.dnsSearches.joined(separator: " "))", "options ndots:5",
            ] {
                #expect(
                    lines.contains(expected), "[\(handler)] \(name): /etc/resolv.conf lacks '\(expected)': \(resolv)")
            }
            hosts[name] = try await exec(cri, id, ["cat", "/etc/hosts"]).stdout
            #expect(
                hosts[name]?.contains("localhost") == true, "[\(handler)] \(name): /etc/hosts: \(hosts[name] ?? "")")
        }
        #expect(
            hosts["web"] == hosts["peer"], "[\(handler)] the pod's containers share the sandbox's /etc/hosts: \(hosts)")
    }

    private func execSync(_ cri: CRIClient, _ pod: Pod) async throws {
        let mixed = try await cri.execSync(pod["peer"], ["sh", "-c", "echo out; echo err >&2; exit 3"], timeout: 30)
        #expect(mixed == ExecResult(stdout: "out\n", stderr: "err\n", exitCode: 3), "[\(handler)] \(mixed)")
        let success = try await cri.execSync(pod["peer"], ["true"], timeout: 30)
        #expect(success == ExecResult(stdout: "", stderr: "", exitCode: 0), "[\(handler)] \(success)")
        let killed = try await cri.execSync(pod["peer"], ["sh", "-c", "kill -9 $$"], timeout: 30)
        #expect(killed.exitCode == 137, "[\(handler)] a SIGKILLed exec exits 128+9: \(killed)")
        let large = try await cri.execSync(pod["peer"], ["seq", "1", "20000"], timeout: 30)
        #expect(
            large.stdout.split(separator: "\n").count == 20000 && large.stdout.hasSuffix("20000\n"),
            "[\(handler)] all of a long output: \(large.stdout.count) bytes")
    }

    private func execTimeout(_ cri: CRIClient, _ pod: Pod) async throws {
        do {
            let result = try await cri.execSync(pod["peer"], ["sleep", "60"], timeout: 2)
            Issue.record("[\(handler)] ExecSync of sleep 60 with a 2 s timeout returned instead of failing: \(result)")
        } catch {
            #expect("\(error)".contains("timeout"), "[\(handler)] the error names the timeout: \(error)")
        }
        let left = try await exec(cri, pod["peer"], ["ps", "-o", "args"])
        #expect(!left.stdout.contains("sleep 60"), "[\(handler)] the timed-out exec must be killed: \(left)")
    }

    private func logFormat(_ pod: Pod) async throws {
        let path = "\(pod.spec.logDirectory)/web.log"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let lines = text.split(separator: "\n").map(String.init)
        let format = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?(Z|[+-]\d\d:\d\d) (stdout|stderr) [FP] .*$/
        for line in lines {
            #expect(
                line.wholeMatch(of: format) != nil,
                "[\(handler)] not a CRI log line in \(path): \(line.debugDescription)")
        }
        #expect(
            lines.contains { $0.hasSuffix(" stdout F out-line") }, "[\(handler)] \(path) lacks stdout's line:\n\(text)")
        #expect(
            lines.contains { $0.hasSuffix(" stderr F err-line") }, "[\(handler)] \(path) lacks stderr's line:\n\(text)")
    }

    private func stats(_ cri: CRIClient, _ pod: Pod) async throws {
        // Some CPU time, so a sampled counter cannot legitimately read zero.
        _ = try await exec(cri, pod["peer"], ["sh", "-c", "i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done"])
        let stats = try await cri.containerStats(pod["peer"])
        #expect(stats.attributes.id == pod["peer"], "[\(handler)] \(stats.attributes)")
        #expect(stats.cpu.usageCoreNanoSeconds.value > 0, "[\(handler)] CPU usage: \(stats.cpu)")
        #expect(stats.memory.workingSetBytes.value > 0, "[\(handler)] memory working set: \(stats.memory)")
        #expect(stats.cpu.timestamp > 0 && stats.memory.timestamp > 0, "[\(handler)] timestamps: \(stats)")
    }

    private func update(_ cri: CRIClient, _ pod: Pod) async throws {
        var resources = Runtime_V1_LinuxContainerResources()
        resources.memoryLimitInBytes = Self.updatedMemoryLimit
        resources.cpuQuota = 20_000
        resources.cpuPeriod = 100_000
        resources.cpuShares = 2
        try await cri.updateContainerResources(pod["peer"], resources)
        try await expectLimits(cri, pod["peer"], memory: Self.updatedMemoryLimit, quota: 20_000)
    }

    /// The container's own cgroup, as it sees it in /sys/fs/cgroup (v2 files, or v1's).
    private func expectLimits(_ cri: CRIClient, _ id: String, memory: Int64, quota: Int64) async throws {
        let memoryScript =
            "cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes"
        let readMemory = try await exec(cri, id, ["sh", "-c", memoryScript], expecting: nil)
        #expect(
            readMemory.stdout == "\(memory)\n", "[\(handler)] memory limit in the container's cgroup: \(readMemory)")
        let cpuScript = """
            cat /sys/fs/cgroup/cpu.max 2>/dev/null || \
            echo "$(cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us) $(cat /sys/fs/cgroup/cpu/cpu.cfs_period_us)"
            """
        let readCPU = try await exec(cri, id, ["sh", "-c", cpuScript], expecting: nil)
        #expect(readCPU.stdout == "\(quota) 100000\n", "[\(handler)] CPU quota in the container's cgroup: \(readCPU)")
    }

    private func stopEscalates(_ cri: CRIClient, _ pod: Pod) async throws {
        let id = pod["stubborn"]
        let log = "\(pod.spec.logDirectory)/stubborn.log"
        try await waitFor("stubborn's trap") {
            ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").contains("stdout F ready")
        }
        try await cri.stopContainer(id, timeout: 3)
        let status = try await cri.containerStatus(id)
        #expect(status.state == .containerExited, "[\(handler)] \(status.state)")
        #expect(
            status.exitCode == 137,
            "[\(handler)] a container that ignores SIGTERM is SIGKILLed: exit \(status.exitCode)")
        let text = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
        #expect(text.contains("stdout F caught TERM"), "[\(handler)] SIGTERM first, caught by the trap:\n\(text)")
    }

    private func oomKilled(_ cri: CRIClient, _ pod: inout Pod) async throws {
        var hog = ContainerSpec(
            name: "hog", image: CRIEnvironment.image, command: ["sh", "-c", "x=a; while true; do x=$x$x; done"])
        hog.memoryLimit = 32 << 20
        try await addContainer(cri, &pod, hog)
        let id = pod["hog"]
        var status = try await cri.containerStatus(id)
        let deadline = ContinuousClock.now + handler.patience
        while status.state != .containerExited, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(200))
            status = try await cri.containerStatus(id)
        }
        #expect(status.state == .containerExited, "[\(handler)] the hog must be killed: \(status.state)")
        #expect(
            status.reason == "OOMKilled",
            "[\(handler)] reason: \(status.reason.debugDescription), exit \(status.exitCode)")
        #expect(status.exitCode == 137, "[\(handler)] exit code: \(status.exitCode)")
    }

    private func isolated(_ cri: CRIClient, _ web: Pod, _ other: Pod) async throws {
        let id = other["other"]
        #expect(
            other.ip != web.ip && other.ip.hasPrefix(CRIEnvironment.subnetPrefix),
            "[\(handler)] IPs \(web.ip), \(other.ip)")
        let hostname = try await exec(cri, id, ["hostname"])
        #expect(hostname.stdout == "\(other.spec.hostname)\n", "[\(handler)] \(hostname)")
        let shm = try await exec(cri, id, ["cat", "/dev/shm/marker"], expecting: nil)
        #expect(shm.exitCode != 0, "[\(handler)] another pod's /dev/shm must not be shared: \(shm)")
        let processes = try await exec(cri, id, ["ps", "-o", "args"])
        #expect(
            !processes.stdout.contains("httpd"), "[\(handler)] another pod's processes must be invisible: \(processes)")
        let local = try await exec(
            cri, id, ["wget", "-q", "-O", "-", "http://127.0.0.1:\(Self.webPort)/index.html"], expecting: nil
        )
        #expect(local.exitCode != 0, "[\(handler)] another pod's localhost is not web's: \(local)")
        let bootID = "/proc/sys/kernel/random/boot_id"
        let mine = try await exec(cri, id, ["cat", bootID]).stdout
        let theirs = try await exec(cri, web["peer"], ["cat", bootID]).stdout
        if handler == .kata {
            #expect(mine != theirs, "[kata] each pod has its own VM")
            let qemus = Host.processes(mentioning: other.id).filter { Host.command(of: $0).hasPrefix("qemu") }
            #expect(qemus.count == 1, "[kata] one QEMU for the second pod: \(qemus)")
        }
    }

    // MARK: Pods

    private func runPod(_ cri: CRIClient, name: String, sharesProcessNamespace: Bool) async throws -> Pod {
        let podName = "cri-\(handler)-\(name)-\(run)"
        var spec = PodSpec(
            name: podName, hostname: "\(handler)-\(name)", logDirectory: "\(CRIEnvironment.logRoot)/\(podName)")
        spec.dnsServers = [Self.dnsServer]
        spec.dnsSearches = Self.dnsSearches
        spec.dnsOptions = ["ndots:5"]
        spec.sharesProcessNamespace = sharesProcessNamespace
        spec.cgroupParent = CRIEnvironment.cgroupParent
        try FileManager.default.createDirectory(atPath: spec.logDirectory, withIntermediateDirectories: true)
        let id = try await cri.runPodSandbox(spec.config, handler: handler.rawValue)
        var pod = Pod(spec: spec, id: id)
        let status = try await cri.podSandboxStatus(id, verbose: true)
        #expect(status.status.state == .sandboxReady, "[\(handler)] \(podName): \(status.status.state)")
        #expect(status.status.runtimeHandler == handler.rawValue, "[\(handler)] \(status.status.runtimeHandler)")
        pod.ip = status.status.network.ip
        let info = status.info.values.joined()
        if let match = info.firstMatch(of: /\/var\/run\/netns\/cni-[0-9a-f-]+/) { pod.netns = String(match.output) }
        return pod
    }

    private func addContainer(_ cri: CRIClient, _ pod: inout Pod, _ container: ContainerSpec) async throws {
        let id = try await cri.createContainer(
            in: pod.id, container.config(in: pod.spec), sandboxConfig: pod.spec.config)
        pod.containers[container.name] = id
        try await cri.startContainer(id)
    }

    private func removeAndExpectNothingLeft(_ cri: CRIClient, _ pod: Pod) async throws {
        try await cri.stopPodSandbox(pod.id)
        try await cri.removePodSandbox(pod.id)
        let pods = try await cri.listPodSandbox().map(\.id)
        #expect(!pods.contains(pod.id), "[\(handler)] ListPodSandbox still has \(pod.id)")
        var filter = Runtime_V1_ContainerFilter()
        filter.podSandboxID = pod.id
        let containers = try await cri.listContainers(filter)
        #expect(containers.isEmpty, "[\(handler)] containers of \(pod.id) remain: \(containers.map(\.id))")
        // The shim exits after answering the last Delete; give it a moment to go.
        var processes = Host.processes(mentioning: pod.id)
        let deadline = ContinuousClock.now + .seconds(15)
        while !processes.isEmpty, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(200))
            processes = Host.processes(mentioning: pod.id)
        }
        #expect(
            processes.isEmpty,
            "[\(handler)] processes of \(pod.id) remain (QEMU, virtiofsd, shim):\n\(processes.joined(separator: "\n"))")
        let mounts = (try? String(contentsOfFile: "/proc/self/mountinfo", encoding: .utf8)) ?? ""
        let ours = mounts.split(separator: "\n").filter {
            $0.contains(pod.id) || (!pod.netns.isEmpty && $0.contains(pod.netns))
        }
        #expect(ours.isEmpty, "[\(handler)] mounts of \(pod.id) remain:\n\(ours.joined(separator: "\n"))")
        var paths = [
            "/run/vc/sbs/\(pod.id)", "/run/vc/vm/\(pod.id)", "/run/kata-containers/shared/sandboxes/\(pod.id)",
        ]
        if !pod.netns.isEmpty { paths.append(pod.netns) }
        for path in paths {
            #expect(!FileManager.default.fileExists(atPath: path), "[\(handler)] \(path) remains")
        }
        #expect(!pod.netns.isEmpty, "[\(handler)] PodSandboxStatus's verbose info named no CNI netns for \(pod.id)")
        let reservation = "/var/lib/cni/networks/kata-test-cni/\(pod.ip)"
        #expect(
            pod.ip.isEmpty || !FileManager.default.fileExists(atPath: reservation),
            "[\(handler)] \(reservation) remains")
        // kubelet, not the runtime, removes a pod's log directory.
        try? FileManager.default.removeItem(atPath: pod.spec.logDirectory)
    }

    // MARK: Helpers

    /// Runs one scenario, recording what it throws under its name so the next scenario still runs.
    private func step(_ name: String, _ body: () async throws -> Void) async {
        print("[\(handler)] scenario: \(name)")
        do {
            try await body()
        } catch {
            Issue.record(error, "[\(handler)] \(name)")
        }
    }

    /// ExecSync that expects the command's exit code (`nil`: any).
    private func exec(
        _ cri: CRIClient, _ id: String, _ command: [String], expecting code: Int32? = 0
    )
        async throws -> ExecResult
    {
        let result = try await cri.execSync(id, command, timeout: 30)
        if let code, result.exitCode != code {
            Issue.record("[\(handler)] \(command.joined(separator: " ")) in \(id): \(result)")
        }
        return result
    }

    /// Fetches `url` from inside container `id`, retrying while the server is still starting. No
    /// `wget -T`: the static busybox's timeout segfaults when /etc/resolv.conf names a server
    /// (as CRI's does); ExecSync's timeout bounds it instead.
    private func waitForWeb(_ cri: CRIClient, _ id: String, url: String) async throws -> String {
        let deadline = ContinuousClock.now + handler.patience
        var last = ExecResult(stdout: "", stderr: "", exitCode: -1)
        while ContinuousClock.now < deadline {
            last = try await cri.execSync(id, ["wget", "-q", "-O", "-", url], timeout: 30)
            if last.exitCode == 0 { return last.stdout }
            try await Task.sleep(for: .milliseconds(300))
        }
        Issue.record("[\(handler)] \(url) never answered: \(last)")
        return last.stdout
    }

    private func waitFor(_ what: String, _ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now + handler.patience
        while !condition() {
            guard ContinuousClock.now < deadline else {
                Issue.record("[\(handler)] gave up waiting for \(what)")
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }
}
