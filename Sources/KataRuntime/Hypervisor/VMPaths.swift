// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

/// The host files of one sandbox's VM and state, as the Go runtime lays them out.
package struct VMPaths: Sendable, Equatable {
    /// The sandbox.
    package var sandboxID: String
    /// `/run/vc/vm/<sid>`: QEMU's sockets, console log and pid file.
    package var vmDirectory: String
    /// `/run/vc/sbs/<sid>`: the persisted state.
    package var stateDirectory: String

    /// The default roots under /run/vc.
    package static let defaultVMRoot = "/run/vc/vm"
    /// Where sandbox state directories live.
    package static let defaultStateRoot = "/run/vc/sbs"

    /// The paths of sandbox `sandboxID`.
    /// - Parameters:
    ///   - sandboxID: the sandbox.
    ///   - vmRoot: the parent of VM directories.
    ///   - stateRoot: the parent of state directories.
    package init(
        sandboxID: String, vmRoot: String = VMPaths.defaultVMRoot, stateRoot: String = VMPaths.defaultStateRoot
    ) {
        self.sandboxID = sandboxID
        self.vmDirectory = vmRoot + "/" + sandboxID
        self.stateDirectory = stateRoot + "/" + sandboxID
    }

    /// The QMP socket the runtime binds and hands to QEMU as fd 3.
    package var qmpSocket: String { vmDirectory + "/qmp.sock" }
    /// The console chardev socket.
    package var consoleSocket: String { vmDirectory + "/console.sock" }
    /// Everything the guest wrote on its console.
    package var consoleLog: String { vmDirectory + "/console.log" }
    /// The agent's virtio-serial chardev socket.
    package var agentSocket: String { vmDirectory + "/agent.sock" }
    /// virtiofsd's vhost-user socket.
    package var virtioFSSocket: String { vmDirectory + "/vhost-fs.sock" }
    /// QEMU's `-pidfile`.
    package var pidFile: String { vmDirectory + "/pid" }
    /// The JSON state file.
    package var stateFile: String { stateDirectory + "/persist.json" }
}
