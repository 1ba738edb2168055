// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

/// One line of `/proc/<pid>/mountinfo` (proc(5)).
///
/// `36 35 98:0 /mnt1 /mnt/parent rw,noatime master:1 - ext3 /dev/root rw,errors=continue`
package struct MountInfo: Sendable, Equatable {
    /// A unique id for the mount (field 1).
    package var mountID: Int
    /// The id of the parent mount, or of itself for the root of the mount tree (field 2).
    package var parentID: Int
    /// The `major:minor` of the device the mounted file system lives on (field 3).
    package var device: String
    /// The directory of the file system that forms the root of this mount (field 4).
    package var root: String
    /// Where the file system is mounted, relative to the reading process's root (field 5).
    package var mountPoint: String
    /// Per-mount options such as `rw,nosuid,relatime` (field 6).
    package var mountOptions: [String]
    /// Optional fields such as `shared:1` or `master:2`.
    package var optionalFields: [String]
    /// The file system type, such as `proc` or `cgroup2`.
    package var fileSystemType: String
    /// The mount source, such as `/dev/vda1` or `none`.
    package var source: String
    /// Per-superblock options.
    package var superOptions: [String]

    /// Creates an entry from its fields.
    /// - Parameters:
    ///   - mountID: the mount's id.
    ///   - parentID: the parent mount's id.
    ///   - device: `major:minor`.
    ///   - root: the root of the mount within its file system.
    ///   - mountPoint: where it is mounted.
    ///   - mountOptions: per-mount options.
    ///   - optionalFields: propagation fields.
    ///   - fileSystemType: the file system type.
    ///   - source: the mount source.
    ///   - superOptions: per-superblock options.
    package init(
        mountID: Int, parentID: Int, device: String, root: String, mountPoint: String, mountOptions: [String],
        optionalFields: [String] = [], fileSystemType: String, source: String, superOptions: [String]
    ) {
        self.mountID = mountID
        self.parentID = parentID
        self.device = device
        self.root = root
        self.mountPoint = mountPoint
        self.mountOptions = mountOptions
        self.optionalFields = optionalFields
        self.fileSystemType = fileSystemType
        self.source = source
        self.superOptions = superOptions
    }

    /// Parses one mountinfo line.
    /// - Parameters:
    ///   - line: the line, without its newline.
    ///   - path: the file the line came from, for the error message.
    ///   - lineNumber: the line's number counting from 1, for the error message.
    /// - Throws: ``Syscall/Error/malformed(path:line:reason:)`` when the line does not have the fields
    ///   proc(5) documents.
    package init(parsing line: Substring, path: String, lineNumber: Int) throws(Syscall.Error) {
        let fields = line.split(separator: " ", omittingEmptySubsequences: true)
        guard let separator = fields.firstIndex(of: "-"), separator >= 6 else {
            throw .malformed(path: path, line: lineNumber, reason: "missing the \" - \" separator after field 6")
        }
        guard fields.count - separator - 1 >= 3 else {
            throw .malformed(path: path, line: lineNumber, reason: "expected 3 fields after \" - \"")
        }
        guard let mountID = Int(fields[0]), let parentID = Int(fields[1]) else {
            throw .malformed(path: path, line: lineNumber, reason: "mount ids are not numbers")
        }
        self.mountID = mountID
        self.parentID = parentID
        self.device = String(fields[2])
        self.root = Self.unescape(fields[3])
        self.mountPoint = Self.unescape(fields[4])
        self.mountOptions = fields[5].split(separator: ",").map(String.init)
        self.optionalFields = fields[6..<separator].map(String.init)
        self.fileSystemType = Self.unescape(fields[separator + 1])
        self.source = Self.unescape(fields[separator + 2])
        self.superOptions = fields[separator + 3].split(separator: ",").map(String.init)
    }

    /// Undoes the kernel's octal escapes (`\040` for a space, `\011` tab, `\012` newline, `\134`
    /// backslash), which keep a path with spaces in one field.
    private static func unescape(_ field: Substring) -> String {
        guard field.contains("\\") else {
            return String(field)
        }
        var bytes: [UInt8] = []
        let utf8 = Array(field.utf8)
        var index = 0
        while index < utf8.count {
            if utf8[index] == UInt8(ascii: "\\"), index + 3 < utf8.count,
                let value = octal(utf8[(index + 1)...(index + 3)])
            {
                bytes.append(value)
                index += 4
            } else {
                bytes.append(utf8[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func octal(_ digits: ArraySlice<UInt8>) -> UInt8? {
        var value: UInt16 = 0
        for digit in digits {
            guard digit >= UInt8(ascii: "0"), digit <= UInt8(ascii: "7") else {
                return nil
            }
            value = value * 8 + UInt16(digit - UInt8(ascii: "0"))
        }
        return value <= 0xFF ? UInt8(value) : nil
    }
}
