// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import FoundationEssentials

/// An OCI bundle: a directory holding `config.json` and, usually, the `rootfs` it names.
///
/// The name shadows `Foundation.Bundle`; a file importing both writes `OCISpec.Bundle`.
public struct Bundle: Sendable, Equatable {
    /// The bundle directory, as given to `load(path:)`.
    public let path: String
    /// The decoded and validated `config.json`.
    public let spec: Spec

    /// A bundle at `path` with `spec`, not read from disk; `spec` is not validated.
    /// - Parameters:
    ///   - path: the bundle directory.
    ///   - spec: its spec.
    public init(path: String, spec: Spec) {
        self.path = path
        self.spec = spec
    }

    /// The root file system's absolute host path: `root.path`, resolved against the bundle when relative.
    public var rootfsPath: String? {
        guard let root = spec.root?.path else { return nil }
        if root.hasPrefix("/") { return root }
        return path.hasSuffix("/") ? path + root : path + "/" + root
    }

    /// Reads `<path>/config.json`, decodes it and validates it.
    /// - Parameter path: the bundle directory.
    /// - Returns: the bundle.
    /// - Throws: `Bundle.Error` naming the bundle, the JSON field and what is wrong with it.
    public static func load(path: String) throws(Bundle.Error) -> Bundle {
        let file = path.hasSuffix("/") ? path + "config.json" : path + "/config.json"
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: file))
        } catch let error as CocoaError where error.code == .fileReadNoSuchFile || error.code == .fileNoSuchFile {
            throw .configNotFound(bundle: path)
        } catch {
            throw .configUnreadable(bundle: path, reason: Self.reason(of: error))
        }
        return try decode(data, bundle: path)
    }

    /// Decodes and validates `json` as the `config.json` of the bundle at `bundle`.
    /// - Parameters:
    ///   - json: the file's bytes.
    ///   - bundle: the bundle directory, for messages and `rootfsPath`.
    /// - Returns: the bundle.
    /// - Throws: `Bundle.Error.invalidJSON` or `.invalidField`.
    public static func decode(_ json: [UInt8], bundle: String) throws(Bundle.Error) -> Bundle {
        try decode(Data(json), bundle: bundle)
    }

    private static func decode(_ data: Data, bundle: String) throws(Bundle.Error) -> Bundle {
        let spec: Spec
        do {
            spec = try JSONDecoder().decode(Spec.self, from: data)
        } catch let error as DecodingError {
            throw Self.error(from: error, data: data, bundle: bundle)
        } catch {
            throw .invalidJSON(bundle: bundle, reason: Self.reason(of: error))
        }
        do {
            try spec.validate()
        } catch {
            throw .invalidField(bundle: bundle, field: error.field, problem: error.problem)
        }
        return Bundle(path: bundle, spec: spec)
    }

    private static func error(from error: DecodingError, data: Data, bundle: String) -> Bundle.Error {
        switch error {
        case .keyNotFound(let key, let context):
            return .invalidField(
                bundle: bundle, field: fieldPath(context.codingPath + [key]), problem: "is required but missing")
        case .valueNotFound(let type, let context):
            return .invalidField(
                bundle: bundle, field: fieldPath(context.codingPath), problem: "must be \(typeName(type)), not null")
        case .typeMismatch(let type, let context):
            return .invalidField(
                bundle: bundle, field: fieldPath(context.codingPath), problem: "must be \(typeName(type))")
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            return .invalidJSON(bundle: bundle, reason: syntaxError(in: data) ?? context.debugDescription)
        case .dataCorrupted(let context):
            return .invalidField(
                bundle: bundle, field: fieldPath(context.codingPath), problem: context.debugDescription)
        @unknown default:
            return .invalidJSON(bundle: bundle, reason: String(describing: error))
        }
    }

    /// The first syntax error in `data` with its line and column, or `nil` when it parses
    /// (JSONDecoder reports only "not valid JSON").
    static func syntaxError(in data: Data) -> String? {
        JSONSyntax.firstProblem(in: [UInt8](data)).map(\.description)
    }

    /// `linux.namespaces[2].type` from a decoder's coding path.
    static func fieldPath(_ codingPath: [any CodingKey]) -> String {
        var path = ""
        for key in codingPath {
            if let index = key.intValue {
                path += "[\(index)]"
            } else {
                path += path.isEmpty ? key.stringValue : "." + key.stringValue
            }
        }
        return path.isEmpty ? "(top level)" : path
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Bool.Type: return "a boolean"
        case is Int.Type, is Int64.Type, is UInt.Type, is UInt16.Type, is UInt32.Type, is UInt64.Type:
            return "an integer"
        case is [String].Type, is [UInt32].Type: return "an array"
        case is [String: String].Type: return "an object of strings"
        default:
            let name = String(describing: type)
            if name.hasPrefix("Array<") { return "an array" }
            if name.hasPrefix("Dictionary<") { return "an object" }
            return "an object"
        }
    }

    /// The errnos a read of config.json meets in practice, in words (Foundation's text on Linux
    /// prefixes them with "The operation could not be completed.").
    private static let errnoText: [Int: String] = [
        5: "I/O error", 13: "permission denied", 20: "a path component is not a directory",
        21: "config.json is a directory", 40: "too many levels of symbolic links",
    ]

    private static func reason(of error: any Swift.Error) -> String {
        if let cocoa = error as? CocoaError, let posix = cocoa.underlying as? POSIXError {
            let code = Int(posix.code.rawValue)
            return errnoText[code].map { "\($0) (errno \(code))" } ?? "\(posix.code) (errno \(code))"
        }
        return String(describing: error)
    }
}
