// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Glibc

extension Mount.Flags {
    /// `MS_SYNCHRONOUS`.
    package static let synchronous = Self(rawValue: UInt(MS_SYNCHRONOUS))
    /// `MS_DIRSYNC`.
    package static let directorySync = Self(rawValue: UInt(MS_DIRSYNC))
    /// `MS_NOATIME`.
    package static let noAccessTime = Self(rawValue: UInt(MS_NOATIME))
    /// `MS_NODIRATIME`.
    package static let noDirectoryAccessTime = Self(rawValue: UInt(MS_NODIRATIME))
    /// `MS_STRICTATIME`.
    package static let strictAccessTime = Self(rawValue: UInt(MS_STRICTATIME))
    /// `MS_MANDLOCK`.
    package static let mandatoryLocking = Self(rawValue: UInt(MS_MANDLOCK))
    /// `MS_UNBINDABLE`.
    package static let unbindable = Self(rawValue: UInt(MS_UNBINDABLE))
    /// `MS_MOVE`.
    package static let move = Self(rawValue: UInt(MS_MOVE))
}

extension Mount {
    /// A list of fstab/OCI mount options split into what mount(2) takes: flags, a propagation change
    /// (which needs a mount call of its own) and the file-system data string.
    package struct Options: Sendable, Equatable {
        /// `MS_*` flags for the mount itself.
        package var flags: Flags = []
        /// `MS_(R)PRIVATE/SLAVE/SHARED/UNBINDABLE`, applied after the mount.
        package var propagation: Flags = []
        /// Everything else, comma-joined, for the file system (`mode=755,size=65536k`).
        package var data: String = ""

        private static let setting: [String: Flags] = [
            "ro": .readOnly, "nosuid": .noSetUID, "nodev": .noDevices, "noexec": .noExec,
            "sync": .synchronous, "dirsync": .directorySync, "remount": .remount, "bind": .bind,
            "rbind": [.bind, .recursive], "relatime": .relativeAccessTime, "noatime": .noAccessTime,
            "nodiratime": .noDirectoryAccessTime, "strictatime": .strictAccessTime, "mand": .mandatoryLocking,
        ]
        private static let clearing: [String: Flags] = [
            "rw": .readOnly, "suid": .noSetUID, "dev": .noDevices, "exec": .noExec, "async": .synchronous,
            "norelatime": .relativeAccessTime, "atime": .noAccessTime, "diratime": .noDirectoryAccessTime,
            "nostrictatime": .strictAccessTime, "nomand": .mandatoryLocking,
        ]
        private static let propagations: [String: Flags] = [
            "private": .private, "rprivate": [.private, .recursive], "slave": .slave,
            "rslave": [.slave, .recursive], "shared": .shared, "rshared": [.shared, .recursive],
            "unbindable": .unbindable, "runbindable": [.unbindable, .recursive],
        ]

        /// Parses `options` in order; a later option overrides an earlier one (`ro` then `rw` is rw).
        /// - Parameter options: e.g. `["nosuid", "ro", "mode=755"]`.
        package init(_ options: [String]) {
            var data: [String] = []
            for option in options where !option.isEmpty {
                if let flag = Self.setting[option] {
                    flags.formUnion(flag)
                } else if let flag = Self.clearing[option] {
                    flags.subtract(flag)
                } else if let flag = Self.propagations[option] {
                    propagation.formUnion(flag)
                } else if option == "defaults" {
                    continue
                } else {
                    data.append(option)
                }
            }
            self.data = data.joined(separator: ",")
        }
    }
}
