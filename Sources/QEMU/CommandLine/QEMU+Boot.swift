// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

extension QEMU {
    /// `-qmp unix:…,server=on,wait=off`: a QMP monitor on a unix socket QEMU listens on.
    package struct QMPSocket: Argument, Equatable {
        /// Where the listening socket comes from.
        package enum Listener: Sendable, Equatable {
            /// A listening socket inherited as this descriptor number (`unix:fd=3`): the caller
            /// binds it and can connect before QEMU starts, so an early QEMU exit is seen at once.
            case inheritedDescriptor(Int32)
            /// QEMU binds this path itself.
            case path(String)
        }

        /// The listener.
        package var listener: Listener

        /// Creates a QMP socket option.
        /// - Parameter listener: the listener.
        package init(_ listener: Listener) { self.listener = listener }

        /// `["-qmp", "unix:fd=3,server=on,wait=off"]`.
        package var arguments: [String] {
            let head: (String, String) =
                switch listener {
                case .inheritedDescriptor(let fd): ("fd", "\(fd)")
                case .path(let path): ("path", path)
                }
            return ["-qmp", "unix:" + Options(nil, [head, ("server", "on"), ("wait", "off")]).description]
        }
    }

    /// `-kernel`, `-initrd`, `-append`: direct kernel boot. The values are plain strings, not
    /// QemuOpts, so commas are not escaped.
    package struct KernelBoot: Argument, Equatable {
        /// The kernel image.
        package var kernel: String
        /// The initrd, if any.
        package var initrd: String?
        /// Kernel parameters, joined with spaces into one `-append` argument; none emits no `-append`.
        package var parameters: [String]

        /// Creates a direct kernel boot.
        /// - Parameters:
        ///   - kernel: the kernel image.
        ///   - initrd: the initrd, if any.
        ///   - parameters: kernel parameters, in order (the kernel honours the last duplicate).
        package init(kernel: String, initrd: String? = nil, parameters: [String] = []) {
            self.kernel = kernel
            self.initrd = initrd
            self.parameters = parameters
        }

        /// `["-kernel", k, "-initrd", i, "-append", "a b"]`.
        package var arguments: [String] {
            var result = ["-kernel", kernel]
            if let initrd { result += ["-initrd", initrd] }
            if !parameters.isEmpty { result += ["-append", parameters.joined(separator: " ")] }
            return result
        }
    }

    /// `-numa node,memdev=<id>`: one NUMA node backed by a memory object.
    package struct NUMANode: Argument, Equatable {
        /// The memory backend's id.
        package var memoryDevice: String

        /// Creates a NUMA node option.
        /// - Parameter memoryDevice: the memory backend's id.
        package init(memoryDevice: String) { self.memoryDevice = memoryDevice }

        /// `["-numa", "node,memdev=dimm1"]`.
        package var arguments: [String] { ["-numa", Options("node", [("memdev", memoryDevice)]).description] }
    }

    /// A flag with a plain path value: `-pidfile`, `-bios`, `-pflash`.
    package struct PathOption: Argument, Equatable {
        /// The flag, e.g. `-pidfile`.
        package var flag: String
        /// The path.
        package var path: String

        /// `-pidfile <path>`: QEMU writes its pid there.
        /// - Parameter path: the pid file.
        /// - Returns: the option.
        package static func pidFile(_ path: String) -> PathOption { PathOption(flag: "-pidfile", path: path) }

        /// `-bios <path>`: the firmware.
        /// - Parameter path: the firmware file.
        /// - Returns: the option.
        package static func bios(_ path: String) -> PathOption { PathOption(flag: "-bios", path: path) }

        /// `[flag, path]`.
        package var arguments: [String] { [flag, path] }
    }
}
