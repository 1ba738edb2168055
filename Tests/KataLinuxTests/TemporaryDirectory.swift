// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// A fresh directory under the system's temporary directory, removed with everything in it by
/// ``remove()``.
struct TemporaryDirectory {
    let path: String

    init(_ label: String = #function) throws {
        let name = "kata-linux-tests-\(label.filter(\.isLetter))-\(UUID().uuidString)"
        path = FileManager.default.temporaryDirectory.appendingPathComponent(name).path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }

    func path(_ relative: String) -> String {
        path + "/" + relative
    }
}

/// Conditions for tests that need privileges.
enum Environment {
    /// Whether the tests run as root (mount(2) needs CAP_SYS_ADMIN).
    static let isRoot = getuid() == 0
}
