// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

// ttRPC round-trip benchmark over a unix socket: latency of a small unary call (one caller) and
// throughput with 16 concurrent callers on one connection, as containerd drives a shim.
// Prints a JSON object on stdout; `make bench` stores it.

import FoundationEssentials
import Glibc
import Logging
import NIOPosix
import SwiftProtobuf
import TTRPC

struct Options {
    var latencyCalls = 20_000
    var throughputSeconds = 3.0
    var callers = 16

    init(arguments: [String]) throws {
        var iterator = arguments.dropFirst().makeIterator()
        while let flag = iterator.next() {
            guard let value = iterator.next() else { throw UsageError(message: "\(flag) needs a value") }
            switch flag {
            case "--calls": latencyCalls = try Self.number(flag, value)
            case "--seconds": throughputSeconds = Double(try Self.number(flag, value))
            case "--callers": callers = try Self.number(flag, value)
            default: throw UsageError(message: "unknown option \(flag); use --calls N --seconds N --callers N")
            }
        }
    }

    private static func number(_ flag: String, _ value: String) throws -> Int {
        guard let number = Int(value), number > 0 else {
            throw UsageError(message: "\(flag) wants a positive integer, got '\(value)'")
        }
        return number
    }
}

struct UsageError: Error, CustomStringConvertible {
    var message: String
    var description: String { "ttrpc-bench: \(message)" }
}

let options = try Options(arguments: CommandLine.arguments)
var logger = Logger(label: "ttrpc-bench")
logger.logLevel = .error
let loops = MultiThreadedEventLoopGroup(numberOfThreads: 2)

let echo = TTRPCService(
    name: "bench.Echo",
    methods: ["Echo": TTRPCMethod { (request: Google_Protobuf_StringValue, _) in request }]
)
let socketPath = "/tmp/ttrpc-bench-\(UInt32.random(in: 0...UInt32.max)).sock"
let server = TTRPCServer(services: [echo], group: loops, logger: logger)
let listener = try await server.listen(unixSocketPath: socketPath)
let client = try await TTRPCClient.connect(unixSocketPath: socketPath, group: loops, logger: logger)
let request = Google_Protobuf_StringValue.with { $0.value = "containerd.task.v2.Task/State" }

func callOnce() async throws {
    let _: Google_Protobuf_StringValue = try await client.call(service: "bench.Echo", method: "Echo", request: request)
}

// Warm up connections, allocations and the cooperative pool.
for _ in 0..<2_000 { try await callOnce() }

let clock = ContinuousClock()
var samples: [Duration] = []
samples.reserveCapacity(options.latencyCalls)
for _ in 0..<options.latencyCalls {
    let start = clock.now
    try await callOnce()
    samples.append(clock.now - start)
}
samples.sort()
func micros(_ d: Duration) -> Double {
    Double(d.components.seconds) * 1e6 + Double(d.components.attoseconds) / 1e12
}
let median = micros(samples[samples.count / 2])
let p99 = micros(samples[min(samples.count - 1, samples.count * 99 / 100)])

let deadline = clock.now + .milliseconds(Int(options.throughputSeconds * 1000))
let throughputStart = clock.now
let completed = try await withThrowingTaskGroup(of: Int.self) { callers in
    for _ in 0..<options.callers {
        callers.addTask {
            var count = 0
            while clock.now < deadline {
                try await callOnce()
                count += 1
            }
            return count
        }
    }
    var total = 0
    for try await count in callers { total += count }
    return total
}
let elapsed = micros(clock.now - throughputStart) / 1e6
let callsPerSecond = Double(completed) / elapsed

await client.close()
await listener.close()
await server.shutdown()
try? await loops.shutdownGracefully()
unlink(socketPath)

func fixed(_ value: Double, _ digits: Int) -> String {
    let scale = pow(10.0, Double(digits))
    return "\((value * scale).rounded() / scale)"
}
print(
    """
    {"benchmark":"ttrpc-unix-roundtrip","calls":\(options.latencyCalls),"median_us":\(fixed(median, 1)),\
    "p99_us":\(fixed(p99, 1)),"concurrent_callers":\(options.callers),\
    "calls_per_second":\(Int(callsPerSecond.rounded())),"budget_median_us":50,"budget_calls_per_second":30000}
    """
)
