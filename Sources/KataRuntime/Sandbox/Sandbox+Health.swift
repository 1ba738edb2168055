// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataError
import KataLinux
import Logging

/// What the sandbox watches while its VM runs: the agent's OOM events and its health.
struct SandboxHealth: Sendable {
    /// The OOM and health loops; cancelled and awaited by shutdown.
    var tasks: [Task<Void, Never>] = []
    /// Whether the GetOOMEvent loop still asks the agent (false once the agent said it cannot).
    var oomLoopRunning = false
    /// Per container, resolved when an OOM kill of it has been published (all of them when the
    /// loop ends, so no exit keeps waiting for one).
    var oomDelivered: [String: Latch<Void>] = [:]
    /// Containers the runtime itself sent SIGKILL to: their 137 is no OOM kill.
    var killedByRequest: Set<String> = []

    /// The latch of `containerID`'s OOM kill, made on first use.
    mutating func oomSignal(_ containerID: String) -> Latch<Void> {
        if let latch = oomDelivered[containerID] { return latch }
        let latch = Latch<Void>()
        oomDelivered[containerID] = latch
        return latch
    }
}

extension Sandbox {
    /// Starts watching the running VM: the GetOOMEvent loop and, with an interval, the health check.
    func startWatching(_ vm: Running) {
        if let interval = environment.healthCheckInterval { startHealthCheck(vm, every: interval) }
        health.oomLoopRunning = true
        health.tasks.append(
            Task { [weak self, agent = vm.agent] in
                while !Task.isCancelled {
                    do throws(KataError) {
                        // A long-poll: no deadline, as in Go.
                        let containerID = try await agent.nextOOMEvent()
                        guard let self else { return }
                        await self.deliverOOM(containerID)
                    } catch {
                        guard let self, await self.oomLoopContinues(after: error) else { break }
                        try? await Task.sleep(for: .seconds(1))
                    }
                }
                await self?.oomLoopEnded()
            })
    }

    /// Asks the agent Health.Check every `interval`. The first check that fails while the VM
    /// still runs means the guest is gone as far as anyone can tell (Go's monitor acts on the first
    /// too): QEMU is killed, so every process ends with 255 through the VM's exit, and the
    /// containers can be deleted. Under `keep_abnormal` the VM is kept for debugging and the checks
    /// go on, logging when the agent stops and starts answering again.
    private func startHealthCheck(_ vm: Running, every interval: Duration) {
        let timeout = environment.healthCheckTimeout
        health.tasks.append(
            Task { [weak self, agent = vm.agent, machine = vm.vm] in
                var failing = false
                while !Task.isCancelled {
                    try? await Task.sleep(for: interval)
                    guard !Task.isCancelled, machine.exit == nil else { return }
                    do throws(KataError) {
                        try await agent.check(timeout: timeout)
                        if failing { await self?.logger.warning("the agent answers its health check again") }
                        failing = false
                    } catch {
                        guard !Task.isCancelled, machine.exit == nil, let self else { return }
                        guard await self.agentStoppedAnswering(error, machine: machine, again: failing) else { return }
                        failing = true
                    }
                }
            })
    }

    /// Stops the VM whose agent failed a health check, or under `keep_abnormal` says so once.
    /// - Returns: whether the checks go on (the VM is kept).
    private func agentStoppedAnswering(_ error: KataError, machine: any VirtualMachine, again: Bool) -> Bool {
        guard case .running(let running) = phase, running.vm.pid == machine.pid else { return false }
        let metadata: Logger.Metadata = ["error": "\(error)", "qemu_pid": "\(machine.pid)"]
        if loaded?.configuration.runtime.keepAbnormal ?? false {
            if !again {
                logger.error(
                    "the agent stopped answering its health check; keep_abnormal = true keeps the VM for debugging",
                    metadata: metadata)
            }
            return true
        }
        logger.error(
            "the agent stopped answering its health check: stopping the VM, its processes end with 255",
            metadata: metadata)
        machine.kill()
        return false
    }

    /// Cancels and awaits the watchers (shutdown: the VM goes away on purpose).
    func stopWatching() async {
        let tasks = health.tasks
        health.tasks = []
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
        oomLoopEnded()
    }

    /// Notes a SIGKILL the runtime was asked to send to a container's init (or all of it).
    func noteKill(containerID: String, signal: UInt32, initProcess: Bool) {
        if signal == 9, initProcess { health.killedByRequest.insert(containerID) }
    }

    /// Forgets a container's OOM history when its init starts, so a reused id starts clean.
    func resetHealth(of containerID: String) {
        health.oomDelivered[containerID] = nil
        health.killedByRequest.remove(containerID)
    }

    /// Waits (at most the environment's `oomEventGrace`) until an OOM kill of the container has
    /// been published; at once when there is none to expect.
    ///
    /// WaitProcess and GetOOMEvent are separate calls: the agent posts the OOM event when the
    /// cgroup's counter moves, before it reaps the process, but the two answers travel and are
    /// scheduled independently, so the exit may be seen first. The Go runtime lets that race
    /// decide whether Kubernetes sees OOMKilled; here a 137 that was not our own SIGKILL waits
    /// this long for the loop to deliver an OOM of that container.
    func awaitOOMEvent(of containerID: String) async {
        guard health.oomLoopRunning, !health.killedByRequest.contains(containerID) else { return }
        let delivered = health.oomSignal(containerID)
        guard delivered.value == nil else { return }
        logger.debug("exit 137: waiting briefly for an OOM event", metadata: ["cid": "\(containerID)"])
        _ = await delivered.wait(until: .now + environment.oomEventGrace)
    }

    private func deliverOOM(_ containerID: String) {
        logger.warning("container hit its memory limit (OOM kill)", metadata: ["cid": "\(containerID)"])
        if containers[containerID] != nil { events.publish(.oom(containerID: containerID)) }
        health.oomSignal(containerID).resolve(())
    }

    /// Whether the loop should ask again after `error`: not once the sandbox is going away, the
    /// connection is gone, or the agent says it has no OOM events to give (older agents answer
    /// UNIMPLEMENTED or NOT_FOUND).
    private func oomLoopContinues(after error: KataError) -> Bool {
        guard !Task.isCancelled, case .running(let vm) = phase, vm.vm.exit == nil else { return false }
        if [.unimplemented, .notFound, .unavailable].contains(error.code) {
            logger.debug("the agent gives no more OOM events", metadata: ["error": "\(error)"])
            return false
        }
        logger.warning("GetOOMEvent failed; asking again in 1 s", metadata: ["error": "\(error)"])
        return true
    }

    /// The loop has ended: nobody will publish an OOM kill any more, so no exit waits for one.
    private func oomLoopEnded() {
        health.oomLoopRunning = false
        for latch in health.oomDelivered.values { latch.resolve(()) }
    }
}
