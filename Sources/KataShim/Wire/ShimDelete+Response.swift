// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import FoundationEssentials
import KataLinux
package import ShimAPI
import SwiftProtobuf

extension ShimDelete {
    /// What `delete` prints: the task is gone, killed (exit status 137, pid 0), as containerd's
    /// own shims answer.
    /// - Parameter exitedAt: the exit time to report.
    /// - Returns: the response.
    package static func response(exitedAt: Date = Date()) -> Containerd_Task_V2_DeleteResponse {
        var response = Containerd_Task_V2_DeleteResponse()
        response.pid = 0
        response.exitStatus = 128 + UInt32(Signal.kill.rawValue)
        response.exitedAt = Google_Protobuf_Timestamp(date: exitedAt)
        return response
    }
}
