// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import Testing

@testable import KataCLI

private let time = "time=\"2026-01-01T00:00:00Z\""
private let base = "arch=amd64"
private let tail = "pid=42 source=runtime"

@Suite struct CheckTests {
    @Test func intelHostIsCapableWithoutVsockModule() throws {
        let tree = try Fixtures.intel()
        let result = runCLI(["check", "-n"], host: tree.host(uid: 1000))
        #expect(result.status == 0)
        #expect(result.stdout == "System is capable of running Kata Containers\n")
        #expect(
            result.stderr == """
                \(time) level=error msg="Module is not loaded and it can not be inserted. Please consider running with sudo or as root" \(base) module=vhost_vsock name=kata-runtime \(tail)
                \(time) level=error msg="kernel property vhost_vsock not found" \(base) description="Host Support for Linux VM Sockets" name=vhost_vsock \(tail) type=module

                """)
    }

    @Test func amdHostVerboseShowsEveryItem() throws {
        let tree = try Fixtures.amd()
        let result = runCLI(
            ["kata-check", "--verbose"], host: tree.host(uid: 1000), environment: ["KATA_CHECK_NO_NETWORK": "1"])
        #expect(result.status == 0)
        #expect(result.stdout == "System is capable of running Kata Containers\n")
        let info = "level=info"
        #expect(
            result.stderr == """
                \(time) \(info) msg="CPU property found" \(base) description="AMD Architecture CPU" name=AuthenticAMD \(tail) type=attribute
                \(time) \(info) msg="CPU property found" \(base) description="Virtualization support" name=svm \(tail) type=flag
                \(time) \(info) msg="CPU property found" \(base) description="64Bit CPU" name=lm \(tail) type=flag
                \(time) \(info) msg="CPU property found" \(base) description=SSE4.1 name=sse4_1 \(tail) type=flag
                \(time) \(info) msg="kernel property found" \(base) description="Kernel-based Virtual Machine" name=kvm \(tail) type=module
                \(time) \(info) msg="kernel property found" \(base) description="AMD KVM" name=kvm_amd \(tail) type=module
                \(time) \(info) msg="kernel property found" \(base) description="Host kernel accelerator for virtio" name=vhost \(tail) type=module
                \(time) \(info) msg="kernel property found" \(base) description="Host kernel accelerator for virtio network" name=vhost_net \(tail) type=module
                \(time) \(info) msg="kernel property found" \(base) description="Host Support for Linux VM Sockets" name=vhost_vsock \(tail) type=module

                """)
    }

    @Test func rootRunsTheKVMCreateTest() throws {
        let tree = try Fixtures.amd()
        let result = runCLI(["check", "-v"], host: tree.host(uid: 0))
        #expect(result.status == 0)
        #expect(
            result.stdout
                == "System is capable of running Kata Containers\nSystem can currently create Kata Containers\n")
        let lines = result.stderr.split(separator: "\n")
        #expect(
            lines.first
                == "\(time) level=warning msg=\"Not running network checks as super user\" \(base) name=kata-runtime \(tail)"
        )
        #expect(
            lines.suffix(2) == [
                "\(time) level=info msg=\"device available\" \(base) check-type=full device=/dev/kvm name=kata-runtime \(tail)",
                "\(time) level=info msg=\"feature available\" \(base) check-type=full feature=create-vm name=kata-runtime \(tail)",
            ])
    }

    @Test func busyKVMIsAnotherHypervisor() throws {
        let tree = try Fixtures.amd()
        let result = runCLI(["check", "-n"], host: tree.host(uid: 0), kvm: FakeKVM(failure: .createVM(.resourceBusy)))
        #expect(result.status == 1)
        #expect(result.stdout == "System is capable of running Kata Containers\n")
        #expect(
            result.stderr == """
                \(time) level=error msg="cannot create VM" \(base) check-type=full name=kata-runtime pid=42 reason="another hypervisor running" source=runtime
                \(time) level=error msg="device or resource busy" \(base) name=kata-runtime \(tail)
                device or resource busy

                """)
    }

    @Test func paravirtualKVMHostIsNotCapableAndSaysWhy() throws {
        let tree = try Fixtures.pvm()
        let result = runCLI(["check", "-n"], host: tree.host(uid: 1000))
        #expect(result.status == 1)
        #expect(result.stdout == "")
        let notLoaded = "Module is not loaded and it can not be inserted. Please consider running with sudo or as root"
        #expect(
            result.stderr == """
                \(time) level=error msg="CPU property not found" \(base) description="Virtualization support" name=svm \(tail) type=flag
                \(time) level=error msg="\(notLoaded)" \(base) module=kvm_amd name=kata-runtime \(tail)
                \(time) level=error msg="kernel property kvm_amd not found" \(base) description="AMD KVM" name=kvm_amd \(tail) type=module
                \(time) level=error msg="\(notLoaded)" \(base) module=vhost name=kata-runtime \(tail)
                \(time) level=error msg="kernel property vhost not found" \(base) description="Host kernel accelerator for virtio" name=vhost \(tail) type=module
                \(time) level=error msg="\(notLoaded)" \(base) module=vhost_net name=kata-runtime \(tail)
                \(time) level=error msg="kernel property vhost_net not found" \(base) description="Host kernel accelerator for virtio network" name=vhost_net \(tail) type=module
                \(time) level=error msg="\(notLoaded)" \(base) module=vhost_vsock name=kata-runtime \(tail)
                \(time) level=error msg="kernel property vhost_vsock not found" \(base) description="Host Support for Linux VM Sockets" name=vhost_vsock \(tail) type=module
                NOTE: /dev/kvm here is a paravirtualized KVM (module kvm_pvm), not hardware virtualization: the CPU has no svm flag, so stock guest kernels cannot run under it. QEMU must use accelerator = "tcg" on this host. The loaded configuration asks for accelerator = "kvm".
                \(time) level=error msg="ERROR: System is not capable of running Kata Containers" \(base) name=kata-runtime \(tail)
                ERROR: System is not capable of running Kata Containers

                """)
    }

    @Test func rootLoadsMissingModulesWithModprobe() throws {
        let tree = try Fixtures.pvm()
        let failed = CommandOutput(
            status: 1, output: "modprobe: FATAL: Module kvm_amd not found in directory /lib/modules/6.1.0\n",
            failure: "exit status 1")
        let loaded = CommandOutput(status: 0, output: "", failure: nil)
        let runner = ScriptedRunner(answers: [
            ["modprobe", "kvm_amd"]: failed, ["modprobe", "vhost"]: loaded, ["modprobe", "vhost_net"]: loaded,
            ["modprobe", "vhost_vsock"]: loaded,
        ])
        var configuration = KataConfigurationFixture.tcg
        configuration.hypervisor.accelerator = .tcg
        let result = runCLI(["check", "-n"], host: tree.host(uid: 0), runner: runner, configuration: configuration)
        #expect(result.status == 1)
        #expect(
            runner.calls.calls.map { $0.joined(separator: " ") } == [
                "modprobe kvm_amd", "modprobe vhost", "modprobe vhost_net", "modprobe vhost_vsock",
            ])
        let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(
            lines[1] == """
                \(time) level=warning msg="modprobe insert module failed" \(base) error="exit status 1" module=kvm_amd name=kata-runtime output="modprobe: FATAL: Module kvm_amd not found in directory /lib/modules/6.1.0\\n" \(tail)
                """)
        #expect(lines[3].hasPrefix("NOTE: /dev/kvm here is a paravirtualized KVM (module kvm_pvm)"))
        #expect(lines[3].hasSuffix("on this host."))
    }

    @Test func networkChecksAreNotFaked() throws {
        let tree = try Fixtures.intel()
        let result = runCLI(["check"], host: tree.host(uid: 1000))
        #expect(result.status == 0)
        #expect(result.stderr.hasPrefix("\(time) level=warning msg=\"release checks are not available in this build"))
    }

    @Test(arguments: ["--check-version-only", "--only-list-releases"])
    func releaseOnlyModesFail(flag: String) throws {
        let tree = try Fixtures.intel()
        let result = runCLI(["check", flag], host: tree.host(uid: 1000))
        #expect(result.status == 1)
        #expect(result.stdout == "")
        #expect(
            result.stderr.hasSuffix(
                "\n\(flag) needs the release checks, which are not available in this build (it has no network client); no release information was fetched\n"
            ))
    }

    @Test func unknownVendorFails() throws {
        let tree = try FixtureTree(files: ["/proc/cpuinfo": "processor : 0\nvendor_id : HygonGenuine\nflags : lm\n"])
        let result = runCLI(["check", "-n"], host: tree.host(uid: 1000))
        #expect(result.status == 1)
        #expect(result.stderr.hasSuffix("\nUnknown CPU Type\n"))
    }

    @Test(arguments: [
        ("vmx lm", "vmx", true), ("xvmx lm", "vmx", false), ("lm sse4_1", "sse4_1", true), ("sse4_12", "sse4_1", false),
        ("", "lm", false),
    ])
    func wholeWordMatch(haystack: String, needle: String, expected: Bool) {
        #expect(HostCheck.containsWord(haystack, needle) == expected)
    }
}
