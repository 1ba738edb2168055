// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import OCISpec

extension SeccompProgram {
    /// One instruction of a condition, its jumps named by where they go.
    struct Step {
        /// Where a jump goes.
        enum Target {
            /// The next instruction.
            case next
            /// Past the condition: it holds.
            case pass
            /// Past the rule's return: it does not hold.
            case fail
        }

        var code: UInt16
        var k: UInt32
        var jt: Target = .next
        var jf: Target = .next
    }

    /// The steps testing one 64-bit argument condition, as libseccomp compares on a 64-bit
    /// architecture: unsigned, the high words first, the low words only when the high ones are equal.
    static func steps(_ condition: Linux.Seccomp.Argument) -> [Step] {
        let low = Offset.argument(condition.index)
        let high = low + 4
        let value = condition.value
        let (valueHigh, valueLow) = (UInt32(truncatingIfNeeded: value >> 32), UInt32(truncatingIfNeeded: value))
        func load(_ offset: UInt32) -> Step { Step(code: Opcode.load, k: offset) }
        func equal(_ k: UInt32, _ jt: Step.Target, _ jf: Step.Target) -> Step {
            Step(code: Opcode.jumpIfEqual, k: k, jt: jt, jf: jf)
        }
        func greater(_ k: UInt32, _ jt: Step.Target, _ jf: Step.Target) -> Step {
            Step(code: Opcode.jumpIfGreater, k: k, jt: jt, jf: jf)
        }
        func greaterOrEqual(_ k: UInt32, _ jt: Step.Target, _ jf: Step.Target) -> Step {
            Step(code: Opcode.jumpIfGreaterOrEqual, k: k, jt: jt, jf: jf)
        }
        switch condition.op {
        case .equal:
            return [load(high), equal(valueHigh, .next, .fail), load(low), equal(valueLow, .pass, .fail)]
        case .notEqual:
            return [load(high), equal(valueHigh, .next, .pass), load(low), equal(valueLow, .fail, .pass)]
        case .greaterThan:
            return [
                load(high), greater(valueHigh, .pass, .next), equal(valueHigh, .next, .fail), load(low),
                greater(valueLow, .pass, .fail),
            ]
        case .greaterOrEqual:
            return [
                load(high), greater(valueHigh, .pass, .next), equal(valueHigh, .next, .fail), load(low),
                greaterOrEqual(valueLow, .pass, .fail),
            ]
        case .lessThan:
            return [
                load(high), greater(valueHigh, .fail, .next), equal(valueHigh, .next, .pass), load(low),
                greaterOrEqual(valueLow, .fail, .pass),
            ]
        case .lessOrEqual:
            return [
                load(high), greater(valueHigh, .fail, .next), equal(valueHigh, .next, .pass), load(low),
                greater(valueLow, .fail, .pass),
            ]
        case .maskedEqual:
            // (argument & value) == valueTwo; a mask and datum without high bits need no high test.
            let datum = condition.valueTwo ?? 0
            let (datumHigh, datumLow) = (UInt32(truncatingIfNeeded: datum >> 32), UInt32(truncatingIfNeeded: datum))
            let lowSteps = [
                load(low), Step(code: Opcode.and, k: valueLow), equal(datumLow, .pass, .fail),
            ]
            if valueHigh == 0 && datumHigh == 0 { return lowSteps }
            return [load(high), Step(code: Opcode.and, k: valueHigh), equal(datumHigh, .next, .fail)] + lowSteps
        }
    }
}
