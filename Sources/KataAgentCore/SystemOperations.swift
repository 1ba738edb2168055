// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import KataLinux

/// What the agent does to the operating system while it boots the VM and when it powers it off.
///
/// ``LinuxSystem`` performs the calls; tests pass a recorder so that the boot logic runs unprivileged and
/// without side effects.
package protocol SystemOperations: Sendable {
    /// The mount table of the agent's process.
    /// - Throws: ``Syscall/Error``; `ENOENT` before /proc is mounted.
    func mountTable() throws(Syscall.Error) -> MountTable

    /// mount(2).
    /// - Parameters:
    ///   - source: the device or a label.
    ///   - target: the directory to mount on; it exists.
    ///   - type: the file system type, or nil for a remount.
    ///   - flags: `MS_*` flags.
    ///   - data: file-system options.
    /// - Throws: ``Syscall/Error``.
    func mount(source: String, target: String, type: String?, flags: Mount.Flags, data: String?) throws(Syscall.Error)

    /// Creates a directory (mode 0755) and its missing parents.
    /// - Parameter path: the directory.
    /// - Throws: ``Syscall/Error``.
    func makeDirectories(_ path: String) throws(Syscall.Error)

    /// Whether anything, even a dangling symlink, exists at `path`.
    /// - Parameter path: the path to look at.
    /// - Returns: true when something is there.
    func fileExists(_ path: String) -> Bool

    /// Reads a small text file.
    /// - Parameter path: the file.
    /// - Returns: the file's text.
    /// - Throws: ``Syscall/Error``; `ENOENT` for a missing file.
    func readFile(_ path: String) throws(Syscall.Error) -> String

    /// Writes a small text file.
    /// - Parameters:
    ///   - contents: the text.
    ///   - path: the file.
    /// - Throws: ``Syscall/Error``.
    func writeFile(_ contents: String, to path: String) throws(Syscall.Error)

    /// Removes a file or symlink.
    /// - Parameter path: the file.
    /// - Throws: ``Syscall/Error``.
    func removeFile(_ path: String) throws(Syscall.Error)

    /// Creates a symlink at `path` pointing to `target`.
    /// - Parameters:
    ///   - path: where the link is created.
    ///   - target: what it points to.
    /// - Throws: ``Syscall/Error``.
    func symlink(at path: String, to target: String) throws(Syscall.Error)

    /// setsid(2): the agent becomes a session leader.
    /// - Throws: ``Syscall/Error``.
    func createSession() throws(Syscall.Error)

    /// Makes the console on standard input the session's controlling terminal.
    /// - Throws: ``Syscall/Error``; `ENOTTY` when standard input is not a terminal.
    func setControllingTerminal() throws(Syscall.Error)

    /// Sets an environment variable of the agent.
    /// - Parameters:
    ///   - value: the value.
    ///   - name: the variable.
    /// - Throws: ``Syscall/Error``.
    func setEnvironmentValue(_ value: String, for name: String) throws(Syscall.Error)

    /// Sets the VM's host name.
    /// - Parameter name: the host name.
    /// - Throws: ``Syscall/Error``.
    func setHostname(_ name: String) throws(Syscall.Error)

    /// The running kernel's release (`uname -r`).
    /// - Throws: ``Syscall/Error``.
    func kernelRelease() throws(Syscall.Error) -> String

    /// Loads a kernel module file.
    /// - Parameters:
    ///   - path: the `.ko` file.
    ///   - parameters: module parameters, space-separated `name=value` pairs; empty for none.
    /// - Returns: whether it was loaded now or already.
    /// - Throws: ``Syscall/Error``.
    func loadKernelModule(path: String, parameters: String) throws(Syscall.Error) -> KernelModule.LoadResult

    /// Brings a network interface up.
    /// - Parameter name: the interface.
    /// - Throws: ``Syscall/Error``.
    func setLinkUp(_ name: String) throws(Syscall.Error)

    /// Makes the agent the reaper of orphaned descendants.
    /// - Throws: ``Syscall/Error``.
    func setChildSubreaper() throws(Syscall.Error)

    /// Flushes file systems and powers the VM off; returns only if the power-off failed (or, in tests,
    /// was recorded).
    /// - Throws: ``Syscall/Error`` from reboot(2).
    func syncAndPowerOff() throws(Syscall.Error)
}
