// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Glibc
package import Testing

/// A test trait that runs each test (each case of a parameterized test) holding one of a few
/// process-wide VM slots, so that at most that many VM-booting tests run at once.
///
/// why: each serialized VM suite boots one TCG VM at a time, but the suites run in parallel; with
/// ten of them on a two-core CI machine a guest took over 45 s to boot and `dial_timeout` fired
/// (CI failed on it). Holding a slot bounds the load, so a boot takes a few seconds however many
/// suites there are. Apply it to every test or suite that boots a VM, directly or through a shim.
/// A `.timeLimit` counts the wait for a slot too, so VM suites' limits leave room for it.
package struct VMSlot: TestTrait, SuiteTrait, TestScoping {
    /// Slots in the process: `KATA_TEST_VM_SLOTS`, or 3 (TCG runs one thread per vCPU, and most test
    /// VMs idle once booted, so three keep two cores busy without starving a boot).
    package static let capacity: Int = {
        guard let text = getenv("KATA_TEST_VM_SLOTS").map({ String(cString: $0) }), let value = Int(text), value > 0
        else { return 3 }
        return value
    }()

    private static let slots = Slots(capacity: capacity)

    /// Applies to every test of a suite it is attached to.
    package var isRecursive: Bool { true }

    /// Runs `function` once a slot is free, and frees it afterwards.
    ///
    /// A slot is held per test case only: a suite as a whole holds none, or its tests would wait
    /// for the slot their own suite holds.
    package func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        guard let _ = testCase, !test.isSuite else { return try await function() }
        try await Self.slots.withSlot(function)
    }

    /// A counting semaphore whose waiters are served in arrival order.
    package actor Slots {
        private var free: Int
        private var waiters: [CheckedContinuation<Void, Never>] = []

        /// A semaphore with `capacity` free slots.
        package init(capacity: Int) { free = capacity }

        /// Runs `body` holding a slot, waiting for one first if none is free.
        package func withSlot<T: Sendable>(_ body: @Sendable () async throws -> T) async rethrows -> T {
            await acquire()
            defer { release() }
            return try await body()
        }

        private func acquire() async {
            if free > 0 {
                free -= 1
                return
            }
            await withCheckedContinuation { waiters.append($0) }
        }

        private func release() {
            if waiters.isEmpty {
                free += 1
            } else {
                // The slot passes straight to the oldest waiter.
                waiters.removeFirst().resume()
            }
        }
    }
}

extension Trait where Self == VMSlot {
    /// The test boots a VM (in process or through a shim): it holds one of the process's VM slots.
    package static var bootsVM: Self { VMSlot() }
}
