// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataLinux
import Logging
import SystemPackage

/// `agent.debug_console`: a root shell on the guest's console for whoever debugs the VM, as Kata's
/// agent gives one. The shell is started again when it exits, so `exit` does not lose the console.
///
/// The shell leads a session of its own: the agent holds the console as its controlling terminal,
/// and a ^C typed there must reach neither the agent nor the containers.
struct DebugConsole {
    /// Where the shell's standard streams go.
    static let device = "/dev/console"
    /// The shells tried, in Kata's order.
    static let shells = ["/bin/bash", "/bin/sh"]
    /// The pause before a shell that exited is started again, so a shell that cannot start does
    /// not spin.
    static let restartDelay: Duration = .seconds(1)

    let reaper: Reaper
    let logger: Logger

    /// The first shell of ``shells`` that is executable, or nil.
    static func shell(isExecutable: (String) -> Bool = FileSystem.isExecutable) -> String? {
        shells.first(where: isExecutable)
    }

    /// Serves shells on the console until the task is cancelled.
    func run() async {
        guard let shell = Self.shell() else {
            logger.warning(
                "agent.debug_console is set, but the guest image has no shell",
                metadata: ["tried": "\(Self.shells.joined(separator: ", "))"])
            return
        }
        while !Task.isCancelled {
            do {
                let pid = try start(shell)
                logger.info("debug console shell started", metadata: ["shell": "\(shell)", "pid": "\(pid)"])
                let termination = await reaper.termination(of: pid)
                logger.info("debug console shell ended", metadata: ["status": "\(termination)"])
            } catch {
                logger.error("cannot start the debug console shell", metadata: ["error": "\(error)"])
            }
            try? await Task.sleep(for: Self.restartDelay)
        }
    }

    private func start(_ shell: String) throws(Syscall.Error) -> Int32 {
        // The agent already has the console as its controlling terminal, so opening it changes nothing there.
        let console = try FileSystem.open(Self.device, .readWrite)
        defer { try? console.close() }
        let pid = try Spawn.spawn(
            shell, arguments: [shell], environment: ["PATH=/bin:/sbin:/usr/bin:/usr/sbin", "HOME=/", "TERM=vt100"],
            descriptors: [console, console, console], newSession: true)
        reaper.childStarted()
        return pid
    }
}
