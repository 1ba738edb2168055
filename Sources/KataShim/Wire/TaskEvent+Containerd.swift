// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import FoundationEssentials
package import KataRuntime
import ShimAPI
import SwiftProtobuf

/// The sandbox's lifecycle events as containerd's `/tasks/*` messages, handed to an event sink
/// (the publisher to containerd, or the log) in the order the sandbox published them.
package struct ContainerdEvents: TaskEventSink {
    private let sink: any EventSink

    /// Events for `sink`.
    /// - Parameter sink: where containerd's messages go.
    package init(_ sink: any EventSink) {
        self.sink = sink
    }

    /// Converts and queues one event.
    package func publish(_ event: TaskEvent) {
        switch event {
        case .created(let containerID, let bundle, let rootfs, let stdio, let pid):
            var message = Containerd_Events_TaskCreate()
            message.containerID = containerID
            message.bundle = bundle
            message.rootfs = rootfs.map { mount in
                .with {
                    $0.type = mount.type
                    $0.source = mount.source
                    $0.options = mount.options
                }
            }
            message.io.stdin = stdio.stdin ?? ""
            message.io.stdout = stdio.stdout ?? ""
            message.io.stderr = stdio.stderr ?? ""
            message.io.terminal = stdio.terminal
            message.pid = pid
            sink.publish(.taskCreate, message: message)
        case .started(let containerID, let pid):
            sink.publish(
                .taskStart,
                message: Containerd_Events_TaskStart.with {
                    $0.containerID = containerID
                    $0.pid = pid
                })
        case .execAdded(let containerID, let execID):
            sink.publish(
                .taskExecAdded,
                message: Containerd_Events_TaskExecAdded.with {
                    $0.containerID = containerID
                    $0.execID = execID
                })
        case .execStarted(let containerID, let execID, let pid):
            sink.publish(
                .taskExecStarted,
                message: Containerd_Events_TaskExecStarted.with {
                    $0.containerID = containerID
                    $0.execID = execID
                    $0.pid = pid
                })
        case .exited(let key, let pid, let status):
            sink.publish(
                .taskExit,
                message: Containerd_Events_TaskExit.with {
                    $0.containerID = key.containerID
                    $0.id = key.execID ?? key.containerID
                    $0.pid = pid
                    $0.exitStatus = status.code
                    $0.exitedAt = Google_Protobuf_Timestamp(date: status.exitedAt)
                })
        case .deleted(let containerID, let pid, let status):
            sink.publish(
                .taskDelete,
                message: Containerd_Events_TaskDelete.with {
                    $0.containerID = containerID
                    $0.pid = pid
                    $0.exitStatus = status.code
                    $0.exitedAt = Google_Protobuf_Timestamp(date: status.exitedAt)
                })
        case .paused(let containerID):
            sink.publish(.taskPaused, message: Containerd_Events_TaskPaused.with { $0.containerID = containerID })
        case .resumed(let containerID):
            sink.publish(.taskResumed, message: Containerd_Events_TaskResumed.with { $0.containerID = containerID })
        case .oom(let containerID):
            sink.publish(.taskOOM, message: Containerd_Events_TaskOOM.with { $0.containerID = containerID })
        }
    }
}
