// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

extension HostCheck {
    /// The CPU vendors the amd64 check knows, told apart by `/proc/cpuinfo`.
    package enum CPUType: Sendable, Equatable {
        /// `GenuineIntel`: VT-x.
        case intel
        /// `AuthenticAMD`: AMD-V.
        case amd

        /// The flag that means hardware virtualization.
        package var virtualizationFlag: String {
            switch self {
            case .intel: "vmx"
            case .amd: "svm"
            }
        }

        /// Required `flags` words and their descriptions, in the order they are checked.
        var requiredFlags: [(name: String, description: String)] {
            [(virtualizationFlag, "Virtualization support"), ("lm", "64Bit CPU"), ("sse4_1", "SSE4.1")]
        }

        /// Required words anywhere in the first cpuinfo block.
        var requiredAttributes: [(name: String, description: String)] {
            switch self {
            case .intel: [("GenuineIntel", "Intel Architecture CPU")]
            case .amd: [("AuthenticAMD", "AMD Architecture CPU")]
            }
        }

        /// Kernel modules in the order they are checked; `vhost_vsock` is logged but not counted.
        var modules: [(name: String, description: String, required: Bool)] {
            let vendorModule =
                switch self {
                case .intel: ("kvm_intel", "Intel KVM", true)
                case .amd: ("kvm_amd", "AMD KVM", true)
                }
            return [
                ("kvm", "Kernel-based Virtual Machine", true),
                vendorModule,
                ("vhost", "Host kernel accelerator for virtio", true),
                ("vhost_net", "Host kernel accelerator for virtio network", true),
                ("vhost_vsock", "Host Support for Linux VM Sockets", false),
            ]
        }
    }

    /// Whether `needle` occurs in `haystack` as a whole word (Go's `\bneedle\b`).
    /// - Parameters:
    ///   - haystack: the text searched.
    ///   - needle: the word.
    /// - Returns: true for a match bounded by non-word characters or the ends.
    static func containsWord(_ haystack: String, _ needle: String) -> Bool {
        guard !haystack.isEmpty, !needle.isEmpty else { return false }
        let text = Array(haystack.utf8)
        let word = Array(needle.utf8)
        guard text.count >= word.count else { return false }
        func isWordByte(_ byte: UInt8) -> Bool {
            (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x5F
        }
        for start in 0...(text.count - word.count) where text[start..<(start + word.count)].elementsEqual(word) {
            let end = start + word.count
            let startBounded = start == 0 || !isWordByte(text[start - 1]) || !isWordByte(word[0])
            let endBounded = end == text.count || !isWordByte(text[end]) || !isWordByte(word[word.count - 1])
            if startBounded && endBounded {
                return true
            }
        }
        return false
    }
}
