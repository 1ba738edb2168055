// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import FoundationEssentials
package import SwiftProtobuf

/// containerd's task event topics (`runtime/events.go`).
package enum EventTopic: String, Sendable, CaseIterable {
    /// After Create.
    case taskCreate = "/tasks/create"
    /// After Start of init.
    case taskStart = "/tasks/start"
    /// When any process exits.
    case taskExit = "/tasks/exit"
    /// After Delete of init.
    case taskDelete = "/tasks/delete"
    /// After Exec.
    case taskExecAdded = "/tasks/exec-added"
    /// After Start of an exec.
    case taskExecStarted = "/tasks/exec-started"
    /// After Pause.
    case taskPaused = "/tasks/paused"
    /// After Resume.
    case taskResumed = "/tasks/resumed"
    /// On an OOM kill in the container.
    case taskOOM = "/tasks/oom"
}

/// Where the Task service reports lifecycle events. `publish` only queues: it never blocks or
/// fails a Task RPC, and events leave in the order they were queued.
package protocol EventSink: Sendable {
    /// Queues `event` (an `Any` with containerd's bare type URL) under `topic`.
    func publish(_ topic: EventTopic, _ event: Google_Protobuf_Any)
}

extension EventSink {
    /// Queues a typed event message, packed with its bare protobuf name as type URL
    /// (`containerd.events.TaskExit`), which is what containerd's typeurl expects.
    package func publish<Event: SwiftProtobuf.Message>(_ topic: EventTopic, message: Event) {
        var any = Google_Protobuf_Any()
        any.typeURL = Event.protoMessageName
        any.value = (try? message.serializedBytes()) ?? Data()
        publish(topic, any)
    }
}
