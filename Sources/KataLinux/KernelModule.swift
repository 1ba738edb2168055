// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import CKataLinux
import Glibc

/// Loading kernel modules from files with finit_module(2), without modprobe.
///
/// Dependencies are not resolved: the caller loads modules in dependency order (the guest image builder
/// writes `modules.load` that way).
package enum KernelModule {
    /// What ``load(path:parameters:)`` did.
    package enum LoadResult: Sendable, Equatable {
        /// The module was loaded now.
        case loaded
        /// A module of that name was already loaded (`EEXIST`), which is what the caller wanted.
        case alreadyLoaded
    }

    /// `MODULE_INIT_COMPRESSED_FILE` (linux/module.h, 5.17+): the kernel decompresses the file itself.
    private static let compressedFile: Int32 = 4

    /// Loads the module in a `.ko` file (or `.ko.xz`/`.ko.zst`/`.ko.gz`, when the kernel was built with
    /// in-kernel module decompression).
    /// - Parameters:
    ///   - path: the module file.
    ///   - parameters: module parameters, space-separated `name=value` pairs.
    /// - Returns: whether the module was loaded now or was loaded already.
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)`` from `open` or `finit_module` (`ENOEXEC`
    ///   for a module built for another kernel, `ENOENT` for a missing file or unknown symbol
    ///   dependency loaded out of order).
    @discardableResult
    package static func load(path: String, parameters: String = "") throws(Syscall.Error) -> LoadResult {
        let fd = try Syscall.call("open", path: path) { Glibc.open(path, O_RDONLY | O_CLOEXEC) }
        defer { close(fd) }
        let compressed = [".xz", ".zst", ".gz"].contains { path.hasSuffix($0) }
        let flags = compressed ? compressedFile : 0
        let result = Syscall.valueOrErrno { ckl_finit_module(fd, parameters, flags) }
        switch result {
        case .success:
            return .loaded
        case .failure(.fileExists):
            return .alreadyLoaded
        case .failure(let errno):
            throw .syscall(name: "finit_module", path: path, errno: errno)
        }
    }
}
