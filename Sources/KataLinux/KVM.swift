// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Glibc
package import SystemPackage

/// The one KVM operation the admin CLI needs: proving that `/dev/kvm` can create a VM.
package enum KVM {
    /// `KVM_CREATE_VM`, `_IO(KVMIO, 0x01)` with `KVMIO` = 0xAE.
    package static let createVMRequest: UInt = 0xAE01

    /// Why ``probeCreateVM(devicePath:)`` failed.
    package enum ProbeError: Swift.Error, Sendable, Equatable {
        /// The device could not be opened read-write.
        case open(Errno)
        /// `KVM_CREATE_VM` failed; `EBUSY` means another hypervisor holds the virtualization extensions.
        case createVM(Errno)
    }

    /// Opens the KVM device with `O_RDWR | O_CLOEXEC`, creates a VM with machine type 0 and closes both
    /// descriptors again; nothing is left running.
    /// - Parameter devicePath: the KVM device, normally `/dev/kvm`.
    /// - Throws: ``ProbeError`` naming the step that failed and its errno.
    package static func probeCreateVM(devicePath: String) throws(ProbeError) {
        let fd: Int32
        switch Syscall.valueOrErrno({ open(devicePath, O_RDWR | O_CLOEXEC) }) {
        case .success(let value):
            fd = value
        case .failure(let errno):
            throw .open(errno)
        }
        defer { _ = close(fd) }
        let vm = Syscall.valueOrErrno { ioctl(fd, createVMRequest, CInt(0)) }
        switch vm {
        case .success(let vmFD):
            _ = close(vmFD)
        case .failure(let errno):
            throw .createVM(errno)
        }
    }
}
