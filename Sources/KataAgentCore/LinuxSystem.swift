// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import KataLinux
import SystemPackage

/// ``SystemOperations`` performed with real system calls.
package struct LinuxSystem: SystemOperations {
    /// Creates the real system.
    package init() {}

    /// Reads `/proc/self/mountinfo`.
    package func mountTable() throws(Syscall.Error) -> MountTable {
        try MountTable.read()
    }

    /// mount(2).
    package func mount(
        source: String, target: String, type: String?, flags: Mount.Flags, data: String?
    ) throws(Syscall.Error) {
        try Mount.mount(source: source, target: target, type: type, flags: flags, data: data)
    }

    /// `mkdir -p` with mode 0755.
    package func makeDirectories(_ path: String) throws(Syscall.Error) {
        try FileSystem.mkdirAll(path)
    }

    /// lstat(2) succeeds.
    package func fileExists(_ path: String) -> Bool {
        FileSystem.exists(path)
    }

    /// Reads a file.
    package func readFile(_ path: String) throws(Syscall.Error) -> String {
        try FileSystem.readFile(path)
    }

    /// Writes a file.
    package func writeFile(_ contents: String, to path: String) throws(Syscall.Error) {
        try FileSystem.writeFile(contents, to: path)
    }

    /// unlink(2).
    package func removeFile(_ path: String) throws(Syscall.Error) {
        try FileSystem.remove(path)
    }

    /// symlink(2).
    package func symlink(at path: String, to target: String) throws(Syscall.Error) {
        try FileSystem.symlink(at: path, to: target)
    }

    /// setsid(2).
    package func createSession() throws(Syscall.Error) {
        try CurrentProcess.createSession()
    }

    /// `TIOCSCTTY` on standard input.
    package func setControllingTerminal() throws(Syscall.Error) {
        try CurrentProcess.setControllingTerminal(.standardInput)
    }

    /// setenv(3).
    package func setEnvironmentValue(_ value: String, for name: String) throws(Syscall.Error) {
        try System.setEnvironmentValue(value, for: name)
    }

    /// sethostname(2).
    package func setHostname(_ name: String) throws(Syscall.Error) {
        try System.setHostname(name)
    }

    /// uname(2).
    package func kernelRelease() throws(Syscall.Error) -> String {
        try System.kernelRelease()
    }

    /// finit_module(2).
    package func loadKernelModule(path: String, parameters: String) throws(Syscall.Error) -> KernelModule.LoadResult {
        try KernelModule.load(path: path, parameters: parameters)
    }

    /// `SIOCSIFFLAGS` with `IFF_UP`.
    package func setLinkUp(_ name: String) throws(Syscall.Error) {
        try System.setLinkUp(name)
    }

    /// `prctl(PR_SET_CHILD_SUBREAPER)`.
    package func setChildSubreaper() throws(Syscall.Error) {
        try CurrentProcess.setChildSubreaper()
    }

    /// sync(2), then reboot(2) with `RB_POWER_OFF`.
    package func syncAndPowerOff() throws(Syscall.Error) {
        System.sync()
        try System.powerOff()
    }
}
