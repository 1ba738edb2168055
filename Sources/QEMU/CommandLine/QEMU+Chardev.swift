// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

extension QEMU {
    /// A `-chardev` backend.
    package enum Chardev: Argument, Equatable {
        /// `socket,id=…,path=…[,server=on,wait=off]`: a unix socket; QEMU listens when `server`
        /// is true (consoles, the agent's serial port) and connects otherwise (vhost-user back ends).
        case socket(id: String, path: String, server: Bool)
        /// `socket,id=…,fd=N,server=on,wait=off`: an inherited listening socket.
        case socketDescriptor(id: String, fd: Int32)
        /// `file,id=…,path=…`: output appended to a file.
        case file(id: String, path: String)
        /// `null,id=…`.
        case null(id: String)

        /// The chardev's id, which devices name in `chardev=`.
        package var id: String {
            switch self {
            case .socket(let id, _, _), .socketDescriptor(let id, _), .file(let id, _), .null(let id): id
            }
        }

        /// The rendered properties, backend first.
        package var options: Options {
            switch self {
            case .socket(let id, let path, let server):
                var options = Options("socket", [("id", id), ("path", path)])
                if server {
                    options.append("server", "on")
                    options.append("wait", "off")
                }
                return options
            case .socketDescriptor(let id, let fd):
                return Options("socket", [("id", id), ("fd", "\(fd)"), ("server", "on"), ("wait", "off")])
            case .file(let id, let path):
                return Options("file", [("id", id), ("path", path)])
            case .null(let id):
                return Options("null", [("id", id)])
            }
        }

        /// `["-chardev", options]`.
        package var arguments: [String] { ["-chardev", options.description] }
    }

    /// A `-netdev` back end.
    package enum Netdev: Argument, Equatable {
        /// `tap,id=…[,vhost=on,vhostfds=a:b][,fds=c:d]`: tap queues (and vhost-net descriptors)
        /// inherited as these descriptor numbers.
        case tap(id: String, fds: [Int32], vhostFDs: [Int32])
        /// `user,id=…`: QEMU's user-mode network (tests only).
        case user(id: String)

        /// The rendered properties, type first.
        package var options: Options {
            switch self {
            case .tap(let id, let fds, let vhostFDs):
                var options = Options("tap", [("id", id)])
                if !vhostFDs.isEmpty {
                    options.append("vhost", "on")
                    options.append("vhostfds", vhostFDs.map { "\($0)" }.joined(separator: ":"))
                }
                if !fds.isEmpty { options.append("fds", fds.map { "\($0)" }.joined(separator: ":")) }
                return options
            case .user(let id):
                return Options("user", [("id", id)])
            }
        }

        /// `["-netdev", options]`.
        package var arguments: [String] { ["-netdev", options.description] }
    }
}
