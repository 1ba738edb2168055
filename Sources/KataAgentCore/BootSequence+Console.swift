// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataError
import Logging

extension BootSequence {
    /// PATH for the agent and what it starts; an initrd has no login shell to set one.
    static let path = "/bin:/sbin:/usr/bin:/usr/sbin"

    /// The host name when `/etc/hostname` is missing or empty.
    static let defaultHostname = "localhost"

    /// The first word of `/etc/hostname`, or nil when it has none.
    /// - Parameter text: the file's contents.
    /// - Returns: the host name, or nil.
    static func hostname(fromEtcHostname text: String) -> String? {
        text.split(whereSeparator: \.isWhitespace).first.map(String.init)
    }

    /// /dev/ptmx as a symlink to the devpts instance's, a new session on the console, PATH, the host
    /// name.
    func setUpSession(logger: Logger) throws(KataError) {
        do {
            // devtmpfs's /dev/ptmx belongs to the initial devpts instance; a link makes every
            // opener use the /dev/pts mounted above.
            if system.fileExists("/dev/ptmx") {
                try system.removeFile("/dev/ptmx")
            }
            try system.symlink(at: "/dev/ptmx", to: "pts/ptmx")
            logger.debug("linked /dev/ptmx to pts/ptmx")
        } catch {
            throw KataError(.internal, "cannot replace /dev/ptmx by a link to pts/ptmx", underlying: error)
        }
        do {
            try system.createSession()
            logger.debug("started a new session")
        } catch {
            throw KataError(.internal, "cannot start a session", underlying: error)
        }
        do {
            try system.setControllingTerminal()
            logger.debug("took the console as controlling terminal")
        } catch {
            // A console that is not a terminal (e.g. /dev/null) costs only job control on it.
            logger.debug("no controlling terminal", metadata: ["error": "\(error)"])
        }
        do {
            try system.setEnvironmentValue(Self.path, for: "PATH")
            logger.debug("set PATH", metadata: ["PATH": "\(Self.path)"])
        } catch {
            throw KataError(.internal, "cannot set PATH", underlying: error)
        }
        let hostname = (try? system.readFile("/etc/hostname")).flatMap(Self.hostname) ?? Self.defaultHostname
        do {
            try system.setHostname(hostname)
            logger.debug("set host name", metadata: ["hostname": "\(hostname)"])
        } catch {
            throw KataError(.internal, "cannot set the host name to '\(hostname)'", underlying: error)
        }
    }
}
