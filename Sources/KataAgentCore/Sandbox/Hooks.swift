// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataError
import KataLinux
import OCISpec
import SystemPackage

/// OCI hooks the agent runs in the guest: the host's `prestart`, `createRuntime`, `poststart` and
/// `poststop` hooks, and the executables under CreateSandbox's `guest_hook_path`.
///
/// Each hook gets the container's OCI state as JSON on stdin, as runc gives it. A failing
/// `prestart`/`createRuntime` hook fails the container; a failing `poststart`/`poststop` hook is
/// only logged, as the runtime spec asks.
struct Hooks: Sendable {
    /// The guest hooks found under `guest_hook_path`, by hook type.
    struct GuestHooks: Sendable, Equatable {
        /// `<path>/prestart`: Kata runs these with the poststart hooks (the container's
        /// processes exist by then).
        var prestart: [Hook] = []
        /// `<path>/poststart`.
        var poststart: [Hook] = []
        /// `<path>/poststop`.
        var poststop: [Hook] = []

        /// Scans `<path>/{prestart,poststart,poststop}` for executable regular files (symbolic
        /// links are skipped), in name order; each runs as `<file> <hook type>`.
        /// - Parameter path: `guest_hook_path`; a missing directory has no hooks.
        init(scanning path: String) {
            func scan(_ type: String) -> [Hook] {
                let directory = "\(path)/\(type)"
                let names = (try? FileSystem.directoryEntries(directory)) ?? []
                return names.sorted().compactMap { name in
                    let file = "\(directory)/\(name)"
                    guard FileSystem.fileType(file) == .regular, FileSystem.isExecutable(file)
                    else { return nil }
                    return Hook(path: file, args: [name, type])
                }
            }
            prestart = scan("prestart")
            poststart = scan("poststart")
            poststop = scan("poststop")
        }

        /// No guest hooks.
        init() {}
    }

    /// How long a hook without its own timeout may run.
    static let defaultTimeout: Duration = .seconds(60)

    let reaper: Reaper

    /// Runs `hooks` in order; stops at the first failure.
    /// - Parameters:
    ///   - hooks: the hooks.
    ///   - kind: the hook type, for messages ("prestart").
    ///   - state: the OCI state JSON written to each hook's stdin; only built when there are hooks,
    ///     since most containers have none and create/start is the hot path.
    /// - Throws: ``KataError`` naming the hook, its exit status and the start of its output.
    func run(_ hooks: [Hook], kind: String, state: @autoclosure () -> String) async throws {
        guard !hooks.isEmpty else { return }
        let state = state()
        for hook in hooks {
            try await run(hook, kind: kind, state: state)
        }
    }

    private func run(_ hook: Hook, kind: String, state: String) async throws {
        guard hook.path.hasPrefix("/") else {
            throw KataError(.invalidArgument, "\(kind) hook \"\(hook.path)\": the path must be absolute")
        }
        let input = try Pipe.make()
        let output: (read: FileDescriptor, write: FileDescriptor)
        do {
            output = try Pipe.make()
        } catch {
            try? input.read.close()
            try? input.write.close()
            throw KataError(.internal, "\(kind) hook \(hook.path): making its pipes failed", underlying: error)
        }
        defer { try? output.read.close() }
        let pid: Int32
        do {
            defer {
                try? input.read.close()
                try? output.write.close()
            }
            pid = try Spawn.spawn(
                hook.path, arguments: hook.args.flatMap { $0.isEmpty ? nil : $0 } ?? [hook.path],
                environment: hook.env ?? [],
                descriptors: [input.read, output.write, output.write])
        } catch {
            try? input.write.close()
            throw KataError(.invalidArgument, "\(kind) hook \(hook.path) could not start", underlying: error)
        }
        reaper.childStarted()
        // The state is a few hundred bytes: it fits the pipe, so this write never blocks.
        _ = try? Array(state.utf8).withUnsafeBytes { try input.write.writeAll($0) }
        try? input.write.close()

        let timeout = hook.timeout.flatMap { $0 > 0 ? Duration.seconds($0) : nil } ?? Self.defaultTimeout
        let termination = try await withThrowingTaskGroup(of: ProcessControl.Termination?.self) { group in
            group.addTask { await reaper.termination(of: pid) }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            let first = try await group.next() ?? nil
            // The group returns only when both tasks have: a hook past its time is killed here,
            // so the task waiting for its exit can end.
            if first == nil { try? ProcessControl.kill(pid, .kill) }
            group.cancelAll()
            return first
        }
        guard let termination else {
            throw KataError(.deadlineExceeded, "\(kind) hook \(hook.path) did not finish within \(timeout)")
        }
        guard termination == .exited(0) else {
            try? SocketPair.setNonBlocking(output.read)
            var buffer = [UInt8](repeating: 0, count: 1024)
            let count = (try? buffer.withUnsafeMutableBytes { try output.read.read(into: $0) }) ?? 0
            let text = String(decoding: buffer[..<count], as: UTF8.self)
            throw KataError(
                .failedPrecondition,
                "\(kind) hook \(hook.path) failed with \(termination)\(text.isEmpty ? "" : ": \(text)")")
        }
    }

    /// The OCI state a hook reads on stdin.
    static func state(id: String, status: String, pid: Int32, bundle: String, annotations: [String: String]) -> String {
        let notes = annotations.keys.sorted().map {
            "\(JSONLogHandler.quote($0)):\(JSONLogHandler.quote(annotations[$0] ?? ""))"
        }
        return "{\"ociVersion\":\"1.0.2\",\"id\":\(JSONLogHandler.quote(id)),\"status\":\"\(status)\",\"pid\":\(pid),"
            + "\"bundle\":\(JSONLogHandler.quote(bundle)),\"annotations\":{\(notes.joined(separator: ","))}}"
    }
}
