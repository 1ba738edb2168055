// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import FoundationEssentials
import KataLinux
package import Logging
import SwiftProtobuf
import SystemPackage

/// The `containerd-shim-kata-v2` entry point: parses the command line and runs `start`,
/// `delete` or the daemon.
package enum ShimMain {
    /// The version `-v` prints.
    package static let version = "3.x-swift"

    /// Runs the shim and exits the process.
    /// - Parameter makeRuntime: builds the VM side (serve mode and `delete`'s cleanup) with the
    ///   logger and its level, which the runtime raises when the configuration asks for debug.
    package static func main(makeRuntime: @escaping (Logger, ShimLogLevel) -> any SandboxRuntime) async -> Never {
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
            // delete works from the persisted state alone and reads no configuration; nothing it
            // could log has a reader (containerd keeps only its stderr, which gets the warnings).
            let logger = Logger(label: "containerd-shim-kata-v2") { _ in SwiftLogNoOpLogHandler() }
            let result = await ShimDelete.run(
                arguments, bundle: bundle, cleanup: makeRuntime(logger, ShimLogLevel(.info)))
            for warning in result.warnings {
                CurrentProcess.writeToStandardError(warning + "\n")
            }
            let bytes: [UInt8] = (try? result.response.serializedBytes()) ?? []
            _ = try? FileDescriptor.standardOutput.writeAll(bytes)
            CurrentProcess.exit(0)
        case .serve:
            do {
                try await ShimServe.run(arguments, makeRuntime: makeRuntime)
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
