// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Foundation
import Testing

/// `io.katacontainers.config.hypervisor.*` annotations through ctr: one the shipped
/// `enable_annotations` does not list fails before any VM boots, with the key and file to change;
/// one it lists (`kernel_params`) reaches the guest kernel's command line.
extension ContainerdScenarios {
    func annotationsAreRefusedOrApplied() async throws {
        let config = try #require(
            ProcessInfo.processInfo.environment["KATA_TEST_RUNTIME_CONFIG"], "KATA_TEST_RUNTIME_CONFIG is not set")
        let refused = containerID("annotation-refused")
        let output = try await withContainers([refused]) {
            try await ctr.run(
                runArguments(
                    ["--rm", "--annotation", "io.katacontainers.config.hypervisor.default_memory=4096"], refused,
                    ["true"]))
        }
        #expect(output.status != 0, "\(output)")
        #expect(
            output.stderr.contains(
                "annotation io.katacontainers.config.hypervisor.default_memory is not enabled: add \"default_memory\" "
                    + "to enable_annotations in [hypervisor.qemu] of \(config)"), "\(output)")
        try await expectNothingLeft(of: refused)

        let applied = containerID("annotation-applied")
        let marker = "kata.test_annotation=\(UUID().uuidString.prefix(8).lowercased())"
        let cmdline = try await withContainers([applied]) {
            try await ctr.run(
                runArguments(
                    ["--rm", "--annotation", "io.katacontainers.config.hypervisor.kernel_params=\(marker)"], applied,
                    ["cat", "/proc/cmdline"]))
        }
        #expect(cmdline.status == 0, "\(cmdline)")
        #expect(cmdline.stdout.contains(marker), "the guest kernel must get the annotation's parameter: \(cmdline)")
        try await expectNothingLeft(of: applied)
    }
}
