// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import AgentAPI
import FoundationEssentials
import KataLinux
import QEMU
import TTRPC

/// Called once per OOM kill the agent reports, with the container's id; the pod awaits it before
/// the container's wait may answer, so whatever it publishes precedes the exit.
package typealias OOMHandler = @Sendable (String) async -> Void

/// What the pod watches while its VM runs: the agent's OOM events and virtiofsd.
struct PodHealth: Sendable {
    /// The OOM loop and the virtiofsd watch; cancelled and awaited by shutdown.
    var tasks: [Task<Void, Never>] = []
    /// Whether the GetOOMEvent loop still asks the agent (false once the agent said it cannot).
    var oomLoopRunning = false
    /// Containers whose OOM kill has been handed to the handler.
    var oomDelivered: Set<String> = []
    /// Containers the runtime itself sent SIGKILL to: their 137 is no OOM kill.
    var killedByRequest: Set<String> = []
}

extension Pod {
    /// How long a container's wait that answered 137 waits for the agent's OOM event.
    ///
    /// WaitProcess and GetOOMEvent are separate calls: the agent posts the OOM event when the
    /// cgroup's counter moves, before it reaps the process, but the two answers travel and are
    /// scheduled independently, so the exit may be seen first. The Go runtime lets that race
    /// decide whether Kubernetes sees OOMKilled; here a 137 that was not our own SIGKILL waits
    /// this long for the loop to deliver an OOM of that container.
    static let oomEventGrace: Duration = .seconds(1)

    /// Starts watching the running VM: the GetOOMEvent loop and virtiofsd's exit.
    func startWatching(_ vm: Running) {
        health.oomLoopRunning = true
        health.tasks.append(
            Task { [weak self, agent = vm.agent] in
                while !Task.isCancelled {
                    do {
                        // A long-poll: no deadline, as in Go.
                        let event = try await agent.getOOMEvent(Grpc_GetOOMEventRequest())
                        guard let self else { return }
                        await self.deliverOOM(event.containerID)
                    } catch {
                        guard let self, await self.oomLoopContinues(after: error) else { break }
                        try? await Task.sleep(for: .seconds(1))
                    }
                }
                await self?.oomLoopEnded()
            })
        health.tasks.append(
            Task { [weak self, daemon = vm.virtioFSDaemon.process] in
                guard let termination = await daemon.waitUnlessCancelled() else { return }
                await self?.virtioFSDaemonExited(termination, vm: vm)
            })
    }

    /// Cancels and awaits the watchers (shutdown: the VM goes away on purpose).
    func stopWatching() async {
        let tasks = health.tasks
        health.tasks = []
        health.oomLoopRunning = false
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
    }

    /// Notes a SIGKILL the runtime was asked to send to a container's init (or all of it).
    func noteKill(containerID: String, signal: UInt32, initProcess: Bool) {
        if signal == 9, initProcess { health.killedByRequest.insert(containerID) }
    }

    /// Forgets a container's OOM history when its init starts, so a reused id starts clean.
    func resetHealth(of containerID: String) {
        health.oomDelivered.remove(containerID)
        health.killedByRequest.remove(containerID)
    }

    /// Waits (at most ``oomEventGrace``) until an OOM kill of the container has been handed on;
    /// at once when there is none to expect.
    func awaitOOMEvent(of containerID: String) async {
        guard !health.killedByRequest.contains(containerID), !health.oomDelivered.contains(containerID) else {
            return
        }
        logger.debug("exit 137: waiting briefly for an OOM event", metadata: ["cid": "\(containerID)"])
        let deadline = ContinuousClock.now + Self.oomEventGrace
        while health.oomLoopRunning, !health.oomDelivered.contains(containerID), ContinuousClock.now < deadline {
            do {
                try await Task.sleep(for: .milliseconds(10))
            } catch {
                return
            }
        }
    }

    private func deliverOOM(_ containerID: String) async {
        logger.warning("container hit its memory limit (OOM kill)", metadata: ["cid": "\(containerID)"])
        await oomHandler?(containerID)
        health.oomDelivered.insert(containerID)
    }

    /// Whether the loop should ask again after `error`: not once the sandbox is going away or the
    /// agent says it has no OOM events to give (older agents answer UNIMPLEMENTED or NOT_FOUND).
    private func oomLoopContinues(after error: any Error) -> Bool {
        guard !Task.isCancelled, case .running(let vm) = phase, vm.qemu.termination == nil else { return false }
        if let status = error as? TTRPCStatus, [.unimplemented, .notFound, .unavailable].contains(status.code) {
            logger.debug("the agent gives no more OOM events", metadata: ["error": "\(status)"])
            return false
        }
        if error is TTRPCError {
            logger.debug("OOM event loop ends with the agent connection", metadata: ["error": "\(error)"])
            return false
        }
        logger.warning("GetOOMEvent failed; asking again in 1 s", metadata: ["error": "\(error)"])
        return true
    }

    private func oomLoopEnded() {
        health.oomLoopRunning = false
    }

    /// virtiofsd serves every container's rootfs: without it the guest's file systems hang, so
    /// the VM is stopped and every wait answers 255, as for a QEMU death (Go stops the sandbox).
    private func virtioFSDaemonExited(_ termination: SupervisedChild.Termination, vm: Running) {
        guard case .running(let current) = phase, current.qemu.pid == vm.qemu.pid, vm.qemu.termination == nil else {
            return
        }
        let output = vm.virtioFSDaemon.process.capturedOutput.trimmingWhitespace
        logger.error(
            "virtiofsd exited unexpectedly; stopping the VM",
            metadata: [
                "pid": "\(vm.virtioFSDaemon.process.pid)", "status": "\(termination)",
                "output": "\(output.suffix(2000))",
            ])
        vm.qemu.kill()
    }
}
