// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataConfig
import OCISpec
import Testing

@testable import KataRuntime

@Suite struct TranslationErrorTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var message: String
        var edit: @Sendable (inout Spec, inout OCITranslation.Context) -> Void
        var testDescription: String { message }
    }

    static let cases: [Case] = [
        Case(message: "container c1: process: is required to create a container") { spec, _ in spec.process = nil },
        Case(message: "container c1: root: is required to create a container") { spec, _ in spec.root = nil },
        Case(message: "container c1: mounts[1].source: a bind mount needs an absolute host path, not \"data\"") {
            spec, _ in
            spec.mounts = [
                Mount(destination: "/proc", type: "proc", source: "proc"),
                Mount(destination: "/d", type: "bind", source: "data"),
            ]
        },
        Case(message: "container c1: mounts[0].source: a bind mount needs a host path") { spec, _ in
            spec.mounts = [Mount(destination: "/d", type: "none", options: ["rbind"])]
        },
        Case(message: "container c1: mounts[0].gidMappings: idmapped mounts cannot be expressed in the agent protocol")
        {
            spec, _ in
            spec.mounts = [
                Mount(
                    destination: "/d", type: "bind", source: "/srv",
                    gidMappings: [IDMapping(containerID: 0, hostID: 1, size: 1)])
            ]
        },
        Case(message: "container c1: linux.personality: the agent protocol cannot carry an execution domain") {
            spec, _ in
            spec.linux?.personality = Linux.Personality(domain: .linux32)
        },
        Case(
            message:
                "container c1: root.path: shared_fs=none cannot share a rootfs directory; use virtio-fs or a block-device rootfs"
        ) { _, context in context.sharedFS = .none },
        Case(
            message:
                "container c1: linux.seccomp: disable_guest_seccomp is false but the guest agent does not support seccomp"
        ) { spec, context in
            spec.linux?.seccomp = Linux.Seccomp(defaultAction: .errno)
            context.disableGuestSeccomp = false
        },
        Case(
            message:
                "container c1: linux.seccomp.defaultErrnoRet: the agent protocol cannot carry a default errno other "
                + "than 1 (EPERM), not 38; give the rules an errnoRet instead"
        ) { spec, context in
            spec.linux?.seccomp = Linux.Seccomp(defaultAction: .errno, defaultErrnoRet: 38)
            context.disableGuestSeccomp = false
            context.agentSupportsSeccomp = true
        },
        Case(
            message:
                "container c1: linux.seccomp.listenerPath: seccomp notify listeners (SCMP_ACT_NOTIFY) are not "
                + "supported by this runtime"
        ) { spec, context in
            spec.linux?.seccomp = Linux.Seccomp(
                defaultAction: .allow, listenerPath: "/run/notify.sock",
                syscalls: [.init(names: ["ioctl"], action: .notify)])
            context.disableGuestSeccomp = false
            context.agentSupportsSeccomp = true
        },
    ]

    @Test(arguments: cases)
    func translationFails(_ testCase: Case) throws {
        var spec = try busyboxSpec()
        var ctx = context(cid: "c1")
        testCase.edit(&spec, &ctx)
        #expect(throws: OCITranslation.Error.self) { try OCITranslation.translate(spec, context: ctx) }
        do {
            _ = try OCITranslation.translate(spec, context: ctx)
        } catch {
            #expect(error.description == testCase.message)
            #expect(error.containerID == "c1")
        }
    }

    @Test func plainLinuxPersonalityIsAccepted() throws {
        var spec = try busyboxSpec()
        spec.linux?.personality = Linux.Personality(domain: .linux)
        _ = try OCITranslation.translate(spec, context: context())
    }
}
