// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

/// Namespace for QEMU's command-line vocabulary: one value type per option (`-machine`, `-device`
/// drivers, `-object` backends, `-chardev`, `-netdev` …) and CommandLine, which renders them to
/// argv in the order the Kata runtime emits them.
package enum QEMU {}
