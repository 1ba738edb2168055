// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Dispatch
import Synchronization
package import SystemPackage

/// Starts long-running children (QEMU) from one dedicated thread that never exits, so that each
/// child's parent-death signal means "the runtime process died".
///
/// why: `PR_SET_PDEATHSIG` fires when the *thread* that forked the child exits, not the process.
/// Foundation's `Process` and any Swift concurrency pool thread may exit while the runtime lives on,
/// which would SIGKILL a healthy VM. Spawning from this thread (fork + prctl + getppid check + execve,
/// in C, see `ckl_spawn_bound_to_thread`) ties the child to the process's lifetime instead. One
/// spawner per process is enough; its thread lives until the process ends, also after the spawner
/// itself is released.
package final class ChildSpawner: Sendable {
    /// Why a child could not be started.
    package enum Error: Swift.Error, CustomStringConvertible, Sendable, Equatable {
        /// fork or execve failed, e.g. `spawn /usr/bin/qemu-system-x86_64: No such file or directory`.
        case spawnFailed(path: String, reason: String)

        /// The failure and the program.
        package var description: String {
            switch self {
            case .spawnFailed(_, let reason): reason
            }
        }
    }

    /// The jobs the thread runs, in order; the thread holds this, not the spawner.
    private final class Queue: Sendable {
        typealias Job = @Sendable () -> Void
        let jobs = Mutex<[Job]>([])
        let wakeUp = DispatchSemaphore(value: 0)

        func submit(_ job: @escaping Job) {
            jobs.withLock { $0.append(job) }
            wakeUp.signal()
        }

        func run() -> Never {
            while true {
                wakeUp.wait()
                let job = jobs.withLock { $0.isEmpty ? nil : $0.removeFirst() }
                job?()
            }
        }
    }

    private let queue = Queue()
    /// Why the thread could not be created (thread limit reached); every spawn then fails with it.
    private let threadError: Errno?

    /// Starts the spawner's thread.
    package init() {
        let queue = queue
        do {
            try OSThread.start(name: "child-spawner") { queue.run() }
            threadError = nil
        } catch {
            threadError = error
        }
    }

    /// Starts `path` with exactly `descriptors` as its descriptors 0, 1, 2, …, an empty signal
    /// mask, default signal dispositions, and SIGKILL as its parent-death signal.
    /// - Parameters:
    ///   - path: the program.
    ///   - arguments: argv, argv[0] included.
    ///   - environment: `NAME=value` entries.
    ///   - descriptors: the child's descriptors in order (at most 64); the caller keeps its copies.
    /// - Returns: the child's pid; the caller must wait for it.
    /// - Throws: Error/spawnFailed(path:reason:), also for an exec failure in the child.
    package func spawn(
        _ path: String, arguments: [String], environment: [String], descriptors: [FileDescriptor]
    ) async throws(Error) -> Int32 {
        if let threadError {
            throw .spawnFailed(path: path, reason: "spawn \(path): cannot create the spawner thread: \(threadError)")
        }
        let result: Result<Int32, Error> = await withCheckedContinuation { continuation in
            queue.submit {
                do throws(Syscall.Error) {
                    let pid = try Spawn.spawnBoundToThread(
                        path, arguments: arguments, environment: environment, descriptors: descriptors)
                    continuation.resume(returning: .success(pid))
                } catch {
                    continuation.resume(returning: .failure(.spawnFailed(path: path, reason: error.description)))
                }
            }
        }
        return try result.get()
    }
}
