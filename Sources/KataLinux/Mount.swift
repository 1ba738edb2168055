// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Glibc

/// mount(2) and umount2(2).
package enum Mount {
    /// `mount(2)` flags (`MS_*`).
    package struct Flags: OptionSet, Sendable, Hashable {
        /// The raw `MS_*` bits.
        package var rawValue: UInt

        /// Creates flags from raw `MS_*` bits.
        /// - Parameter rawValue: the bits.
        package init(rawValue: UInt) {
            self.rawValue = rawValue
        }

        private init(_ flag: Int) {
            self.rawValue = UInt(flag)
        }

        /// `MS_RDONLY`.
        package static let readOnly = Flags(MS_RDONLY)
        /// `MS_NOSUID`: set-user-id and set-group-id bits are ignored.
        package static let noSetUID = Flags(MS_NOSUID)
        /// `MS_NODEV`: device files cannot be opened.
        package static let noDevices = Flags(MS_NODEV)
        /// `MS_NOEXEC`: files cannot be executed.
        package static let noExec = Flags(MS_NOEXEC)
        /// `MS_RELATIME`.
        package static let relativeAccessTime = Flags(MS_RELATIME)
        /// `MS_REMOUNT`: change the flags of an existing mount.
        package static let remount = Flags(MS_REMOUNT)
        /// `MS_BIND`.
        package static let bind = Flags(MS_BIND)
        /// `MS_REC`: apply to the whole subtree.
        package static let recursive = Flags(MS_REC)
        /// `MS_PRIVATE` propagation.
        package static let `private` = Flags(MS_PRIVATE)
        /// `MS_SLAVE` propagation.
        package static let slave = Flags(MS_SLAVE)
        /// `MS_SHARED` propagation.
        package static let shared = Flags(MS_SHARED)
    }

    /// Mounts a file system.
    /// - Parameters:
    ///   - source: the device or a label for virtual file systems (`"proc"`).
    ///   - target: the directory to mount on; it must exist.
    ///   - type: the file system type (`"tmpfs"`), or nil for bind mounts and remounts.
    ///   - flags: `MS_*` flags.
    ///   - data: the comma-separated file-system options (`"mode=755"`), if any.
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)`` naming `mount` and `target`.
    package static func mount(
        source: String, target: String, type: String?, flags: Flags = [], data: String? = nil
    ) throws(Syscall.Error) {
        try Syscall.call("mount", path: target) {
            withOptionalCString(type) { type in
                withOptionalCString(data) { data in
                    Glibc.mount(source, target, type, flags.rawValue, data)
                }
            }
        }
    }

    /// Unmounts the file system at `target`.
    /// - Parameters:
    ///   - target: the mount point.
    ///   - detach: `MNT_DETACH`: detach now, clean up when the mount is no longer busy.
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)`` naming `umount2` and `target`.
    package static func unmount(_ target: String, detach: Bool = false) throws(Syscall.Error) {
        let flags = detach ? Int32(MNT_DETACH) : 0
        try Syscall.call("umount2", path: target) { umount2(target, flags) }
    }

    private static func withOptionalCString<Result>(
        _ string: String?, _ body: (UnsafePointer<CChar>?) -> Result
    ) -> Result {
        guard let string else {
            return body(nil)
        }
        return string.withCString { body($0) }
    }
}
