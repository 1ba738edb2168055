// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

/// Every agent RPC the runtime sends, one row each with its timeout: the table that decides how
/// long the shim waits for the guest.
///
/// Long polls (GetOOMEvent, WaitProcess, ReadStdout/ReadStderr, WriteStdin) have none: they end
/// with the process, the stream or the connection. CreateContainer's comes from
/// `create_container_timeout`.
package enum AgentRPC: String, Sendable, CaseIterable {
    case createSandbox = "CreateSandbox"
    case getGuestDetails = "GetGuestDetails"
    case destroySandbox = "DestroySandbox"
    case getOOMEvent = "GetOOMEvent"
    case onlineCPUMem = "OnlineCPUMem"
    case memHotplugByProbe = "MemHotplugByProbe"
    case createContainer = "CreateContainer"
    case startContainer = "StartContainer"
    case removeContainer = "RemoveContainer"
    case pauseContainer = "PauseContainer"
    case resumeContainer = "ResumeContainer"
    case updateContainer = "UpdateContainer"
    case statsContainer = "StatsContainer"
    case execProcess = "ExecProcess"
    case signalProcess = "SignalProcess"
    case waitProcess = "WaitProcess"
    case ttyWinResize = "TtyWinResize"
    case readStdout = "ReadStdout"
    case readStderr = "ReadStderr"
    case writeStdin = "WriteStdin"
    case closeStdin = "CloseStdin"
    case updateInterface = "UpdateInterface"
    case updateRoutes = "UpdateRoutes"
    case addARPNeighbors = "AddARPNeighbors"
    /// Health.Check, on the same connection.
    case check = "Check"

    /// How long the call may take; nil waits as long as the connection lives.
    /// - Parameter createContainer: `create_container_timeout`.
    /// - Returns: the timeout.
    package func timeout(createContainer: Duration) -> Duration? {
        switch self {
        case .createSandbox: .seconds(60)
        case .getGuestDetails: .seconds(60)
        // The agent powers the guest off; the VM's own grace covers the rest.
        case .destroySandbox: .seconds(5)
        case .getOOMEvent: nil
        // The agent waits up to 5 s for hot-plugged CPUs to appear before onlining them.
        case .onlineCPUMem: .seconds(60)
        case .memHotplugByProbe: .seconds(60)
        case .createContainer: createContainer
        case .startContainer: .seconds(60)
        case .removeContainer: .seconds(60)
        case .pauseContainer: .seconds(60)
        case .resumeContainer: .seconds(60)
        case .updateContainer: .seconds(60)
        case .statsContainer: .seconds(60)
        case .execProcess: .seconds(60)
        // Signalling is immediate in the agent; delete sends SIGKILL first and must not hang on it.
        case .signalProcess: .seconds(10)
        case .waitProcess: nil
        case .ttyWinResize: .seconds(60)
        case .readStdout: nil
        case .readStderr: nil
        case .writeStdin: nil
        case .closeStdin: .seconds(60)
        case .updateInterface: .seconds(30)
        case .updateRoutes: .seconds(30)
        case .addARPNeighbors: .seconds(30)
        // Go's checkRequestTimeout: a guest that answers nothing for this long is gone.
        case .check: .seconds(30)
        }
    }
}
