// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

/// The version facts `kata-runtime version`, `--version` and `env` print.
package enum RuntimeVersion {
    /// What upstream prints for a value it does not know.
    package static let unknown = "<<unknown>>"
    /// The program name, the first word of the version text.
    package static let name = "kata-runtime"
    /// This runtime's semantic version.
    package static let version = "0.1.0"
    /// The source commit the binary was built from; nil because the build does not stamp one yet.
    package static let commit: String? = nil
    /// The OCI runtime-spec version the runtime implements.
    package static let ociSpec = "1.1.0"

    /// The three lines of `kata-runtime version`, without a trailing newline.
    /// - Parameters:
    ///   - version: the version, or nil for `<<unknown>>`.
    ///   - commit: the commit, or nil for `<<unknown>>`.
    ///   - ociSpec: the OCI spec version, or nil for `<<unknown>>`.
    /// - Returns: `kata-runtime  : 0.1.0`, `   commit   : <<unknown>>`, `   OCI specs: 1.1.0`.
    package static func text(
        version: String? = RuntimeVersion.version, commit: String? = RuntimeVersion.commit,
        ociSpec: String? = RuntimeVersion.ociSpec
    ) -> String {
        [
            "\(name)  : \(known(version))",
            "   commit   : \(known(commit))",
            "   OCI specs: \(known(ociSpec))",
        ].joined(separator: "\n")
    }

    private static func known(_ value: String?) -> String {
        guard let value, !value.isEmpty else { return unknown }
        return value
    }
}
