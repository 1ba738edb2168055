// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import KataError
import KataLinux
package import Logging

/// Loads kernel modules by name, with their dependencies, as `modprobe` would: the `kernel_modules`
/// a host asks for in CreateSandbox.
///
/// The guest image carries `modules.dep` and `modules.builtin` for the modules it ships; a module
/// not in either is not in the image, and that is the host's error to fix (its configuration asks
/// for a module the guest kernel does not have).
package struct KernelModules: Sendable {
    /// One module file of `modules.dep`: its path (absolute) and the files it needs, in the order
    /// modprobe loads them (the last listed first).
    struct Entry: Equatable {
        var path: String
        var dependencies: [String]
    }

    /// The modules of the running kernel, by normalised name.
    struct Index: Equatable {
        var files: [String: Entry] = [:]
        var builtin: Set<String> = []
    }

    /// What loading one requested module did.
    package enum Outcome: Sendable, Equatable {
        /// The module (and the dependencies it needed) was loaded now.
        case loaded
        /// It was loaded already; its parameters were not applied.
        case alreadyLoaded
        /// It is built into the kernel; its parameters were not applied.
        case builtin
    }

    private let system: any SystemOperations

    /// Creates a loader.
    /// - Parameter system: reads the module index and loads files.
    package init(system: any SystemOperations) {
        self.system = system
    }

    /// Module names use `-` and `_` interchangeably; the kernel reports `_`.
    static func normalized<S: StringProtocol>(_ name: S) -> String {
        String(name.map { $0 == "-" ? "_" : $0 })
    }

    /// The module name a file path stands for: `.../virtio_console.ko.xz` is `virtio_console`.
    static func moduleName<S: StringProtocol>(ofPath path: S) -> String {
        var base = Substring(path.split(separator: "/").last ?? "")
        for suffix in [".xz", ".zst", ".gz"] where base.hasSuffix(suffix) {
            base = base.dropLast(suffix.count)
        }
        if base.hasSuffix(".ko") {
            base = base.dropLast(3)
        }
        return normalized(base)
    }

    /// Parses `modules.dep` (`kernel/a.ko: kernel/b.ko kernel/c.ko`) and `modules.builtin` (one
    /// path a line), whose paths are relative to `directory`.
    static func index(modulesDep: String, modulesBuiltin: String, directory: String) -> Index {
        var index = Index()
        let absolute: (Substring) -> String = { $0.hasPrefix("/") ? String($0) : "\(directory)/\($0)" }
        for line in modulesDep.split(whereSeparator: \.isNewline) {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let path = line[..<colon]
            let dependencies = line[line.index(after: colon)...].split(separator: " ").map(absolute)
            index.files[moduleName(ofPath: path)] = Entry(path: absolute(path), dependencies: dependencies)
        }
        for line in modulesBuiltin.split(whereSeparator: \.isNewline) where !line.isEmpty {
            index.builtin.insert(moduleName(ofPath: line))
        }
        return index
    }

    /// The files to load for `name`, dependencies first; nil for a built-in module.
    /// - Throws: ``KataError`` with `.notFound` when the image has no such module.
    static func loadOrder(for name: String, in index: Index, directory: String) throws(KataError) -> [String]? {
        let key = normalized(name)
        guard let entry = index.files[key] else {
            if index.builtin.contains(key) { return nil }
            throw KataError(
                .notFound,
                "kernel module \"\(name)\" is not in the guest image (neither in \(directory)/modules.dep nor built in); "
                    + "remove it from kernel_modules or build the guest image with it")
        }
        return entry.dependencies.reversed() + [entry.path]
    }

    /// Loads each requested module with its parameters, in the order given; stops at the first
    /// failure.
    /// - Parameters:
    ///   - modules: module names, each with its `name=value` parameters.
    ///   - logger: records what each request did.
    /// - Throws: ``KataError`` naming the module: not in the image, or refused by the kernel.
    package func load(_ modules: [(name: String, parameters: [String])], logger: Logger) throws(KataError) {
        guard !modules.isEmpty else { return }
        let directory: String
        let index: Index
        do {
            directory = "/lib/modules/\(try system.kernelRelease())"
            let dep = try system.readFile("\(directory)/modules.dep")
            let builtin = (try? system.readFile("\(directory)/modules.builtin")) ?? ""
            index = Self.index(modulesDep: dep, modulesBuiltin: builtin, directory: directory)
        } catch {
            throw KataError(
                .failedPrecondition, "cannot load kernel_modules: the guest image has no module index",
                underlying: error)
        }
        for module in modules {
            let outcome = try load(module.name, parameters: module.parameters, index: index, directory: directory)
            logger.info(
                "kernel module requested by the host",
                metadata: [
                    "module": "\(module.name)", "parameters": "\(module.parameters.joined(separator: " "))",
                    "outcome": "\(outcome)",
                ])
        }
    }

    private func load(
        _ name: String, parameters: [String], index: Index, directory: String
    ) throws(KataError)
        -> Outcome
    {
        guard !name.isEmpty, !name.contains("/") else {
            throw KataError(.invalidArgument, "kernel module name \"\(name)\" is not a module name")
        }
        guard let files = try Self.loadOrder(for: name, in: index, directory: directory) else {
            return .builtin
        }
        if system.fileExists("/sys/module/\(Self.normalized(name))") {
            return .alreadyLoaded
        }
        for (position, path) in files.enumerated() {
            let isRequested = position == files.count - 1
            do {
                _ = try system.loadKernelModule(
                    path: path, parameters: isRequested ? parameters.joined(separator: " ") : "")
            } catch {
                let what = isRequested ? "" : " (a dependency, \(path))"
                throw KataError(.internal, "cannot load kernel module \"\(name)\"\(what)", underlying: error)
            }
        }
        return .loaded
    }
}
