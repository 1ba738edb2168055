// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import CKataLinux
import Glibc

/// Machine-wide operations: sync, power off, host name, kernel release, the environment, the clock.
package enum System {
    /// Flushes all file-system buffers to their devices (sync(2)); cannot fail.
    package static func sync() {
        Glibc.sync()
    }

    /// Powers the machine off at once (reboot(2) with `RB_POWER_OFF`); call ``sync()`` first.
    ///
    /// On success the machine is gone and the call does not return.
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)``: `EPERM` without `CAP_SYS_BOOT`.
    package static func powerOff() throws(Syscall.Error) {
        try Syscall.call("reboot") { ckl_power_off() }
    }

    /// Sets the host name of the calling process's UTS namespace (sethostname(2)).
    /// - Parameter name: the new name, at most 64 bytes.
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)``: `EINVAL` for a name that is too long,
    ///   `EPERM` without `CAP_SYS_ADMIN`.
    package static func setHostname(_ name: String) throws(Syscall.Error) {
        let bytes = Array(name.utf8)
        try Syscall.call("sethostname", path: name) { sethostname(bytes, bytes.count) }
    }

    /// Brings a network interface up (IFF_UP), as `ip link set NAME up` does.
    /// - Parameter name: the interface, e.g. `lo`.
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)`` (`ENODEV` when there is no such interface).
    package static func setLinkUp(_ name: String) throws(Syscall.Error) {
        try Syscall.call("ioctl(SIOCSIFFLAGS)", path: name) { ckl_link_set_up(name) }
    }

    /// The running kernel's release (`uname -r`, e.g. `6.1.0-31-cloud-amd64`).
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)`` from `uname`.
    package static func kernelRelease() throws(Syscall.Error) -> String {
        var names = utsname()
        try Syscall.call("uname") { uname(&names) }
        // SAFETY: uname NUL-terminates release inside the struct; String(cString:) copies it out
        // before `names` goes out of scope.
        return withUnsafePointer(to: &names.release) { pointer in
            pointer.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: pointer.pointee)) {
                String(cString: $0)
            }
        }
    }

    /// The value of an environment variable, or nil when it is unset.
    /// - Parameter name: the variable's name.
    /// - Returns: the value, or nil.
    package static func environmentValue(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    /// Sets an environment variable of this process, overwriting any value it had.
    ///
    /// setenv(3) is not thread-safe: call it before starting other threads (the event loops).
    /// - Parameters:
    ///   - value: the new value.
    ///   - name: the variable's name; it must not contain `=`.
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)``: `EINVAL` for an invalid name.
    package static func setEnvironmentValue(_ value: String, for name: String) throws(Syscall.Error) {
        try Syscall.call("setenv", path: name) { setenv(name, value, 1) }
    }

    /// The wall-clock time (`CLOCK_REALTIME`) as seconds and nanoseconds since the Unix epoch.
    package static func wallClock() -> (seconds: Int64, nanoseconds: Int64) {
        var now = timespec()
        // clock_gettime(CLOCK_REALTIME) fails only for an invalid pointer.
        _ = clock_gettime(CLOCK_REALTIME, &now)
        return (Int64(now.tv_sec), Int64(now.tv_nsec))
    }

    /// Sets the wall-clock time (`CLOCK_REALTIME`).
    /// - Parameters:
    ///   - seconds: seconds since the Unix epoch.
    ///   - microseconds: the fraction, in microseconds.
    /// - Throws: ``Syscall/Error/syscall(name:path:errno:)`` from `clock_settime` (`EINVAL` for an
    ///   out-of-range time, `EPERM` without CAP_SYS_TIME).
    package static func setWallClock(seconds: Int64, microseconds: Int64) throws(Syscall.Error) {
        var time = timespec(tv_sec: Int(seconds), tv_nsec: Int(microseconds * 1000))
        try Syscall.call("clock_settime") { clock_settime(CLOCK_REALTIME, &time) }
    }
}
