// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataError
import KataLinux
import Logging
import SystemPackage

extension BootSequence {
    /// The directory holding the running kernel's modules.
    /// - Parameter release: the kernel release (`uname -r`).
    /// - Returns: `/lib/modules/<release>`.
    static func modulesDirectory(release: String) -> String {
        "/lib/modules/\(release)"
    }

    /// The module files listed in a `modules.load` file, as absolute paths, in load order.
    ///
    /// The guest image builder writes one path per line, relative to the modules directory
    /// (`kernel/drivers/char/virtio_console.ko`), dependencies first. Blank lines and lines starting
    /// with `#` are skipped; an absolute path is used as it is.
    /// - Parameters:
    ///   - text: the file's contents.
    ///   - directory: the modules directory relative paths start from.
    /// - Returns: the module files to load, in order.
    static func moduleFiles(inModulesLoad text: String, directory: String) -> [String] {
        text.split(whereSeparator: \.isNewline).compactMap { line in
            let entry = line.trimmingSpaces()
            guard !entry.isEmpty, !entry.hasPrefix("#") else {
                return nil
            }
            return entry.hasPrefix("/") ? String(entry) : "\(directory)/\(entry)"
        }
    }

    /// Loads the modules listed in `/lib/modules/<release>/modules.load`, in order; a missing file
    /// means there is nothing to load (a kernel with everything built in).
    func loadKernelModules(logger: Logger) throws(KataError) {
        let directory: String
        do {
            directory = Self.modulesDirectory(release: try system.kernelRelease())
        } catch {
            throw KataError(.internal, "cannot learn the kernel release", underlying: error)
        }
        let listPath = "\(directory)/modules.load"
        let text: String
        do {
            text = try system.readFile(listPath)
        } catch .syscall(_, _, .noSuchFileOrDirectory) {
            logger.debug("no kernel modules to load", metadata: ["file": "\(listPath)"])
            return
        } catch {
            throw KataError(.internal, "cannot read the kernel module list", underlying: error)
        }
        for path in Self.moduleFiles(inModulesLoad: text, directory: directory) {
            let result: KernelModule.LoadResult
            do {
                result = try system.loadKernelModule(path: path, parameters: "")
            } catch {
                throw KataError(.internal, "cannot load kernel module \(path)", underlying: error)
            }
            let message: Logger.Message = result == .loaded ? "loaded kernel module" : "kernel module already loaded"
            logger.debug(message, metadata: ["module": "\(path)"])
        }
    }
}

extension Substring {
    /// The text without leading and trailing spaces, tabs and carriage returns.
    fileprivate func trimmingSpaces() -> Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return self[first...last]
    }
}
