// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

extension QEMU {
    /// A QemuOpts string such as `q35,accel=kvm,nvdimm=on`: an optional leading bare value, then
    /// `key=value` pairs in order. Rendering doubles every `,` inside a value, QEMU's escape.
    package struct Options: Sendable, Equatable, CustomStringConvertible {
        /// The leading value without a key (`q35`, `socket`, `host`), if any.
        package var head: String?
        /// The `key=value` pairs, in emission order.
        package var pairs: [(key: String, value: String)]

        /// Creates options.
        /// - Parameters:
        ///   - head: the leading value without a key.
        ///   - pairs: the `key=value` pairs, in order.
        package init(_ head: String? = nil, _ pairs: [(String, String)] = []) {
            self.head = head
            self.pairs = pairs.map { (key: $0.0, value: $0.1) }
        }

        /// Appends `key=value`.
        /// - Parameters:
        ///   - key: the property.
        ///   - value: its value, escaped when rendered.
        package mutating func append(_ key: String, _ value: String) {
            pairs.append((key: key, value: value))
        }

        /// Appends `key=value` when `value` is not nil.
        /// - Parameters:
        ///   - key: the property.
        ///   - value: its value, or nil to emit nothing.
        package mutating func append(_ key: String, _ value: String?) {
            if let value { pairs.append((key: key, value: value)) }
        }

        /// Appends `key=on` or `key=off` when `value` is not nil.
        /// - Parameters:
        ///   - key: the property.
        ///   - value: the switch, or nil to emit nothing.
        package mutating func append(_ key: String, onOff value: Bool?) {
            if let value { pairs.append((key: key, value: value ? "on" : "off")) }
        }

        /// Appends `key=true` or `key=false` when `value` is not nil (the spelling some device
        /// properties such as `disable-modern` are given in).
        /// - Parameters:
        ///   - key: the property.
        ///   - value: the flag, or nil to emit nothing.
        package mutating func append(_ key: String, trueFalse value: Bool?) {
            if let value { pairs.append((key: key, value: value ? "true" : "false")) }
        }

        /// The rendered string, commas inside values doubled.
        package var description: String {
            var parts: [String] = []
            if let head { parts.append(Self.escape(head)) }
            parts += pairs.map { "\($0.key)=\(Self.escape($0.value))" }
            return parts.joined(separator: ",")
        }

        /// Doubles every `,` so that QEMU reads it as part of the value.
        /// - Parameter value: a raw value.
        /// - Returns: the escaped value.
        package static func escape(_ value: String) -> String {
            value.split(separator: ",", omittingEmptySubsequences: false).joined(separator: ",,")
        }

        /// Two options are equal when they render the same.
        /// - Parameters:
        ///   - lhs: options.
        ///   - rhs: options.
        /// - Returns: whether they render the same string.
        package static func == (lhs: Options, rhs: Options) -> Bool {
            lhs.description == rhs.description
        }
    }

    /// Anything that contributes arguments to a QEMU command line, such as `["-device", "…"]`.
    package protocol Argument: Sendable {
        /// The argv elements, flag first.
        var arguments: [String] { get }
    }

    /// A `-device` driver with its properties.
    package protocol Device: Argument {
        /// The driver's properties, driver name first (`virtio-rng-pci,rng=rng0`).
        var options: Options { get }
    }
}

extension QEMU.Device {
    /// `["-device", options]`.
    package var arguments: [String] { ["-device", options.description] }
}
