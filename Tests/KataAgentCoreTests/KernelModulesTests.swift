// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataError
import Logging
import Testing

@testable import KataAgentCore

@Suite("kernel_modules: loading by name, with dependencies and parameters")
struct KernelModulesTests {
    static let logger = Logger(label: "kernel-modules-tests")
    static let directory = "/lib/modules/6.1.0-test"
    static let files = [
        "\(directory)/modules.dep": """
        kernel/drivers/net/dummy.ko:
        kernel/net/vmw_vsock/vmw_vsock_virtio_transport.ko: kernel/net/vmw_vsock/vmw_vsock_virtio_transport_common.ko kernel/net/vmw_vsock/vsock.ko
        kernel/net/vmw_vsock/vmw_vsock_virtio_transport_common.ko: kernel/net/vmw_vsock/vsock.ko
        kernel/net/vmw_vsock/vsock.ko:
        kernel/drivers/char/virtio_console.ko.xz: kernel/drivers/virtio/virtio_ring.ko
        """,
        "\(directory)/modules.builtin": "kernel/fs/ext4/ext4.ko\nkernel/drivers/block/loop.ko\n",
        "/sys/module/virtio_console": "",
    ]

    @Test("dependencies load first, without parameters; the requested module gets its parameters")
    func dependenciesFirst() throws {
        let system = RecordingSystem(files: Self.files)
        try KernelModules(system: system).load(
            [("vmw-vsock-virtio-transport", ["a=1", "b=2"]), ("dummy", ["numdummies=3"])], logger: Self.logger)
        #expect(
            system.callDescriptions == [
                "insmod \(Self.directory)/kernel/net/vmw_vsock/vsock.ko",
                "insmod \(Self.directory)/kernel/net/vmw_vsock/vmw_vsock_virtio_transport_common.ko",
                "insmod \(Self.directory)/kernel/net/vmw_vsock/vmw_vsock_virtio_transport.ko a=1 b=2",
                "insmod \(Self.directory)/kernel/drivers/net/dummy.ko numdummies=3",
            ])
    }

    @Test("a loaded or built-in module is not loaded again", arguments: ["virtio_console", "virtio-console", "ext4"])
    func nothingToLoad(name: String) throws {
        let system = RecordingSystem(files: Self.files)
        try KernelModules(system: system).load([(name, [])], logger: Self.logger)
        #expect(system.callDescriptions.isEmpty)
    }

    @Test(
        "bad requests name the module",
        arguments: [
            ("no_such_module", "kernel module \"no_such_module\" is not in the guest image"),
            ("../../tmp/evil", "kernel module name \"../../tmp/evil\" is not a module name"),
            ("", "kernel module name \"\" is not a module name"),
        ])
    func badRequests(name: String, message: String) {
        let system = RecordingSystem(files: Self.files)
        let error = #expect(throws: KataError.self) {
            try KernelModules(system: system).load([(name, [])], logger: Self.logger)
        }
        #expect(error?.message.hasPrefix(message) == true, "\(String(describing: error))")
        #expect(system.callDescriptions.isEmpty)
    }

    @Test("a module the kernel refuses stops the list and names the module and the failing dependency")
    func kernelRefuses() {
        let system = RecordingSystem(files: Self.files)
        system.fail("insmod \(Self.directory)/kernel/net/vmw_vsock/vsock.ko", with: .execFormatError)
        let error = #expect(throws: KataError.self) {
            try KernelModules(system: system).load(
                [("vmw_vsock_virtio_transport", []), ("dummy", [])], logger: Self.logger)
        }
        #expect(error?.code == .internal)
        #expect(
            error?.message
                == "cannot load kernel module \"vmw_vsock_virtio_transport\" (a dependency, \(Self.directory)/kernel/net/vmw_vsock/vsock.ko)"
        )
        #expect(system.callDescriptions.count == 1)
    }

    @Test("an image without a module index cannot load modules, and says so")
    func noIndex() {
        let system = RecordingSystem()
        let error = #expect(throws: KataError.self) {
            try KernelModules(system: system).load([("dummy", [])], logger: Self.logger)
        }
        #expect(error?.code == .failedPrecondition)
        #expect(error?.message == "cannot load kernel_modules: the guest image has no module index")
    }

    @Test("an empty request reads nothing")
    func emptyRequest() throws {
        try KernelModules(system: RecordingSystem()).load([], logger: Self.logger)
    }

    @Test("file names map to module names as the kernel spells them")
    func moduleNames() {
        #expect(KernelModules.moduleName(ofPath: "kernel/drivers/char/virtio_console.ko.xz") == "virtio_console")
        #expect(KernelModules.moduleName(ofPath: "kernel/net/vmw-vsock.ko") == "vmw_vsock")
        #expect(KernelModules.moduleName(ofPath: "/opt/x.ko.zst") == "x")
    }
}
