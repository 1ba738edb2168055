// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataLinux
import Testing

/// The one wait-for-it primitive and the one deadline helper.
@Suite(.timeLimit(.minutes(1))) struct LatchTests {
    @Test func everyWaiterGetsTheValueAndLaterResolvesAreIgnored() async throws {
        let latch = Latch<Int>()
        async let first = latch.wait()
        async let second = latch.valueIgnoringCancellation()
        #expect(latch.resolve(7))
        #expect(!latch.resolve(8))
        #expect(try await first == 7)
        #expect(await second == 7)
        #expect(try await latch.wait() == 7, "a wait after the value returns at once")
        #expect(latch.value == 7)
    }

    @Test func aCancelledWaiterLeavesAndTheOthersStay() async throws {
        let latch = Latch<String>()
        let cancelled = Task { try await latch.wait() }
        let steadfast = Task { await latch.valueIgnoringCancellation() }
        let staying = Task { try await latch.wait() }
        cancelled.cancel()
        steadfast.cancel()
        await #expect(throws: CancellationError.self) { try await cancelled.value }
        latch.resolve("done")
        #expect(await steadfast.value == "done", "cancellation does not end this wait")
        #expect(try await staying.value == "done")
    }

    @Test func aWaitWithADeadlineEndsEitherWay() async {
        let never = Latch<Int>()
        #expect(await never.wait(until: .now + .milliseconds(20)) == nil)
        let resolved = Latch<Int>()
        resolved.resolve(3)
        #expect(await resolved.wait(until: .now - .seconds(1)) == 3, "an arrived value wins over a past deadline")
        let later = Latch<Int>()
        let waiter = Task { await later.wait(until: .now + .seconds(600)) }
        later.resolve(4)
        #expect(await waiter.value == 4)
    }

    @Test func aDeadlineCancelsTheWorkAndWaitsForIt() async {
        let result = await Deadline.run(for: .milliseconds(20)) { () async -> Bool in
            // Sleeps until cancelled, then reports that it saw the cancellation.
            try? await Task.sleep(for: .seconds(600))
            return Task.isCancelled
        }
        #expect(result == nil)
        #expect(await Deadline.run(for: .seconds(600)) { 42 } == 42)
    }
}
