// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// A throwaway network namespace made with `ip netns add`, removed by ``remove()`` with every link
/// inside. The name starts with `prefix`, which `make test`'s leftover check knows.
package struct ScratchNetns: Sendable {
    /// Why an `ip` command failed.
    package struct Failure: Error, CustomStringConvertible {
        /// The command and its stderr.
        package var description: String
    }

    /// The namespace's name.
    package let name: String
    /// Its file, what a spec's `linux.namespaces` network `path` names.
    package var path: String { "/var/run/netns/\(name)" }

    /// Whether namespaces can be made here: root and iproute2.
    package static var available: Bool {
        getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/sbin/ip")
    }

    /// Makes a namespace named `<prefix>-<pid>-<random>`.
    /// - Parameter prefix: e.g. `kata-rt-test`.
    /// - Throws: ``Failure`` from `ip netns add`.
    package init(prefix: String) throws {
        name = "\(prefix)-\(getpid())-\(UInt16.random(in: 0...UInt16.max))"
        try Self.ip(["netns", "add", name])
    }

    /// Deletes the namespace (and its links); idempotent.
    package func remove() {
        try? Self.ip(["netns", "del", name])
    }

    /// `ip -n <name> arguments…`.
    /// - Throws: ``Failure``.
    package func ip(_ arguments: [String]) throws {
        try Self.ip(["-n", name] + arguments)
    }

    /// `ip arguments…`, failing with its stderr.
    /// - Throws: ``Failure``.
    package static func ip(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/ip")
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            throw Failure(description: "ip \(arguments.joined(separator: " ")): \(text)")
        }
    }
}
