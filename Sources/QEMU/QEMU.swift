// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

/// Namespace marker for the QEMU module; the module's README says what it holds.
public enum QEMUModule {}
