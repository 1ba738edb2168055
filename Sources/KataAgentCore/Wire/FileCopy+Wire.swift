// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import AgentAPI

extension FileCopy.Chunk {
    /// What one CopyFile request carries; every field is read.
    init(_ wire: Grpc_CopyFileRequest) {
        self.init(
            path: wire.path, fileSize: wire.fileSize, fileMode: wire.fileMode, dirMode: wire.dirMode, uid: wire.uid,
            gid: wire.gid, offset: wire.offset, data: [UInt8](wire.data))
    }
}
