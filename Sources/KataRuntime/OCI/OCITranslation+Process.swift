// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import AgentAPI
package import OCISpec

extension OCITranslation {
    /// The agent's process from an OCI process, field by field.
    ///
    /// `user.umask` has no field in the agent protocol and is dropped (the agent applies umask 022);
    /// the SELinux label is cleared because the guest runs without SELinux.
    /// - Parameter process: the OCI process.
    /// - Returns: the agent's process.
    package static func process(_ process: Process) -> Grpc_Process {
        var out = Grpc_Process()
        out.terminal = process.terminal ?? false
        if let size = process.consoleSize {
            var box = Grpc_Box()
            box.height = size.height
            box.width = size.width
            out.consoleSize = box
        }
        var user = Grpc_User()
        user.uid = process.user.uid
        user.gid = process.user.gid
        user.additionalGids = process.user.additionalGids ?? []
        user.username = process.user.username ?? ""
        out.user = user
        out.args = process.args ?? []
        out.env = process.env ?? []
        out.cwd = process.cwd
        if let capabilities = process.capabilities {
            var caps = Grpc_LinuxCapabilities()
            caps.bounding = capabilities.bounding ?? []
            caps.effective = capabilities.effective ?? []
            caps.inheritable = capabilities.inheritable ?? []
            caps.permitted = capabilities.permitted ?? []
            caps.ambient = capabilities.ambient ?? []
            out.capabilities = caps
        }
        out.rlimits = (process.rlimits ?? []).map { limit in
            var rlimit = Grpc_POSIXRlimit()
            rlimit.type = limit.type.rawValue
            rlimit.hard = limit.hard
            rlimit.soft = limit.soft
            return rlimit
        }
        out.noNewPrivileges = process.noNewPrivileges ?? false
        out.apparmorProfile = process.apparmorProfile ?? ""
        out.oomscoreAdj = Int64(process.oomScoreAdj ?? 0)
        out.selinuxLabel = ""
        return out
    }
}
