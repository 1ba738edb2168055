// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// A runtime containerd starts a shim for, by the name `ctr run --runtime` takes.
enum Runtime: String, Sendable, CaseIterable {
    case runc = "io.containerd.runc.v2"
    case kata = "io.containerd.kata.v2"

    /// The binary containerd resolves the runtime name to, in its PATH.
    var shimBinary: String {
        switch self {
        case .runc: "containerd-shim-runc-v2"
        case .kata: "containerd-shim-kata-v2"
        }
    }

    /// Bound on every ctr command: a VM under TCG boots in seconds, runc starts in a fraction of one.
    var timeout: Duration {
        switch self {
        case .runc: .seconds(20)
        case .kata: .seconds(60)
        }
    }

    /// Short name for container ids.
    var tag: String {
        switch self {
        case .runc: "runc"
        case .kata: "kata"
        }
    }

    /// Options every `ctr run` of this runtime gets: Kata's shim reads the configuration file
    /// `KATA_TEST_RUNTIME_CONFIG` names (test.sh points it at the guest image this build made),
    /// passed the way containerd passes a runtime's `ConfigPath` option.
    var runOptions: [String] {
        guard self == .kata, let path = ProcessInfo.processInfo.environment["KATA_TEST_RUNTIME_CONFIG"] else {
            return []
        }
        return ["--runtime-config-path", path]
    }

    /// The shim's path in PATH, when there is one.
    var shimPath: String? { ContainerdEnvironment.which(shimBinary) }
}

/// Where the test containerd is and what it holds (scripts/containerd.sh sets it up).
enum ContainerdEnvironment {
    static let image = "kata-test/busybox:latest"
    static let namespace = "kata-test"
    static let addressVariable = "KATA_TEST_CONTAINERD_ADDRESS"
    static let address =
        ProcessInfo.processInfo.environment[addressVariable] ?? "/run/kata-test-containerd/containerd.sock"
    static let ctrPath = which("ctr")

    /// Why the suite cannot run, or `nil` when it can. When test.sh set the address, containerd is
    /// meant to be there: the suite runs, and fails loudly if it is not.
    static let unavailableReason: String? = {
        guard let ctrPath else { return "no ctr in PATH (scripts/deps.sh containerd installs it)" }
        if ProcessInfo.processInfo.environment[addressVariable] != nil { return nil }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: ctrPath)
        process.arguments = ["--address", address, "--timeout", "3s", "version"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return "could not run \(ctrPath)" }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            return "no containerd answers on \(address) (run scripts/containerd.sh start, or set \(addressVariable))"
        }
        return nil
    }()

    /// Why the kata variants are skipped, or `nil` when they run.
    static let kataUnavailableReason: String? =
        unavailableReason ?? (Runtime.kata.shimPath == nil ? "containerd-shim-kata-v2 is not in PATH" : nil)

    /// The first executable called `name` in PATH.
    static func which(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
