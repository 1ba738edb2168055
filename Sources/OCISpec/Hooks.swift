// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

/// `hooks`: programs run at points of the container's lifecycle, each list in order.
public struct Hooks: Codable, Sendable, Equatable {
    /// `prestart`: deprecated; after the namespaces exist, in the runtime namespace.
    public var prestart: [Hook]?
    /// `createRuntime`: after the namespaces exist, in the runtime namespace.
    public var createRuntime: [Hook]?
    /// `createContainer`: before pivot_root, in the container's namespaces.
    public var createContainer: [Hook]?
    /// `startContainer`: just before the user process runs, in the container.
    public var startContainer: [Hook]?
    /// `poststart`: after the user process started, in the runtime namespace.
    public var poststart: [Hook]?
    /// `poststop`: after the container was deleted, in the runtime namespace.
    public var poststop: [Hook]?

    /// Hooks with the given lists.
    /// - Parameters:
    ///   - prestart: the prestart hooks.
    ///   - createRuntime: the createRuntime hooks.
    ///   - createContainer: the createContainer hooks.
    ///   - startContainer: the startContainer hooks.
    ///   - poststart: the poststart hooks.
    ///   - poststop: the poststop hooks.
    public init(
        prestart: [Hook]? = nil, createRuntime: [Hook]? = nil, createContainer: [Hook]? = nil,
        startContainer: [Hook]? = nil, poststart: [Hook]? = nil, poststop: [Hook]? = nil
    ) {
        self.prestart = prestart
        self.createRuntime = createRuntime
        self.createContainer = createContainer
        self.startContainer = startContainer
        self.poststart = poststart
        self.poststop = poststop
    }
}

/// One hook: a program, its argv and environment, and a deadline.
public struct Hook: Codable, Sendable, Equatable {
    /// `path`: the absolute path of the program.
    public var path: String
    /// `args`: the argv, including argv[0].
    public var args: [String]?
    /// `env`: `KEY=value` entries.
    public var env: [String]?
    /// `timeout`: seconds before the hook is aborted.
    public var timeout: Int?

    /// A hook running `path`.
    /// - Parameters:
    ///   - path: the program.
    ///   - args: the argv.
    ///   - env: the environment.
    ///   - timeout: seconds before the hook is aborted.
    public init(path: String, args: [String]? = nil, env: [String]? = nil, timeout: Int? = nil) {
        self.path = path
        self.args = args
        self.env = env
        self.timeout = timeout
    }
}
