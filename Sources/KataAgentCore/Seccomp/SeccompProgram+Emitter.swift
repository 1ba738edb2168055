// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataLinux
import OCISpec

extension SeccompProgram {
    /// The classic BPF opcodes the compiler emits (linux/bpf_common.h).
    enum Opcode {
        /// BPF_LD | BPF_W | BPF_ABS: A = the 32-bit word of seccomp_data at k.
        static let load: UInt16 = 0x20
        /// BPF_JMP | BPF_JEQ | BPF_K.
        static let jumpIfEqual: UInt16 = 0x15
        /// BPF_JMP | BPF_JGT | BPF_K (unsigned).
        static let jumpIfGreater: UInt16 = 0x25
        /// BPF_JMP | BPF_JGE | BPF_K (unsigned).
        static let jumpIfGreaterOrEqual: UInt16 = 0x35
        /// BPF_JMP | BPF_JA: skip k instructions (32 bits, unlike jt and jf).
        static let jump: UInt16 = 0x05
        /// BPF_ALU | BPF_AND | BPF_K.
        static let and: UInt16 = 0x54
        /// BPF_RET | BPF_K.
        static let `return`: UInt16 = 0x06
    }

    /// Offsets in struct seccomp_data.
    enum Offset {
        /// The call number.
        static let number: UInt32 = 0
        /// The AUDIT_ARCH_* value.
        static let arch: UInt32 = 4
        /// The low word of argument `index`; both architectures are little-endian, so the high
        /// word follows at +4.
        static func argument(_ index: UInt) -> UInt32 { 16 + 8 * UInt32(index) }
    }

    /// The most numbers one unconditional chain tests: the first `jeq` jumps over the others to
    /// the chain's return, and jt has 8 bits.
    static let chainLength = 256

    /// Lays the program out: each call's rules are one block that the call number enters and
    /// that always ends in a return, so no jump leaves it and the A register (reloaded with
    /// arguments inside) never needs the number again.
    struct Emitter {
        /// The program so far.
        private(set) var instructions: [BPFInstruction] = []

        /// Kills another architecture's calls (and x32's on x86-64), and loads the call number.
        mutating func prologue(_ architecture: Architecture) {
            emit(Opcode.load, k: Offset.arch)
            emit(Opcode.jumpIfEqual, jt: 1, k: architecture.auditArch)
            emit(Opcode.return, k: SeccompProgram.killProcess)
            emit(Opcode.load, k: Offset.number)
            if let bit = architecture.x32SyscallBit {
                emit(Opcode.jumpIfGreaterOrEqual, jf: 1, k: bit)
                emit(Opcode.return, k: SeccompProgram.killProcess)
            }
        }

        /// The rules, then the default action. Calls whose first rule is unconditional share one
        /// chain of comparisons per action; the others get a block each. Later rules of a call
        /// after an unconditional one can never match and are left out.
        mutating func body(_ rules: [Rule], defaultAction: UInt32) {
            var order: [UInt32] = []
            var byNumber: [UInt32: [Rule]] = [:]
            for rule in rules {
                if byNumber[rule.number] == nil { order.append(rule.number) }
                byNumber[rule.number, default: []].append(rule)
            }
            var chains: [(action: UInt32, numbers: [UInt32])] = []
            var blocks: [(number: UInt32, rules: [Rule])] = []
            for number in order {
                let all = byNumber[number] ?? []
                let reachable = all.firstIndex { $0.conditions.isEmpty }.map { Array(all[...$0]) } ?? all
                if let only = reachable.first, reachable.count == 1, only.conditions.isEmpty {
                    if let chain = chains.firstIndex(where: { $0.action == only.action }) {
                        chains[chain].numbers.append(number)
                    } else {
                        chains.append((only.action, [number]))
                    }
                } else {
                    blocks.append((number, reachable))
                }
            }
            for chain in chains {
                for start in stride(from: 0, to: chain.numbers.count, by: SeccompProgram.chainLength) {
                    let end = min(start + SeccompProgram.chainLength, chain.numbers.count)
                    emitChain(chain.numbers[start..<end], action: chain.action)
                }
            }
            for block in blocks {
                emitBlock(block.number, rules: block.rules, defaultAction: defaultAction)
            }
            emit(Opcode.return, k: defaultAction)
        }

        /// `if nr == n1 || nr == n2 … return action`, at most ``chainLength`` numbers.
        private mutating func emitChain(_ numbers: ArraySlice<UInt32>, action: UInt32) {
            let count = numbers.count
            for (position, number) in numbers.enumerated() {
                if position < count - 1 {
                    emit(Opcode.jumpIfEqual, jt: UInt8(count - 1 - position), k: number)
                } else {
                    emit(Opcode.jumpIfEqual, jf: 1, k: number)
                }
            }
            emit(Opcode.return, k: action)
        }

        /// One call's rules, entered when the number matches: each rule's conditions fall to the
        /// next rule when one fails; after the last, the default action (unless it was unconditional).
        private mutating func emitBlock(_ number: UInt32, rules: [Rule], defaultAction: UInt32) {
            var body: [BPFInstruction] = []
            for rule in rules { body += Self.rule(rule) }
            if rules.last?.conditions.isEmpty != true {
                body.append(BPFInstruction(code: Opcode.return, k: defaultAction))
            }
            if body.count <= Int(UInt8.max) {
                emit(Opcode.jumpIfEqual, jf: UInt8(body.count), k: number)
            } else {
                emit(Opcode.jumpIfEqual, jt: 1, k: number)
                emit(Opcode.jump, k: UInt32(body.count))
            }
            instructions += body
        }

        /// A rule's code: its conditions, then its return; a failed condition jumps past the return.
        /// Built from the end, so that every jump's length is known when it is emitted.
        static func rule(_ rule: Rule) -> [BPFInstruction] {
            var code = [BPFInstruction(code: Opcode.return, k: rule.action)]
            for condition in rule.conditions.reversed() {
                let steps = SeccompProgram.steps(condition)
                let suffix = code.count
                let compiled = steps.enumerated().map { position, step in
                    let toEnd = steps.count - position - 1
                    func skip(_ target: Step.Target) -> UInt8 {
                        let length =
                            switch target {
                            case .next: 0
                            case .pass: toEnd
                            case .fail: toEnd + suffix
                            }
                        // A rule has at most six conditions of at most six steps each.
                        precondition(length <= Int(UInt8.max), "a seccomp rule's jump is out of range")
                        return UInt8(length)
                    }
                    return BPFInstruction(code: step.code, jt: skip(step.jt), jf: skip(step.jf), k: step.k)
                }
                code = compiled + code
            }
            return code
        }

        private mutating func emit(_ code: UInt16, jt: UInt8 = 0, jf: UInt8 = 0, k: UInt32) {
            instructions.append(BPFInstruction(code: code, jt: jt, jf: jf, k: k))
        }
    }
}
