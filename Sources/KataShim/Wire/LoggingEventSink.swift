// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import Logging
package import SwiftProtobuf

/// An event sink that only logs (no `TTRPC_ADDRESS`: a non-containerd engine), as Kata does.
package struct LoggingEventSink: EventSink {
    /// Where events are logged.
    package var logger: Logger

    /// Creates a sink.
    package init(logger: Logger) {
        self.logger = logger
    }

    /// Logs the event's topic and type.
    package func publish(_ topic: EventTopic, _ event: Google_Protobuf_Any) {
        logger.debug("event", metadata: ["topic": "\(topic.rawValue)", "type": "\(event.typeURL)"])
    }
}
