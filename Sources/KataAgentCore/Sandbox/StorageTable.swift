// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataError
import KataLinux

/// The sandbox's mounted storages, reference-counted by mount point: the sandbox's shared
/// directory and each container's volumes are mounted once, however many containers use them, and
/// unmounted when the last one goes.
struct StorageTable {
    /// The storage drivers this agent handles, as GetGuestDetails reports them.
    static let drivers = Storage.Driver.allCases.map(\.rawValue)

    private struct Entry {
        var count: Int
        /// Whether removal unmounts it (local storages are plain directories).
        var mounted: Bool
        var shared: Bool
    }

    private var entries: [String: Entry] = [:]

    /// Mounts each storage not mounted yet, in order, and counts a use of the others; on a failure
    /// undoes what this call did.
    /// - Parameter storages: the storages of a CreateSandbox or CreateContainer request.
    /// - Returns: the mount points used, for ``release(_:)``.
    /// - Throws: ``KataError`` naming the storage (driver, source, mount point) and the failure.
    mutating func acquire(_ storages: [Storage]) throws -> [String] {
        var done: [String] = []
        do {
            for storage in storages {
                try Self.validate(storage)
                if entries[storage.mountPoint] != nil {
                    entries[storage.mountPoint]?.count += 1
                } else {
                    let mounted = try Self.mount(storage)
                    entries[storage.mountPoint] = Entry(count: 1, mounted: mounted, shared: storage.shared)
                }
                done.append(storage.mountPoint)
            }
        } catch {
            release(done)
            throw error
        }
        return done
    }

    /// Drops one use of each mount point; unmounts those no longer used (unless shared) and removes
    /// their directories.
    /// - Parameter mountPoints: what ``acquire(_:)`` returned.
    mutating func release(_ mountPoints: [String]) {
        for mountPoint in mountPoints.reversed() {
            guard var entry = entries[mountPoint] else { continue }
            entry.count -= 1
            if entry.count > 0 || entry.shared {
                entries[mountPoint] = entry
                continue
            }
            entries[mountPoint] = nil
            if entry.mounted {
                try? Mount.unmount(mountPoint, detach: true)
            }
            // Only an empty directory goes: the storage's data must never be deleted here.
            try? FileSystem.removeDirectory(mountPoint)
        }
    }

    /// Unmounts everything, for DestroySandbox.
    mutating func releaseAll() {
        for (mountPoint, entry) in entries where entry.mounted {
            try? Mount.unmount(mountPoint, detach: true)
        }
        entries.removeAll()
    }

    private static func validate(_ storage: Storage) throws {
        guard storage.mountPoint.hasPrefix("/"), !storage.mountPoint.split(separator: "/").contains("..") else {
            throw KataError(
                .invalidArgument,
                "storage \(storage.driver.rawValue) \(storage.source): mount point \"\(storage.mountPoint)\" must "
                    + "be an absolute path without \"..\"")
        }
    }

    /// Runs the driver's handler; returns whether something was mounted.
    private static func mount(_ storage: Storage) throws -> Bool {
        let context = "storage \(storage.driver.rawValue) \(storage.source) at \(storage.mountPoint)"
        do {
            switch storage.driver {
            case .virtioFS:
                try commonMount(storage, type: "virtiofs")
            case .ninePee:
                try commonMount(storage, type: "9p")
            case .bind:
                try commonMount(storage, type: nil, extra: [.bind])
            case .ephemeral:
                try commonMount(storage, type: storage.fstype ?? "tmpfs")
            case .local:
                try FileSystem.mkdirAll(storage.mountPoint)
                if let mode = storage.options.lazy.compactMap({ Self.value(of: "mode", in: $0) }).first {
                    guard let bits = UInt16(mode, radix: 8) else {
                        throw KataError(.invalidArgument, "\(context): mode \(mode) is not an octal number")
                    }
                    try FileSystem.setPermissions(storage.mountPoint, bits)
                }
                return false
            }
        } catch let error as KataError {
            throw error
        } catch {
            throw KataError(.internal, "\(context) failed", underlying: error)
        }
        return true
    }

    private static func commonMount(_ storage: Storage, type: String?, extra: Mount.Flags = []) throws {
        let options = Mount.Options(storage.options.filter { Self.value(of: "fsgid", in: $0) == nil })
        try FileSystem.mkdirAll(storage.mountPoint)
        try Mount.mount(
            source: storage.source, target: storage.mountPoint, type: type, flags: options.flags.union(extra),
            data: options.data.isEmpty ? nil : options.data)
        if !options.propagation.isEmpty {
            try Mount.mount(source: "none", target: storage.mountPoint, type: nil, flags: options.propagation)
        }
    }

    private static func value(of key: String, in option: String) -> String? {
        option.hasPrefix(key + "=") ? String(option.dropFirst(key.count + 1)) : nil
    }
}
