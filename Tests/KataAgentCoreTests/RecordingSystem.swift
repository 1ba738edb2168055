// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataAgentCore
import KataLinux
import Synchronization
import SystemPackage

/// A ``SystemOperations`` that records every call instead of making it, with an in-memory file table
/// and mount table, and failures to inject per call.
final class RecordingSystem: SystemOperations {
    enum Call: Equatable, CustomStringConvertible {
        case mount(source: String, target: String, type: String?, flags: Mount.Flags, data: String?)
        case makeDirectories(String)
        case writeFile(String, contents: String)
        case removeFile(String)
        case symlink(String, target: String)
        case createSession
        case setControllingTerminal
        case setEnvironment(String, value: String)
        case setHostname(String)
        case loadKernelModule(String, parameters: String)
        case setLinkUp(String)
        case setChildSubreaper
        case syncAndPowerOff

        var description: String {
            switch self {
            case .mount(_, let target, let type, _, let data):
                "mount \(type ?? "-") \(target)" + (data.map { " \($0)" } ?? "")
            case .makeDirectories(let path): "mkdir \(path)"
            case .writeFile(let path, let contents): "write \(path) \(contents)"
            case .removeFile(let path): "rm \(path)"
            case .symlink(let path, let target): "ln \(path) -> \(target)"
            case .createSession: "setsid"
            case .setControllingTerminal: "tiocsctty"
            case .setEnvironment(let name, let value): "setenv \(name)=\(value)"
            case .setHostname(let name): "hostname \(name)"
            case .loadKernelModule(let path, let parameters):
                parameters.isEmpty ? "insmod \(path)" : "insmod \(path) \(parameters)"
            case .setLinkUp(let name): "link up \(name)"
            case .setChildSubreaper: "subreaper"
            case .syncAndPowerOff: "poweroff"
            }
        }
    }

    private struct State {
        var calls: [Call] = []
        var files: [String: String] = [:]
        var mounts: [MountInfo] = []
        var failures: [String: Errno] = [:]
    }

    private let state: Mutex<State>
    let release = "6.1.0-test"

    /// - Parameters:
    ///   - files: file contents by path; a path not listed reads as ENOENT.
    ///   - mounted: what is mounted before the first call; without /proc there is no mount table.
    init(files: [String: String] = [:], mounted: [(target: String, type: String)] = []) {
        var state = State()
        state.files = files
        state.mounts = mounted.enumerated().map { index, mount in
            MountInfo(
                mountID: index + 1, parentID: 1, device: "0:\(index)", root: "/", mountPoint: mount.target,
                mountOptions: ["rw"], fileSystemType: mount.type, source: mount.type, superOptions: ["rw"])
        }
        self.state = Mutex(state)
    }

    /// Makes the call whose `description` starts with `prefix` fail with `errno`.
    func fail(_ prefix: String, with errno: Errno) {
        state.withLock { $0.failures[prefix] = errno }
    }

    var calls: [Call] { state.withLock { $0.calls } }
    var callDescriptions: [String] { calls.map(\.description) }

    private func record(_ call: Call, name: String, path: String?) throws(Syscall.Error) {
        let failure = state.withLock { state -> Errno? in
            state.calls.append(call)
            return state.failures.first { call.description.hasPrefix($0.key) }?.value
        }
        if let failure {
            throw .syscall(name: name, path: path, errno: failure)
        }
    }

    func mountTable() throws(Syscall.Error) -> MountTable {
        let (mounts, procMounted) = state.withLock { state in
            (state.mounts, state.mounts.contains { $0.mountPoint == "/proc" })
        }
        guard procMounted else {
            throw .syscall(name: "open", path: "/proc/self/mountinfo", errno: .noSuchFileOrDirectory)
        }
        return MountTable(entries: mounts)
    }

    func mount(source: String, target: String, type: String?, flags: Mount.Flags, data: String?) throws(Syscall.Error) {
        try record(
            .mount(source: source, target: target, type: type, flags: flags, data: data), name: "mount", path: target)
        guard let type, !flags.contains(.remount) else {
            return
        }
        state.withLock { state in
            state.mounts.append(
                MountInfo(
                    mountID: state.mounts.count + 100, parentID: 1, device: "0:0", root: "/", mountPoint: target,
                    mountOptions: ["rw"], fileSystemType: type, source: source, superOptions: ["rw"]))
        }
    }

    func makeDirectories(_ path: String) throws(Syscall.Error) {
        try record(.makeDirectories(path), name: "mkdir", path: path)
    }

    func fileExists(_ path: String) -> Bool {
        state.withLock { $0.files[path] != nil }
    }

    func readFile(_ path: String) throws(Syscall.Error) -> String {
        guard let text = state.withLock({ $0.files[path] }) else {
            throw .syscall(name: "open", path: path, errno: .noSuchFileOrDirectory)
        }
        return text
    }

    func writeFile(_ contents: String, to path: String) throws(Syscall.Error) {
        try record(.writeFile(path, contents: contents), name: "open", path: path)
        state.withLock { $0.files[path] = contents }
    }

    func removeFile(_ path: String) throws(Syscall.Error) {
        try record(.removeFile(path), name: "unlink", path: path)
        state.withLock { $0.files[path] = nil }
    }

    func symlink(at path: String, to target: String) throws(Syscall.Error) {
        try record(.symlink(path, target: target), name: "symlink", path: path)
    }

    func createSession() throws(Syscall.Error) {
        try record(.createSession, name: "setsid", path: nil)
    }

    func setControllingTerminal() throws(Syscall.Error) {
        try record(.setControllingTerminal, name: "ioctl(TIOCSCTTY)", path: nil)
    }

    func setEnvironmentValue(_ value: String, for name: String) throws(Syscall.Error) {
        try record(.setEnvironment(name, value: value), name: "setenv", path: name)
    }

    func setHostname(_ name: String) throws(Syscall.Error) {
        try record(.setHostname(name), name: "sethostname", path: name)
    }

    func kernelRelease() throws(Syscall.Error) -> String {
        release
    }

    func loadKernelModule(path: String, parameters: String) throws(Syscall.Error) -> KernelModule.LoadResult {
        try record(.loadKernelModule(path, parameters: parameters), name: "finit_module", path: path)
        return .loaded
    }

    func setLinkUp(_ name: String) throws(Syscall.Error) {
        try record(.setLinkUp(name), name: "ioctl(SIOCSIFFLAGS)", path: name)
    }

    func setChildSubreaper() throws(Syscall.Error) {
        try record(.setChildSubreaper, name: "prctl(PR_SET_CHILD_SUBREAPER)", path: nil)
    }

    func syncAndPowerOff() throws(Syscall.Error) {
        try record(.syncAndPowerOff, name: "reboot", path: nil)
    }
}

/// Log lines captured from a ``ConsoleLogSink``.
final class CapturedLines: Sendable {
    private let lines = Mutex<[String]>([])

    var all: [String] { lines.withLock { $0 } }

    func sink(buffering: Bool) -> ConsoleLogSink {
        ConsoleLogSink(buffering: buffering) { line in self.lines.withLock { $0.append(line) } }
    }

    /// The `msg` fields, in order.
    var messages: [String] {
        all.compactMap { line in
            guard let start = line.range(of: "{\"msg\":\"")?.upperBound,
                let end = line[start...].range(of: "\",\"level\"")?.lowerBound
            else {
                return nil
            }
            return String(line[start..<end])
        }
    }
}
