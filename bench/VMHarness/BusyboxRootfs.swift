// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Foundation

/// A minimal container root: static busybox with a link per applet, and an /etc/passwd.
public enum BusyboxRootfs {
    /// The static busybox copied into the root.
    public static let busybox = "/bin/busybox"

    /// Builds the root at `root` (which may exist).
    /// - Throws: file-system errors, or when busybox cannot list its applets.
    public static func build(at root: String) throws {
        let manager = FileManager.default
        for directory in ["bin", "etc", "proc", "sys", "dev", "tmp"] {
            try manager.createDirectory(atPath: "\(root)/\(directory)", withIntermediateDirectories: true)
        }
        try manager.copyItem(atPath: busybox, toPath: "\(root)/bin/busybox")
        let list = Process()
        list.executableURL = URL(fileURLWithPath: busybox)
        list.arguments = ["--list"]
        let output = Pipe()
        list.standardOutput = output
        try list.run()
        let names = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        list.waitUntilExit()
        for name in names.split(separator: "\n") where name != "busybox" {
            try manager.createSymbolicLink(atPath: "\(root)/bin/\(name)", withDestinationPath: "busybox")
        }
        try "root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000:app:/home/app:/bin/sh\n"
            .write(toFile: "\(root)/etc/passwd", atomically: true, encoding: .utf8)
        try "root:x:0:\napp:x:1000:\n".write(toFile: "\(root)/etc/group", atomically: true, encoding: .utf8)
        try manager.setAttributes([.posixPermissions: 0o1777], ofItemAtPath: "\(root)/tmp")
    }
}
