// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataError
import KataLinux

/// Facts about the guest that the host asks for, read from sysfs. The root is injectable so tests
/// can point it at a fake tree.
struct GuestFacts: Sendable {
    /// Where sysfs is mounted.
    var sysfs = "/sys"
    /// Whether the agent is the guest's init.
    var isInit = CurrentProcess.isInit

    /// Size of a memory hot-plug block; 0 when the kernel has no memory hot-plug.
    func memoryBlockSize() throws -> UInt64 {
        let path = "\(sysfs)/devices/system/memory/block_size_bytes"
        guard FileSystem.exists(path) else { return 0 }
        let text = try FileSystem.readFile(path).trimmingWhitespace
        guard let size = UInt64(text, radix: 16) else {
            throw KataError(.internal, "\(path) holds '\(text)', not a hexadecimal size")
        }
        return size
    }

    /// Whether memory can be announced through the sysfs probe file.
    func supportsMemoryHotplugProbe() -> Bool {
        FileSystem.exists("\(sysfs)/devices/system/memory/probe")
    }

    /// GetGuestDetails: the facts asked for, and the agent's abilities.
    /// - Parameters:
    ///   - memoryBlockSize: whether to read the hot-plug block size.
    ///   - memoryHotplugProbe: whether to look for the probe file.
    /// - Returns: the details GetGuestDetails answers with.
    /// - Throws: ``KataError`` when the block size file holds no number.
    func details(memoryBlockSize: Bool, memoryHotplugProbe: Bool) throws -> GuestDetails {
        GuestDetails(
            memoryBlockSize: memoryBlockSize ? try self.memoryBlockSize() : nil,
            supportsMemoryHotplugProbe: memoryHotplugProbe ? supportsMemoryHotplugProbe() : nil,
            agentVersion: AgentVersion.agent, isInit: isInit, storageHandlers: StorageTable.drivers, deviceHandlers: [],
            supportsSeccomp: SeccompProgram.Architecture.native != nil)
    }
}
