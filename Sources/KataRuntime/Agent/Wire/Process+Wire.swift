// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import AgentAPI
package import OCISpec

extension Grpc_Process {
    /// The agent's process, field by field.
    ///
    /// Absent flags are false, absent numbers 0, absent strings and lists empty; an absent console size
    /// or capability set stays unset. `user.umask` (the agent applies umask 022) and `commandLine`
    /// (Windows) have no field in the agent protocol and are dropped.
    /// - Parameter process: the OCI process as the guest must run it.
    package init(_ process: Process) {
        self.init()
        terminal = process.terminal ?? false
        if let size = process.consoleSize {
            var box = Grpc_Box()
            box.height = size.height
            box.width = size.width
            consoleSize = box
        }
        var user = Grpc_User()
        user.uid = process.user.uid
        user.gid = process.user.gid
        user.additionalGids = process.user.additionalGids ?? []
        user.username = process.user.username ?? ""
        self.user = user
        args = process.args ?? []
        env = process.env ?? []
        cwd = process.cwd
        if let capabilities = process.capabilities {
            var caps = Grpc_LinuxCapabilities()
            caps.bounding = capabilities.bounding ?? []
            caps.effective = capabilities.effective ?? []
            caps.inheritable = capabilities.inheritable ?? []
            caps.permitted = capabilities.permitted ?? []
            caps.ambient = capabilities.ambient ?? []
            self.capabilities = caps
        }
        rlimits = (process.rlimits ?? []).map { limit in
            var rlimit = Grpc_POSIXRlimit()
            rlimit.type = limit.type.rawValue
            rlimit.hard = limit.hard
            rlimit.soft = limit.soft
            return rlimit
        }
        noNewPrivileges = process.noNewPrivileges ?? false
        apparmorProfile = process.apparmorProfile ?? ""
        oomscoreAdj = Int64(process.oomScoreAdj ?? 0)
        selinuxLabel = process.selinuxLabel ?? ""
    }
}
