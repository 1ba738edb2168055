// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataLinux
import Testing

/// A classic BPF interpreter for seccomp programs: the instructions the compiler emits, run on a
/// struct seccomp_data as the kernel would, and the checks of the kernel's verifier that matter
/// here (jumps land inside the program, it ends in a return, at most 4096 instructions).
enum BPFMachine {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The value the program returns for the call `nr` of `arch` with `args` (missing ones are 0).
    static func run(_ program: [BPFInstruction], nr: UInt32, arch: UInt32, args: [UInt64] = []) throws -> UInt32 {
        let arguments = args + Array(repeating: 0, count: max(0, 6 - args.count))
        func word(_ offset: UInt32) throws -> UInt32 {
            switch offset {
            case 0: return nr
            case 4: return arch
            case 8, 12: return 0
            case 16..<64 where offset % 4 == 0:
                let argument = arguments[Int(offset - 16) / 8]
                return offset % 8 == 0
                    ? UInt32(truncatingIfNeeded: argument) : UInt32(truncatingIfNeeded: argument >> 32)
            default: throw Failure(description: "load from offset \(offset)")
            }
        }
        var a: UInt32 = 0
        var pc = 0
        var steps = 0
        while pc < program.count {
            let instruction = program[pc]
            steps += 1
            switch instruction.code {
            case 0x20: a = try word(instruction.k)
            case 0x15: pc += Int(a == instruction.k ? instruction.jt : instruction.jf)
            case 0x25: pc += Int(a > instruction.k ? instruction.jt : instruction.jf)
            case 0x35: pc += Int(a >= instruction.k ? instruction.jt : instruction.jf)
            case 0x45: pc += Int(a & instruction.k != 0 ? instruction.jt : instruction.jf)
            case 0x05: pc += Int(instruction.k)
            case 0x54: a &= instruction.k
            case 0x06: return instruction.k
            default: throw Failure(description: "unknown opcode \(instruction) at \(pc)")
            }
            pc += 1
        }
        throw Failure(description: "the program ran past its end after \(steps) steps")
    }

    /// The verifier's checks: length, jumps inside the program, a return at the end.
    static func validate(_ program: [BPFInstruction]) throws {
        guard !program.isEmpty, program.count <= 4096 else {
            throw Failure(description: "\(program.count) instructions")
        }
        for (pc, instruction) in program.enumerated() {
            let targets: [Int] =
                switch instruction.code {
                case 0x15, 0x25, 0x35, 0x45: [Int(instruction.jt), Int(instruction.jf)]
                case 0x05: [Int(instruction.k)]
                default: []
                }
            for skip in targets where pc + 1 + skip >= program.count {
                throw Failure(description: "the jump at \(pc) lands outside the program")
            }
        }
        guard program.last?.code == 0x06 else { throw Failure(description: "the program does not end in a return") }
    }
}
