// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import KataError

/// The command line containerd runs the shim with, parsed with Go `flag` package rules
/// (`-name value`, `-name=value`, `--name value`; booleans only as `-debug` or `-debug=true`;
/// parsing stops at the first word that is not a flag, which is the action).
package struct ShimArguments: Sendable, Equatable {
    /// What the invocation asks for.
    package enum Action: String, Sendable, Equatable {
        /// No action word: serve the Task API on the inherited listener (or `-socket`).
        case serve
        /// `start`: make sure a daemon serves the group, print its address.
        case start
        /// `delete`: clean up after a task, print a DeleteResponse.
        case delete
    }

    /// `-namespace` (or `NAMESPACE`).
    package var namespace: String
    /// `-address`: containerd's gRPC socket (or `GRPC_ADDRESS`).
    package var containerdAddress: String
    /// `-publish-binary`: the containerd executable (unused: events go over ttRPC).
    package var publishBinary: String
    /// `-id`: the task id.
    package var id: String
    /// `-bundle`: the bundle directory (`delete` only; otherwise the working directory).
    package var bundle: String?
    /// `-socket`: serve on this path instead of the inherited descriptor 3.
    package var socket: String?
    /// `-debug`: log at debug level.
    package var debug: Bool
    /// `-v`: print the version and exit.
    package var version: Bool
    /// The action word.
    package var action: Action
    /// `TTRPC_ADDRESS`: containerd's ttRPC socket for events (a bare path), if set.
    package var ttrpcAddress: String?
    /// The flags as given, without the action word: what the daemon is re-executed with.
    package var flags: [String]

    /// Parses `arguments` (without argv[0]).
    /// - Parameters:
    ///   - arguments: the words after the program name.
    ///   - environment: the process environment (`TTRPC_ADDRESS`, `GRPC_ADDRESS`, `NAMESPACE`).
    /// - Throws: `KataError.invalidArgument` for a flag without its value, an unknown action, or
    ///   a missing namespace or id.
    package init(_ arguments: [String], environment: [String: String]) throws(KataError) {
        var values: [String: String] = [:]
        var debug = false
        var version = false
        var flags: [String] = []
        var index = 0
        var actionWord: String?
        while index < arguments.count {
            let word = arguments[index]
            guard word.hasPrefix("-"), word != "-" else {
                actionWord = word
                break
            }
            index += 1
            if word == "--" {
                actionWord = index < arguments.count ? arguments[index] : nil
                break
            }
            flags.append(word)
            let body = word.drop(while: { $0 == "-" })
            let name: String
            var inlineValue: String?
            if let equals = body.firstIndex(of: "=") {
                name = String(body[..<equals])
                inlineValue = String(body[body.index(after: equals)...])
            } else {
                name = String(body)
            }
            switch name {
            case "debug", "v":
                let value = inlineValue ?? "true"
                guard let flag = Self.goBool(value) else {
                    throw KataError(.invalidArgument, "invalid boolean value \(value) for flag -\(name)")
                }
                if name == "debug" { debug = flag } else { version = flag }
            case "namespace", "address", "publish-binary", "id", "bundle", "socket":
                if let inlineValue {
                    values[name] = inlineValue
                } else {
                    guard index < arguments.count else {
                        throw KataError(.invalidArgument, "flag needs an argument: -\(name)")
                    }
                    values[name] = arguments[index]
                    flags.append(arguments[index])
                    index += 1
                }
            default:
                // Flags of newer containerd releases (e.g. -info) are tolerated; a value they carry
                // must use the -name=value form to be skipped.
                continue
            }
        }
        guard let action = Action(rawValue: actionWord ?? "serve"), actionWord != "serve" else {
            throw KataError(.invalidArgument, "unknown shim action \(actionWord ?? ""); expected start or delete")
        }
        self.action = action
        self.debug = debug
        self.version = version
        self.flags = flags
        namespace = values["namespace"] ?? environment["NAMESPACE"] ?? ""
        containerdAddress = values["address"] ?? environment["GRPC_ADDRESS"] ?? ""
        publishBinary = values["publish-binary"] ?? ""
        id = values["id"] ?? ""
        bundle = values["bundle"]
        socket = values["socket"]
        ttrpcAddress = environment["TTRPC_ADDRESS"].flatMap { $0.isEmpty ? nil : $0 }
        guard version || !namespace.isEmpty else {
            throw KataError(.invalidArgument, "shim namespace cannot be empty: pass -namespace")
        }
        guard version || !id.isEmpty else {
            throw KataError(.invalidArgument, "shim id cannot be empty: pass -id")
        }
    }

    /// Go's strconv.ParseBool.
    private static func goBool(_ text: String) -> Bool? {
        switch text {
        case "1", "t", "T", "true", "TRUE", "True": true
        case "0", "f", "F", "false", "FALSE", "False": false
        default: nil
        }
    }
}
