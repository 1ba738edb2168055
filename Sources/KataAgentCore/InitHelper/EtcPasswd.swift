// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

/// Users and groups from a container's own /etc/passwd and /etc/group. The agent is static and has
/// no NSS: these files are parsed here, inside the container's root.
struct EtcPasswd {
    /// One /etc/passwd line.
    struct User: Equatable {
        var name: String
        var uid: UInt32
        var gid: UInt32
        var home: String
    }

    /// The users, in file order.
    var users: [User]

    /// Parses passwd text; lines that are not `name:x:uid:gid:gecos:home:shell` are skipped.
    init(_ text: String) {
        users = text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: ":", omittingEmptySubsequences: false)
            guard fields.count >= 6, !line.hasPrefix("#"), let uid = UInt32(fields[2]), let gid = UInt32(fields[3])
            else { return nil }
            return User(name: String(fields[0]), uid: uid, gid: gid, home: String(fields[5]))
        }
    }

    /// The first user named `name`.
    func user(named name: String) -> User? { users.first { $0.name == name } }

    /// The first user with `uid`.
    func user(uid: UInt32) -> User? { users.first { $0.uid == uid } }

    /// The gid of group `name` in /etc/group text, for `user:group` specs.
    static func groupID(named name: String, in groupText: String) -> UInt32? {
        for line in groupText.split(separator: "\n") {
            let fields = line.split(separator: ":", omittingEmptySubsequences: false)
            if fields.count >= 3, fields[0] == name { return UInt32(fields[2]) }
        }
        return nil
    }
}
