// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

extension AgentConfiguration {
    /// A malformed value for a key the agent knows. Unknown keys are never an error.
    package enum Error: Swift.Error, CustomStringConvertible, Sendable, Equatable {
        /// A kernel command-line parameter; `value` is nil when a key that needs a value had none.
        case invalidParameter(key: String, value: String?, expected: String)
        /// An environment variable that overrides a parameter.
        case invalidEnvironmentVariable(name: String, value: String, expected: String)

        /// `"kernel command line parameter agent.container_pipe_size=abc is invalid: expected a byte count
        /// from 0 to 2147483647"`.
        package var description: String {
            switch self {
            case .invalidParameter(let key, let value?, let expected):
                "kernel command line parameter \(key)=\(value) is invalid: expected \(expected)"
            case .invalidParameter(let key, nil, let expected):
                "kernel command line parameter \(key) needs a value: expected \(expected)"
            case .invalidEnvironmentVariable(let name, let value, let expected):
                "environment variable \(name)=\(value) is invalid: expected \(expected)"
            }
        }
    }
}
