// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataLinux

extension Cgroup {
    /// Freezes every process in the cgroup and waits until the kernel reports it frozen.
    /// - Throws: ``Error`` when there is no freezer or the cgroup does not settle within 2 s.
    package func freeze() async throws(Error) {
        try await setFrozen(true)
    }

    /// Thaws the cgroup and waits until its processes run again.
    /// - Throws: ``Error`` when there is no freezer or the cgroup does not settle within 2 s.
    package func thaw() async throws(Error) {
        try await setFrozen(false)
    }

    /// Whether the cgroup is frozen now.
    /// - Throws: ``Error`` when the state cannot be read.
    package func isFrozen() throws(Error) -> Bool {
        switch hierarchy {
        case .v1:
            guard let directory = directory("freezer") else { throw .missingController("freezer", needed: "pause") }
            return try read("\(directory)/freezer.state").trimmingWhitespace == "FROZEN"
        case .v2:
            let directory = directories[0]
            return try read("\(directory)/cgroup.events").split(separator: "\n").contains("frozen 1")
        }
    }

    /// Sends SIGKILL to every process in the cgroup while it is frozen, so none can fork away
    /// between the listing and the kill; then thaws it so the signals are delivered.
    /// - Throws: ``Error`` when the cgroup cannot be frozen or listed.
    package func killAll() async throws(Error) {
        try await freeze()
        let pids: [Int32]
        do {
            pids = try processes()
        } catch {
            try? await thaw()
            throw error
        }
        for pid in pids {
            try? ProcessControl.kill(pid, .kill)
        }
        try await thaw()
    }

    private func setFrozen(_ frozen: Bool) async throws(Error) {
        let (file, value): (String, String)
        switch hierarchy {
        case .v1:
            guard let directory = directory("freezer") else {
                throw .missingController("freezer", needed: frozen ? "pause" : "resume")
            }
            (file, value) = ("\(directory)/freezer.state", frozen ? "FROZEN" : "THAWED")
        case .v2:
            (file, value) = ("\(directories[0])/cgroup.freeze", frozen ? "1" : "0")
        }
        // v2 announces the change in cgroup.events; v1 announces nothing and passes through
        // FREEZING while tasks are stopped one by one, so it is written again every 10 ms, which
        // nudges tasks that were busy in the kernel the first time.
        let events = eventsWatch(directories[0])
        defer { try? events?.close() }
        try write(value, to: file)
        let settled = try await KernelWait.lookUntilFound(timeout: .seconds(2), wakingOn: events) {
            () throws(Error) -> Bool? in
            if try isFrozen() == frozen { return true }
            if case .v1 = hierarchy { try write(value, to: file) }
            return nil
        }
        guard settled != nil else { throw .freezeTimeout(path: path, state: frozen ? "frozen" : "thawed") }
    }
}
