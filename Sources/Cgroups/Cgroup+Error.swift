// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import KataLinux

extension Cgroup {
    /// Why a cgroup operation failed.
    package enum Error: Swift.Error, CustomStringConvertible, Sendable, Equatable {
        /// Neither a v1 nor a v2 cgroup file system is mounted.
        case noHierarchy
        /// The cgroup path is not a clean absolute path ("..", empty components).
        case invalidPath(String)
        /// A limit asks for a controller the hierarchy does not have.
        case missingController(String, needed: String)
        /// A value is outside what the kernel accepts.
        case invalidValue(setting: String, value: String, allowed: String)
        /// A file operation failed: what was being done, and the failure.
        case system(String, Syscall.Error)
        /// Freezing or thawing did not settle in time.
        case freezeTimeout(path: String, state: String)

        /// One line naming the setting or file.
        package var description: String {
            switch self {
            case .noHierarchy:
                "no cgroup file system is mounted (neither cgroup v1 controllers nor cgroup2)"
            case .invalidPath(let path):
                "invalid cgroup path \"\(path)\": it must be absolute without \".\" or \"..\" components"
            case .missingController(let controller, let needed):
                "\(needed) needs the \(controller) cgroup controller, which this system does not have"
            case .invalidValue(let setting, let value, let allowed):
                "\(setting) = \(value) is out of range (allowed: \(allowed))"
            case .system(let what, let error):
                "\(what): \(error)"
            case .freezeTimeout(let path, let state):
                "cgroup \(path) did not become \(state) within 2 seconds"
            }
        }
    }
}
