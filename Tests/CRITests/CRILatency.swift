// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import CRITestSupport
import Foundation
import Testing

/// What bench/cri-latency.sh asks for.
enum CRIBenchSettings {
    /// Where the figures go (JSON); the suite runs only when it is set.
    static let output = ProcessInfo.processInfo.environment["KATA_CRI_BENCH_OUT"]
    /// Pods per handler.
    static let runs = Int(ProcessInfo.processInfo.environment["KATA_CRI_BENCH_RUNS"] ?? "") ?? 5
}

/// `make bench`'s CRI figures (bench/cri-latency.sh): RunPodSandbox and the first container's
/// CreateContainer+StartContainer, with runc and kata in the same run, as kubelet sees them.
/// Measures only; it asserts nothing about time.
@Suite(
    "CRI latency (bench)",
    .serialized,
    .enabled(if: CRIBenchSettings.output != nil, "set KATA_CRI_BENCH_OUT to a JSON path (bench/cri-latency.sh does)"),
    .enabled(
        if: CRIEnvironment.kataUnavailableReason == nil,
        Comment(rawValue: CRIEnvironment.kataUnavailableReason ?? ""))
)
struct CRILatency {
    @Test func podAndFirstContainer() async throws {
        var figures: [String: [String: [Double]]] = [:]
        try await CRIClient.with(socketPath: CRIEnvironment.address, callTimeout: .seconds(180)) { cri in
            for handler in [Handler.runc, .kata] {
                var sandbox: [Double] = []
                var container: [Double] = []
                for index in 1...CRIBenchSettings.runs {
                    let name = "cri-bench-\(handler)-\(index)-\(UUID().uuidString.prefix(8).lowercased())"
                    var pod = PodSpec(name: name, hostname: name, logDirectory: "\(CRIEnvironment.logRoot)/\(name)")
                    pod.cgroupParent = CRIEnvironment.cgroupParent
                    try FileManager.default.createDirectory(atPath: pod.logDirectory, withIntermediateDirectories: true)
                    let clock = ContinuousClock()
                    let started = clock.now
                    let id = try await cri.runPodSandbox(pod.config, handler: handler.rawValue)
                    let ready = clock.now
                    let spec = ContainerSpec(name: "first", image: CRIEnvironment.image, command: ["sleep", "100000"])
                    do {
                        let container = try await cri.createContainer(
                            in: id, spec.config(in: pod), sandboxConfig: pod.config)
                        try await cri.startContainer(container)
                    } catch {
                        Issue.record(error, "[\(handler)] run \(index): first container")
                    }
                    let running = clock.now
                    sandbox.append(Self.milliseconds(ready - started))
                    container.append(Self.milliseconds(running - ready))
                    try await cri.stopPodSandbox(id)
                    try await cri.removePodSandbox(id)
                    try? FileManager.default.removeItem(atPath: pod.logDirectory)
                }
                figures[handler.rawValue] = ["run_pod_sandbox_ms": sandbox, "first_container_ms": container]
            }
        }
        let path = try #require(CRIBenchSettings.output)
        let data = try JSONSerialization.data(withJSONObject: figures, options: [.prettyPrinted, .sortedKeys])
        try data.write(to: URL(fileURLWithPath: path))
    }

    static func milliseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }
}
