// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import Cgroups
import Foundation
package import KataConfig
package import KataError
import KataLinux
package import KataRuntime
package import OCISpec
import Synchronization

/// An agent in memory: records every call, answers as the real agent does for a well-behaved
/// guest, and lets the test decide when processes write, exit or hit their memory limit, and
/// which calls fail.
package final class FakeAgent: AgentClient {
    /// One process's streams and exit; nil in the exit latch means the connection closed.
    private final class Process: Sendable {
        let exit = Latch<Int32?>()
        let stdout: AsyncStream<[UInt8]>
        let stdoutFeed: AsyncStream<[UInt8]>.Continuation
        let stderr: AsyncStream<[UInt8]>
        let stderrFeed: AsyncStream<[UInt8]>.Continuation
        let stdin = Mutex<[UInt8]>([])
        let stdinClosed = Latch<Void>()

        init() {
            (stdout, stdoutFeed) = AsyncStream.makeStream(of: [UInt8].self)
            (stderr, stderrFeed) = AsyncStream.makeStream(of: [UInt8].self)
        }

        func end(_ code: Int32?) {
            stdoutFeed.finish()
            stderrFeed.finish()
            exit.resolve(code)
        }
    }

    private struct State {
        var calls: [String] = []
        var sandboxes: [GuestSandbox] = []
        var containers: [GuestContainer] = []
        var failures: [AgentRPC: [KataError]] = [:]
        var processes: [ProcessKey: Process] = [:]
        var closed = false
        var checks = 0
        var stats = CgroupStats()
    }

    private let state = Mutex(State())
    private let oomEvents: AsyncStream<String>
    private let oomFeed: AsyncStream<String>.Continuation
    /// Whether SIGKILL and SIGTERM end the process they reach (128 + signal), as in a guest.
    package let exitsOnSignal: Bool
    /// What GetGuestDetails reports.
    package let details: GuestDetails

    /// An agent.
    /// - Parameters:
    ///   - exitsOnSignal: SIGKILL/SIGTERM end their process at once.
    ///   - details: the guest details to report.
    package init(exitsOnSignal: Bool = true, details: GuestDetails = GuestDetails(supportsSeccomp: true)) {
        self.exitsOnSignal = exitsOnSignal
        self.details = details
        (oomEvents, oomFeed) = AsyncStream.makeStream(of: String.self)
    }

    // MARK: What the test sees and steers

    /// Every call, e.g. `CreateContainer c1`, `SignalProcess c1 9 all`, in order.
    package var calls: [String] { state.withLock { $0.calls } }
    /// Every CreateSandbox request, in order.
    package var sandboxRequests: [GuestSandbox] { state.withLock { $0.sandboxes } }
    /// Every CreateContainer request, in order.
    package var containerRequests: [GuestContainer] { state.withLock { $0.containers } }

    /// The RPC names of the calls, in order.
    package var rpcs: [String] { calls.map { String($0.split(separator: " ").first ?? "") } }

    /// Makes the next `times` calls of `rpc` fail with `error`.
    package func fail(_ rpc: AgentRPC, with error: KataError, times: Int = 1) {
        state.withLock { $0.failures[rpc, default: []] += Array(repeating: error, count: times) }
    }

    /// Sets what StatsContainer answers.
    package func setStats(_ stats: CgroupStats) {
        state.withLock { $0.stats = stats }
    }

    /// The process writes `text` on its stdout (or stderr).
    package func write(_ key: ProcessKey, stdout text: String = "", stderr error: String = "") {
        guard let process = process(key) else { return }
        if !text.isEmpty { process.stdoutFeed.yield(Array(text.utf8)) }
        if !error.isEmpty { process.stderrFeed.yield(Array(error.utf8)) }
    }

    /// The process ends with `code`: its streams reach end of file and WaitProcess answers.
    package func exit(_ key: ProcessKey, code: Int32) {
        process(key)?.end(code)
    }

    /// The agent reports an OOM kill in `containerID` (GetOOMEvent answers).
    package func oom(_ containerID: String) {
        oomFeed.yield(containerID)
    }

    /// What the process received on stdin so far.
    package func stdin(_ key: ProcessKey) -> String {
        String(decoding: process(key)?.stdin.withLock { $0 } ?? [], as: UTF8.self)
    }

    /// Whether the process's stdin was closed.
    package func stdinClosed(_ key: ProcessKey) -> Bool {
        process(key)?.stdinClosed.value != nil
    }

    /// Whether the connection was closed.
    package var isClosed: Bool { state.withLock { $0.closed } }

    // MARK: AgentConnection

    /// Closes the connection: calls in flight fail, as over ttRPC.
    package func close() async {
        let processes = state.withLock { state in
            state.closed = true
            return Array(state.processes.values)
        }
        for process in processes { process.end(nil) }
        oomFeed.finish()
    }

    // MARK: SandboxAgent

    /// CreateSandbox.
    package func createSandbox(_ sandbox: GuestSandbox) async throws(KataError) {
        try enter(.createSandbox, sandbox.id)
        state.withLock { $0.sandboxes.append(sandbox) }
    }

    /// GetGuestDetails.
    package func guestDetails() async throws(KataError) -> GuestDetails {
        try enter(.getGuestDetails, "")
        return details
    }

    /// DestroySandbox.
    package func destroySandbox() async throws(KataError) {
        try enter(.destroySandbox, "")
    }

    /// GetOOMEvent: the next ``oom(_:)``; unavailable once closed.
    package func nextOOMEvent() async throws(KataError) -> String {
        try enter(.getOOMEvent, "", record: false)
        var iterator = oomEvents.makeAsyncIterator()
        guard let containerID = await iterator.next() else {
            throw KataError(.unavailable, "GetOOMEvent: the connection closed")
        }
        return containerID
    }

    /// Health.Check, counted (not recorded: it comes on a timer, between the calls tests list).
    package func check(timeout: Duration) async throws(KataError) {
        state.withLock { $0.checks += 1 }
        try enter(.check, "", record: false)
    }

    /// How many Health.Checks were asked.
    package var checks: Int { state.withLock { $0.checks } }

    // MARK: ResourceAgent

    /// OnlineCPUMem, recorded as `OnlineCPUMem <cpus>` plus ` cpu_only` when memory is left alone.
    package func onlineCPUMem(cpus: UInt32, cpuOnly: Bool) async throws(KataError) {
        try enter(.onlineCPUMem, cpuOnly ? "\(cpus) cpu_only" : "\(cpus)")
    }

    /// MemHotplugByProbe, recorded with the addresses in hexadecimal.
    package func memHotplugByProbe(addresses: [UInt64]) async throws(KataError) {
        try enter(.memHotplugByProbe, addresses.map { "0x" + String($0, radix: 16) }.joined(separator: ","))
    }

    // MARK: ContainerAgent

    /// CreateContainer: the container's init exists from now on.
    package func createContainer(_ container: GuestContainer) async throws(KataError) {
        try enter(.createContainer, container.id)
        state.withLock {
            $0.processes[ProcessKey(containerID: container.id)] = Process()
            $0.containers.append(container)
        }
    }

    /// StartContainer.
    package func startContainer(_ id: String) async throws(KataError) {
        try enter(.startContainer, id)
        try require(ProcessKey(containerID: id))
    }

    /// RemoveContainer: forgets the container's processes.
    package func removeContainer(_ id: String) async throws(KataError) {
        try enter(.removeContainer, id)
        state.withLock { state in
            for key in state.processes.keys where key.containerID == id { state.processes[key] = nil }
        }
    }

    /// PauseContainer.
    package func pauseContainer(_ id: String) async throws(KataError) {
        try enter(.pauseContainer, id)
    }

    /// ResumeContainer.
    package func resumeContainer(_ id: String) async throws(KataError) {
        try enter(.resumeContainer, id)
    }

    /// UpdateContainer.
    package func updateContainer(_ id: String, resources: Linux.Resources) async throws(KataError) {
        try enter(.updateContainer, id)
    }

    /// StatsContainer: what ``setStats(_:)`` set.
    package func statsContainer(_ id: String) async throws(KataError) -> CgroupStats {
        try enter(.statsContainer, id)
        return state.withLock { $0.stats }
    }

    // MARK: ProcessAgent

    /// ExecProcess: the exec exists from now on.
    package func execProcess(_ key: ProcessKey, process: OCISpec.Process) async throws(KataError) {
        try enter(.execProcess, key.description)
        state.withLock { $0.processes[key] = Process() }
    }

    /// SignalProcess; SIGKILL and SIGTERM end what they reach when ``exitsOnSignal``.
    package func signalProcess(_ key: ProcessKey, signal: UInt32, allProcesses: Bool) async throws(KataError) {
        try enter(
            .signalProcess, "\(key.containerID) \(signal)\(allProcesses ? " all" : key.execID.map { " " + $0 } ?? "")")
        guard exitsOnSignal, signal == 9 || signal == 15 else { return }
        let reached = state.withLock { state in
            state.processes.filter { allProcesses ? $0.key.containerID == key.containerID : $0.key == key }.values
        }
        for process in reached { process.end(128 + Int32(signal)) }
    }

    /// WaitProcess: the exit ``exit(_:code:)`` or a signal gave.
    package func waitProcess(_ key: ProcessKey) async throws(KataError) -> Int32 {
        try enter(.waitProcess, key.description)
        let process = try require(key)
        let code: Int32??
        do {
            code = try await process.exit.wait()
        } catch {
            throw KataError(.cancelled, "WaitProcess for \(key): cancelled")
        }
        guard let code, let code else { throw KataError(.unavailable, "WaitProcess for \(key): the connection closed") }
        return code
    }

    /// TtyWinResize.
    package func resizeTerminal(_ key: ProcessKey, width: UInt32, height: UInt32) async throws(KataError) {
        try enter(.ttyWinResize, "\(key.description) \(width)x\(height)")
    }

    // MARK: StreamAgent

    /// ReadStdout: the next write, or empty at end of file.
    package func readStdout(_ key: ProcessKey, maximum: UInt32) async throws(KataError) -> [UInt8] {
        try enter(.readStdout, key.description, record: false)
        var iterator = try require(key).stdout.makeAsyncIterator()
        return await iterator.next() ?? []
    }

    /// ReadStderr: the next write, or empty at end of file.
    package func readStderr(_ key: ProcessKey, maximum: UInt32) async throws(KataError) -> [UInt8] {
        try enter(.readStderr, key.description, record: false)
        var iterator = try require(key).stderr.makeAsyncIterator()
        return await iterator.next() ?? []
    }

    /// WriteStdin: takes every byte.
    package func writeStdin(_ key: ProcessKey, _ bytes: [UInt8]) async throws(KataError) -> Int {
        try enter(.writeStdin, key.description, record: false)
        try require(key).stdin.withLock { $0 += bytes }
        return bytes.count
    }

    /// CloseStdin.
    package func closeStdin(_ key: ProcessKey) async throws(KataError) {
        try enter(.closeStdin, key.description)
        try require(key).stdinClosed.resolve(())
    }

    // MARK: NetworkAgent

    /// UpdateInterface.
    package func updateInterface(_ interface: GuestInterface) async throws(KataError) {
        try enter(.updateInterface, interface.name)
    }

    /// UpdateRoutes.
    package func updateRoutes(_ routes: [GuestRoute]) async throws(KataError) {
        try enter(.updateRoutes, "\(routes.count)")
    }

    /// AddARPNeighbors.
    package func addARPNeighbors(_ neighbors: [GuestNeighbor]) async throws(KataError) {
        try enter(.addARPNeighbors, "\(neighbors.count)")
    }

    // MARK: Helpers

    /// Records a call and throws its scripted failure, or `.unavailable` once closed.
    private func enter(_ rpc: AgentRPC, _ detail: String, record: Bool = true) throws(KataError) {
        let failure: KataError? = state.withLock { state in
            if record { state.calls.append(detail.isEmpty ? rpc.rawValue : "\(rpc.rawValue) \(detail)") }
            if state.closed { return KataError(.unavailable, "\(rpc.rawValue): the connection closed") }
            guard var queued = state.failures[rpc], !queued.isEmpty else { return nil }
            let error = queued.removeFirst()
            state.failures[rpc] = queued
            return error
        }
        if let failure { throw failure }
    }

    private func process(_ key: ProcessKey) -> Process? {
        state.withLock { $0.processes[key] }
    }

    @discardableResult
    private func require(_ key: ProcessKey) throws(KataError) -> Process {
        guard let process = process(key) else { throw KataError(.notFound, "\(key) not found in the agent") }
        return process
    }
}

/// Hands out a fresh agent per connection (a new VM has a new agent), or fails the way a test asks.
package final class FakeAgentConnector: AgentConnector {
    private struct State {
        var failures: [KataError] = []
        /// The agent the next connection gets.
        var next = FakeAgent()
        var handedOut: [FakeAgent] = []
    }

    private let state = Mutex(State())

    /// A connector.
    package init() {}

    /// The agent of the latest connection, or the one the next connection will get.
    package var agent: FakeAgent { state.withLock { $0.handedOut.last ?? $0.next } }

    /// Every agent handed out, oldest first.
    package var agents: [FakeAgent] { state.withLock { $0.handedOut } }

    /// Makes the next connection fail with `error` (failures are used in order).
    package func failNextConnection(_ error: KataError) {
        state.withLock { $0.failures.append(error) }
    }

    /// Connects unless a failure is queued or the VM has ended.
    package func connect(
        to vm: any VirtualMachine, configuration: LoadedConfiguration
    ) async throws(KataError) -> any AgentClient {
        if let error = state.withLock({ $0.failures.isEmpty ? nil : $0.failures.removeFirst() }) { throw error }
        if let exit = vm.exit { throw KataError(.internal, "QEMU exited (\(exit)) before the agent answered") }
        return state.withLock { state in
            let agent = state.next
            state.handedOut.append(agent)
            state.next = FakeAgent(exitsOnSignal: agent.exitsOnSignal, details: agent.details)
            return agent
        }
    }
}
