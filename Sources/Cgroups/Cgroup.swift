// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataLinux
import SystemPackage

/// One cgroup, named by its path below the hierarchy's root ("/kata/<cid>"): created, joined,
/// limited (``apply(_:)``), frozen, measured (``stats()``) and removed.
///
/// A value: it holds no descriptors, so copies are free and every call reads the file system.
package struct Cgroup: Sendable, Equatable {
    /// Where the controllers are mounted.
    package let hierarchy: CgroupHierarchy
    /// The cgroup's path below the hierarchy root, starting with "/".
    package let path: String

    /// Names a cgroup; nothing is created until ``create()``.
    /// - Parameters:
    ///   - path: absolute, without "." or ".." components.
    ///   - hierarchy: where the controllers are mounted.
    /// - Throws: ``Error/invalidPath(_:)``.
    package init(path: String, hierarchy: CgroupHierarchy) throws(Error) {
        let components = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        guard path.hasPrefix("/"), path.count > 1,
            !components.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." })
        else {
            throw .invalidPath(path)
        }
        self.path = path
        self.hierarchy = hierarchy
    }

    /// The cgroup's directory for `controller`: its v1 hierarchy's, or the unified one.
    /// - Returns: nil when v1 has no such controller, or v2's root does not offer it.
    package func directory(_ controller: String) -> String? {
        switch hierarchy {
        case .v1(let mounts):
            return mounts[controller].map { "\($0)\(path)" }
        case .v2(let root, let controllers):
            guard controller.isEmpty || controllers.contains(controller) else { return nil }
            return "\(root)\(path)"
        }
    }

    /// Every directory of the cgroup, one per distinct v1 mount (or the single v2 one).
    package var directories: [String] {
        switch hierarchy {
        case .v1(let mounts): Set(mounts.values).sorted().map { "\($0)\(path)" }
        case .v2(let root, _): ["\(root)\(path)"]
        }
    }

    /// Creates the cgroup's directories (and parents). On v1 a new cpuset cgroup starts with no
    /// CPUs, so it inherits its parent's; on v2 each ancestor enables the controllers below it.
    /// - Throws: ``Error/system(_:_:)`` naming the directory.
    package func create() throws(Error) {
        for directory in directories {
            do {
                try FileSystem.mkdirAll(directory)
            } catch {
                throw .system("creating cgroup \(directory)", error)
            }
        }
        switch hierarchy {
        case .v1(let mounts):
            if let cpuset = mounts["cpuset"] { try inheritCpuset(root: cpuset) }
        case .v2(let root, let controllers):
            enableControllers(root: root, controllers: controllers)
        }
    }

    /// Moves a process (and its future children) into the cgroup. A process that has already
    /// exited is not an error: there is nothing left to move, and whoever waits for it learns why.
    /// - Throws: ``Error/system(_:_:)``.
    package func add(_ pid: Int32) throws(Error) {
        for directory in directories {
            do {
                try FileSystem.writeFile("\(pid)", to: "\(directory)/cgroup.procs")
            } catch {
                if error.errno == .noSuchProcess { return }
                throw .system("moving process \(pid) into \(directory)", error)
            }
        }
    }

    /// The processes in the cgroup (not in its children), in the order the kernel lists them.
    /// - Throws: ``Error/system(_:_:)`` when the cgroup does not exist.
    package func processes() throws(Error) -> [Int32] {
        let directory = directory("pids") ?? directory("freezer") ?? directories.first ?? path
        return try read("\(directory)/cgroup.procs").split(separator: "\n").compactMap { Int32($0) }
    }

    /// Removes the cgroup's directories. A cgroup whose last processes are still exiting is busy
    /// for a moment, so removal waits for up to a second: under v2 for the kernel's "populated 0"
    /// in `cgroup.events`, under v1 (which announces nothing) by trying every 10 ms. A missing
    /// directory is fine.
    /// - Throws: ``Error/system(_:_:)`` when a directory stays busy or cannot be removed.
    package func remove() async throws(Error) {
        for directory in directories {
            let events = eventsWatch(directory)
            defer { try? events?.close() }
            let removed = try await KernelWait.lookUntilFound(timeout: .seconds(1), wakingOn: events) {
                () throws(Error) -> Bool? in
                do throws(Syscall.Error) {
                    try FileSystem.removeDirectory(directory)
                    return true
                } catch {
                    if error.errno == .noSuchFileOrDirectory { return true }
                    guard error.errno == .resourceBusy else { throw .system("removing cgroup \(directory)", error) }
                    return nil
                }
            }
            guard removed != nil else {
                throw .system(
                    "removing cgroup \(directory) (still busy after 1 s)",
                    .syscall(name: "rmdir", path: directory, errno: .resourceBusy))
            }
        }
    }

    /// `cgroup.events` of `directory` watched for changes under v2; nil under v1, which has no such
    /// file, or when the watch cannot be made (waits then look at intervals).
    func eventsWatch(_ directory: String) -> FileDescriptor? {
        guard case .v2 = hierarchy else { return nil }
        return try? EventNotifier.watchModifications(of: "\(directory)/cgroup.events")
    }

    // MARK: File access

    func read(_ file: String) throws(Error) -> String {
        do {
            return try FileSystem.readFile(file)
        } catch {
            throw .system("reading \(file)", error)
        }
    }

    func write(_ value: String, to file: String) throws(Error) {
        do {
            try FileSystem.writeFile(value, to: file)
        } catch {
            throw .system("writing \"\(value)\" to \(file)", error)
        }
    }

    /// Writes `value` to `file` in the controller's directory.
    /// - Parameters:
    ///   - controller: the controller whose directory holds the file.
    ///   - file: the file's name.
    ///   - value: what to write.
    ///   - setting: the OCI setting being applied, named in errors ("memory.limit").
    /// - Throws: ``Error/missingController(_:needed:)`` or ``Error/system(_:_:)``.
    func set(_ controller: String, _ file: String, _ value: String, for setting: String) throws(Error) {
        guard let directory = directory(controller) else {
            throw .missingController(controller, needed: setting)
        }
        try write(value, to: "\(directory)/\(file)")
    }

    private func inheritCpuset(root: String) throws(Error) {
        var parent = root
        for component in path.split(separator: "/") {
            let directory = "\(parent)/\(component)"
            for file in ["cpuset.cpus", "cpuset.mems"] {
                let own = try read("\(directory)/\(file)").trimmingWhitespace
                if own.isEmpty {
                    try write(try read("\(parent)/\(file)").trimmingWhitespace, to: "\(directory)/\(file)")
                }
            }
            parent = directory
        }
    }

    /// Enables the offered controllers in each ancestor's `cgroup.subtree_control`. A controller
    /// the kernel refuses (cpu while real-time tasks run, say) is left off; a limit that needs it
    /// then fails with the file it could not write.
    private func enableControllers(root: String, controllers: Set<String>) {
        var directory = root
        for component in path.split(separator: "/") {
            for controller in controllers.sorted() {
                try? FileSystem.writeFile("+\(controller)", to: "\(directory)/cgroup.subtree_control")
            }
            directory += "/\(component)"
        }
    }
}
