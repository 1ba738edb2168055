// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

/// An OCI runtime-spec 1.1 `config.json`: what a runtime needs to create one container.
///
/// Keys are the spec's own JSON names. Optional fields are omitted when `nil` on encode; fields this
/// model does not know are ignored on decode.
public struct Spec: Codable, Sendable, Equatable {
    /// `ociVersion`: the spec version the bundle was written for, e.g. `1.0.2-dev`.
    public var ociVersion: String
    /// `process`: the container's init process; absent for a container that only holds namespaces.
    public var process: Process?
    /// `root`: the container's root file system.
    public var root: Root?
    /// `hostname`: the host name inside the container's UTS namespace.
    public var hostname: String?
    /// `domainname`: the NIS domain name inside the container's UTS namespace.
    public var domainname: String?
    /// `mounts`: additional mounts, in order, on top of `root`.
    public var mounts: [Mount]?
    /// `hooks`: programs run at points of the container's lifecycle.
    public var hooks: Hooks?
    /// `annotations`: arbitrary metadata (CRI, Kata and containerd keys among them).
    public var annotations: [String: String]?
    /// `linux`: the Linux-specific configuration.
    public var linux: Linux?

    /// A spec with every optional part absent.
    /// - Parameters:
    ///   - ociVersion: the spec version.
    ///   - process: the init process.
    ///   - root: the root file system.
    ///   - hostname: the container host name.
    ///   - domainname: the container domain name.
    ///   - mounts: the additional mounts.
    ///   - hooks: the lifecycle hooks.
    ///   - annotations: the metadata.
    ///   - linux: the Linux configuration.
    public init(
        ociVersion: String, process: Process? = nil, root: Root? = nil, hostname: String? = nil,
        domainname: String? = nil, mounts: [Mount]? = nil, hooks: Hooks? = nil, annotations: [String: String]? = nil,
        linux: Linux? = nil
    ) {
        self.ociVersion = ociVersion
        self.process = process
        self.root = root
        self.hostname = hostname
        self.domainname = domainname
        self.mounts = mounts
        self.hooks = hooks
        self.annotations = annotations
        self.linux = linux
    }
}

/// `root`: the container's root file system.
public struct Root: Codable, Sendable, Equatable {
    /// `path`: the root file system, absolute or relative to the bundle.
    public var path: String
    /// `readonly`: whether the root file system is mounted read-only.
    public var readonly: Bool?

    /// A root at `path`.
    /// - Parameters:
    ///   - path: absolute, or relative to the bundle.
    ///   - readonly: whether to mount it read-only.
    public init(path: String, readonly: Bool? = nil) {
        self.path = path
        self.readonly = readonly
    }
}
