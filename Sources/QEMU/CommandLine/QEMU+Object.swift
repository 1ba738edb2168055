// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

extension QEMU {
    /// A `-object` backend.
    package enum Object: Argument, Equatable {
        /// `memory-backend-file,id=…,size=…,mem-path=…[,share=on][,readonly=on][,prealloc=on]`.
        case memoryBackendFile(MemoryBackend, path: String)
        /// `memory-backend-file,id=…,mem-path=…,size=<bytes>[,readonly=on]`: a disk image mapped as
        /// guest memory, the backend of an `nvdimm` root file system.
        case imageBackend(id: String, path: String, sizeBytes: UInt64, readOnly: Bool)
        /// `memory-backend-memfd,id=…,size=…[,share=on]`: anonymous shareable RAM, what vhost-user
        /// devices such as virtio-fs need without a file system path.
        case memoryBackendMemfd(MemoryBackend)
        /// `memory-backend-ram,id=…,size=…`.
        case memoryBackendRAM(MemoryBackend)
        /// `rng-random,id=…,filename=…`: entropy from a host file for virtio-rng.
        case rngRandom(id: String, filename: String)
        /// `iothread,id=…`.
        case ioThread(id: String)

        /// The properties all memory backends share.
        package struct MemoryBackend: Sendable, Equatable {
            /// The object id (`dimm1`, `mem0`).
            package var id: String
            /// The size, rendered as given: `2048M`, or a byte count.
            package var size: String
            /// `share=on`: the memory may be mapped by other processes (vhost-user).
            package var share: Bool
            /// `readonly=on`.
            package var readOnly: Bool
            /// `prealloc=on`.
            package var preallocate: Bool

            /// Creates memory backend properties.
            /// - Parameters:
            ///   - id: the object id.
            ///   - size: the size as QEMU reads it (`512M`, `1073741824`).
            ///   - share: whether other processes may map it.
            ///   - readOnly: whether it is read-only.
            ///   - preallocate: whether to preallocate it.
            package init(
                id: String, size: String, share: Bool = false, readOnly: Bool = false, preallocate: Bool = false
            ) {
                self.id = id
                self.size = size
                self.share = share
                self.readOnly = readOnly
                self.preallocate = preallocate
            }
        }

        /// The rendered properties, type first.
        package var options: Options {
            switch self {
            case .memoryBackendFile(let backend, let path):
                var options = Options(
                    "memory-backend-file", [("id", backend.id), ("size", backend.size), ("mem-path", path)])
                Self.appendFlags(backend, to: &options)
                return options
            case .imageBackend(let id, let path, let size, let readOnly):
                var options = Options(
                    "memory-backend-file", [("id", id), ("mem-path", path), ("size", "\(size)")])
                if readOnly { options.append("readonly", "on") }
                return options
            case .memoryBackendMemfd(let backend):
                var options = Options("memory-backend-memfd", [("id", backend.id), ("size", backend.size)])
                Self.appendFlags(backend, to: &options)
                return options
            case .memoryBackendRAM(let backend):
                var options = Options("memory-backend-ram", [("id", backend.id), ("size", backend.size)])
                Self.appendFlags(backend, to: &options)
                return options
            case .rngRandom(let id, let filename):
                return Options("rng-random", [("id", id), ("filename", filename)])
            case .ioThread(let id):
                return Options("iothread", [("id", id)])
            }
        }

        /// `["-object", options]`.
        package var arguments: [String] { ["-object", options.description] }

        private static func appendFlags(_ backend: MemoryBackend, to options: inout Options) {
            if backend.share { options.append("share", "on") }
            if backend.readOnly { options.append("readonly", "on") }
            if backend.preallocate { options.append("prealloc", "on") }
        }
    }
}
