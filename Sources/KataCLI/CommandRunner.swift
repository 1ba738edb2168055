// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// What a finished external command left behind.
package struct CommandOutput: Sendable, Equatable {
    /// The exit status; nil when the command could not be started at all.
    package var status: Int32?
    /// Standard output and standard error together, in the order written.
    package var output: String
    /// Why the command failed, in Go's words (`exit status 1`,
    /// `exec: "modprobe": executable file not found in $PATH`), or nil on success.
    package var failure: String?

    /// A result.
    /// - Parameters:
    ///   - status: the exit status, or nil when the command did not start.
    ///   - output: the combined output.
    ///   - failure: the failure text, nil for success.
    package init(status: Int32?, output: String, failure: String?) {
        self.status = status
        self.output = output
        self.failure = failure
    }
}

/// Runs external programs (`modprobe`, `qemu-system-x86_64 --version`); tests inject canned answers.
package protocol CommandRunner: Sendable {
    /// Runs `arguments[0]` with the remaining arguments and waits for it.
    /// - Parameter arguments: the program (a path, or a name looked up in `PATH`) and its arguments.
    /// - Returns: the status and combined output.
    func run(_ arguments: [String]) -> CommandOutput
}

/// Runs commands as child processes with Foundation's `Process`.
package struct ProcessCommandRunner: CommandRunner {
    /// The `PATH` used to find programs named without a slash.
    package let searchPath: String

    /// A runner searching `searchPath` for bare program names.
    /// - Parameter searchPath: a colon-separated directory list.
    package init(searchPath: String) {
        self.searchPath = searchPath
    }

    /// Runs the command, capturing standard output and standard error through one pipe.
    /// - Parameter arguments: the program and its arguments.
    /// - Returns: the status and combined output.
    package func run(_ arguments: [String]) -> CommandOutput {
        guard let program = arguments.first else {
            return CommandOutput(status: nil, output: "", failure: "exec: no command")
        }
        guard let executable = locate(program) else {
            return CommandOutput(
                status: nil, output: "", failure: "exec: \"\(program)\": executable file not found in $PATH")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = Array(arguments.dropFirst())
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return CommandOutput(status: nil, output: "", failure: "fork/exec \(executable): \(error)")
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let output = String(decoding: data, as: UTF8.self)
        let status = process.terminationStatus
        if process.terminationReason == .uncaughtSignal {
            return CommandOutput(status: status, output: output, failure: "signal: \(status)")
        }
        return CommandOutput(status: status, output: output, failure: status == 0 ? nil : "exit status \(status)")
    }

    private func locate(_ program: String) -> String? {
        if program.contains("/") {
            return FileManager.default.isExecutableFile(atPath: program) ? program : nil
        }
        for directory in searchPath.split(separator: ":") where !directory.isEmpty {
            let candidate = "\(directory)/\(program)"
            if FileManager.default.isExecutableFile(atPath: candidate) {
                return candidate
            }
        }
        return nil
    }
}
