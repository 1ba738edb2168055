// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import FoundationEssentials
import KataLinux
import Logging
import SwiftProtobuf
import SystemPackage

/// The `containerd-shim-kata-v2` entry point: parses the command line and runs `start`,
/// `delete` or the daemon.
package enum ShimMain {
    /// The version `-v` prints.
    package static let version = "3.x-swift"

    /// Runs the shim and exits the process.
    package static func main() async -> Never {
        let environment = ProcessInfo.processInfo.environment
        let arguments: ShimArguments
        do {
            arguments = try ShimArguments(Array(CommandLine.arguments.dropFirst()), environment: environment)
        } catch {
            CurrentProcess.writeToStandardError("containerd-shim-kata-v2: \(error)\n")
            CurrentProcess.exit(1)
        }
        if arguments.version {
            write("containerd-shim-kata-v2 version \(version)\n")
            CurrentProcess.exit(0)
        }
        let bundle = arguments.bundle ?? FileManager.default.currentDirectoryPath
        switch arguments.action {
        case .start:
            do {
                let executable = (try? FileSystem.readLink("/proc/self/exe")) ?? CommandLine.arguments[0]
                let outcome = try ShimStart.run(
                    arguments, bundle: bundle, executable: executable,
                    environment: environment.map { "\($0.key)=\($0.value)" })
                write(outcome.address.description)
                CurrentProcess.exit(0)
            } catch {
                CurrentProcess.writeToStandardError("\(error)\n")
                CurrentProcess.exit(1)
            }
        case .delete:
            // delete works from the persisted state alone and reads no configuration; containerd
            // keeps only its stderr, which gets the warnings.
            for warning in await ShimDelete.run(arguments, bundle: bundle) {
                CurrentProcess.writeToStandardError(warning + "\n")
            }
            let bytes: [UInt8] = (try? ShimDelete.response().serializedBytes()) ?? []
            _ = try? FileDescriptor.standardOutput.writeAll(bytes)
            CurrentProcess.exit(0)
        case .serve:
            do {
                try await ShimServe.run(arguments, environment: environment)
                CurrentProcess.exit(0)
            } catch {
                CurrentProcess.writeToStandardError("\(error)\n")
                CurrentProcess.exit(1)
            }
        }
    }

    private static func write(_ text: String) {
        _ = try? FileDescriptor.standardOutput.writeAll(text.utf8)
    }
}
