// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import KataError
package import KataLinux
package import KataRuntime
package import Logging

/// The client's end of each process's stdio: containerd's FIFOs, copied by a ``StdioCopier``.
package struct StdioConnector: ProcessIOConnector {
    private let monitor: ReadinessMonitor?
    private let logger: Logger

    /// A connector.
    /// - Parameters:
    ///   - monitor: the process's readiness monitor (nil when it could not be made: the copier
    ///     then retries every few milliseconds).
    ///   - logger: the shim's logger.
    package init(monitor: ReadinessMonitor?, logger: Logger) {
        self.monitor = monitor
        self.logger = logger
    }

    /// Opens the FIFOs the client named.
    package func open(_ stdio: ProcessStdio) throws(KataError) -> any ProcessIO {
        StdioCopier(fifos: try StdioFIFOs(opening: stdio), monitor: monitor, logger: logger)
    }
}
