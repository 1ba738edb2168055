// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataTestSupport
import Synchronization
import Testing

@Suite struct VMSlotTests {
    /// How many bodies run now, the most that ever ran at once, and how many finished.
    final class Tally: Sendable {
        let counts = Mutex((running: 0, most: 0, finished: 0))
    }

    /// Eight bodies through two slots: never more than two run at once, and every one runs.
    @Test func noMoreBodiesRunThanThereAreSlots() async throws {
        let slots = VMSlot.Slots(capacity: 2)
        let tally = Tally()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    try await slots.withSlot {
                        tally.counts.withLock {
                            $0.running += 1
                            $0.most = max($0.most, $0.running)
                        }
                        try await Task.sleep(for: .milliseconds(20))
                        tally.counts.withLock {
                            $0.running -= 1
                            $0.finished += 1
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        let final = tally.counts.withLock { $0 }
        #expect(final.most <= 2 && final.most >= 1)
        #expect(final.finished == 8 && final.running == 0)
    }

    /// A body that throws frees its slot: the next one still runs.
    @Test func aThrowingBodyFreesItsSlot() async throws {
        struct Boom: Error {}
        let slots = VMSlot.Slots(capacity: 1)
        await #expect(throws: Boom.self) { try await slots.withSlot { () throws -> Int in throw Boom() } }
        let value = await slots.withSlot { 7 }
        #expect(value == 7)
    }
}
