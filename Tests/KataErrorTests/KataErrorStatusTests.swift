// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataError
import TTRPC
import Testing

/// The one conversion between KataError and ttRPC status, in both directions.
@Suite struct KataErrorStatusTests {
    @Test(arguments: KataError.Code.allCases)
    func everyCodeSurvivesTheWireBothWays(_ code: KataError.Code) {
        let status = KataError(code, "container c1: it failed").ttrpcStatus
        #expect(status.code != .ok)
        let back = KataError(status, context: "the agent refused StartContainer")
        #expect(back.code == code)
        #expect(back.message == "the agent refused StartContainer: container c1: it failed")
    }

    @Test func distinctCodesGetDistinctWireCodes() {
        let wire = Set(KataError.Code.allCases.map { KataError($0, "").ttrpcStatus.code.rawValue })
        #expect(wire.count == KataError.Code.allCases.count)
    }

    @Test func deadlineExceededStaysADeadline() {
        let status = TTRPCStatus(.deadlineExceeded, "context deadline exceeded")
        #expect(KataError(status, context: "CreateContainer").code == .deadlineExceeded)
        #expect(KataError(.deadlineExceeded, "x").ttrpcStatus.code == .deadlineExceeded)
    }

    @Test(arguments: [Int32(0), 17, 99])
    func unknownWireCodesBecomeUnknownNamingTheCode(_ raw: Int32) {
        let error = KataError(TTRPCStatus(TTRPCStatus.Code(rawValue: raw), "odd"), context: "ReadStdout")
        #expect(error.code == .unknown)
        #expect(error.message == "ReadStdout: odd (status code \(raw))")
    }

    @Test func statusOfAnyErrorThrownByAHandler() {
        struct Other: Error, CustomStringConvertible { var description: String { "disk on fire" } }
        let kata = KataError(.notFound, "container c9 does not exist", underlying: Other())
        #expect(KataError.status(for: kata) == TTRPCStatus(.notFound, "container c9 does not exist: disk on fire"))
        #expect(KataError.status(for: TTRPCStatus(.aborted, "raced")) == TTRPCStatus(.aborted, "raced"))
        #expect(KataError.status(for: CancellationError()).code == .cancelled)
        #expect(KataError.status(for: Other()) == TTRPCStatus(.unknown, "disk on fire"))
    }

    @Test func prefixedKeepsCodeAndUnderlying() {
        struct Cause: Error {}
        let error = KataError(.internal, "mount failed", underlying: Cause()).prefixed("container c1")
        #expect(error.code == .internal)
        #expect(error.message == "container c1: mount failed")
        #expect(error.underlying is Cause)
    }
}
