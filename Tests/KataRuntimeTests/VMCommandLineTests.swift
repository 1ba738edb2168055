// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataConfig
import QEMU
import Testing

@testable import KataRuntime

/// The QEMU argv and kernel command line built from a configuration (config-cli-qemu spec §5.2-5.3).
@Suite struct VMCommandLineTests {
    static let paths = VMPaths(sandboxID: "sid")

    static func configuration() -> KataConfiguration {
        var configuration = KataConfiguration()
        configuration.hypervisor.kernel = "/k"
        configuration.hypervisor.initrd = "/i"
        configuration.hypervisor.accelerator = .tcg
        configuration.hypervisor.defaultMemoryMiB = 512
        configuration.hypervisor.defaultMaxVCPUs = 2
        return configuration
    }

    @Test func virtioSerialTCGLine() {
        let line = VMCommandLine.build(
            Self.configuration(), paths: Self.paths, channel: .serial(socketPath: Self.paths.agentSocket), uuid: "U",
            host: .init(cpus: 8, memoryMiB: 16384))
        let argv = line.argv
        let joined = argv.joined(separator: " ")
        #expect(argv.first == "/usr/bin/qemu-system-x86_64")
        #expect(joined.contains("-name sandbox-sid -uuid u -machine q35,accel=tcg,memory-backend=dimm1"))
        #expect(!argv.contains("-cpu"))
        #expect(joined.contains("-qmp unix:fd=3,server=on,wait=off -m 512M,slots=10,maxmem=17408M"))
        #expect(joined.contains("-device virtio-serial-pci,disable-modern=false,id=serial0"))
        #expect(joined.contains("-device virtconsole,chardev=charconsole0,id=console0"))
        #expect(
            joined.contains(
                "-chardev socket,id=charconsole0,path=/run/vc/vm/sid/console.sock,server=on,wait=off,"
                    + "logfile=/run/vc/vm/sid/console.log"))
        #expect(joined.contains("-object rng-random,id=rng0,filename=/dev/urandom -device virtio-rng-pci,rng=rng0"))
        #expect(joined.contains("-chardev socket,id=charch0,path=/run/vc/vm/sid/agent.sock,server=on,wait=off"))
        #expect(joined.contains("name=agent.channel.0"))
        #expect(joined.contains("-chardev socket,id=char-kataShared,path=/run/vc/vm/sid/vhost-fs.sock"))
        #expect(joined.contains("-device vhost-user-fs-pci,chardev=char-kataShared,tag=kataShared,queue-size=1024"))
        #expect(joined.contains("-object memory-backend-memfd,id=dimm1,size=512M,share=on"))
        #expect(joined.contains("-kernel /k -initrd /i -append"))
        #expect(joined.contains("-pidfile /run/vc/vm/sid/pid -smp 1,cores=1,threads=1,sockets=2,maxcpus=2"))
    }

    @Test func vsockAndLegacySerial() {
        var configuration = Self.configuration()
        configuration.hypervisor.useLegacySerial = true
        let argv = VMCommandLine.build(
            configuration, paths: Self.paths, channel: .vsock(guestCID: 7), uuid: "U",
            host: .init(cpus: 1, memoryMiB: 1024)
        ).argv
        let joined = argv.joined(separator: " ")
        #expect(joined.contains("-serial chardev:charconsole0"))
        #expect(!joined.contains("virtconsole"))
        #expect(joined.contains("-device vhost-vsock-pci,disable-modern=false,id=vsock-7,guest-cid=7,bus=pcie.0"))
        #expect(!joined.contains("agent.sock"))
    }

    @Test(arguments: [false, true]) func reclaimGuestFreedMemoryAddsTheBalloon(_ reclaim: Bool) {
        var configuration = Self.configuration()
        configuration.hypervisor.reclaimGuestFreedMemory = reclaim
        let argv = VMCommandLine.build(
            configuration, paths: Self.paths, channel: .serial(socketPath: Self.paths.agentSocket), uuid: "U",
            host: .init(cpus: 1, memoryMiB: 1024)
        ).argv
        let balloon = "virtio-balloon-pci,id=balloon0,deflate-on-oom=on,free-page-reporting=on"
        #expect(argv.contains(balloon) == reclaim)
        #expect(argv.filter { $0.hasPrefix("virtio-balloon") }.count == (reclaim ? 1 : 0))
    }

    @Test func kernelParametersInGoOrder() {
        var configuration = Self.configuration()
        configuration.agent.enableDebug = true
        configuration.agent.debugConsoleEnabled = true
        configuration.hypervisor.kernelParams = ["agent.log=warn", "cgroup_no_v1=all"]
        let parameters = KernelParameters.build(
            configuration, channel: .serial(socketPath: "/s"), maxVCPUs: 2)
        #expect(Array(parameters.prefix(12)) == KernelParameters.archBase)
        #expect(
            Array(parameters.dropFirst(12))
                == [
                    "console=hvc0", "console=hvc1", "quiet", "panic=1", "nr_cpus=2", "selinux=0", "scsi_mod.scan=none",
                    "agent.log=debug", "agent.debug_console", "agent.debug_console_vport=1026",
                    "agent.server_addr=serial://agent.channel.0", "agent.log=warn", "cgroup_no_v1=all",
                ])
    }

    @Test(arguments: [
        (VirtioFSCache.never, "none"), (.metadata, "auto"), (.auto, "auto"), (.always, "always"),
    ])
    func virtiofsdArgv(cache: VirtioFSCache, expected: String) {
        var settings = QEMUSettings()
        settings.virtioFSDaemon = "/usr/lib/qemu/virtiofsd"
        settings.virtioFSCache = cache
        settings.virtioFSExtraArgs = ["-o", "announce_submounts"]
        #expect(
            VirtioFSDaemon.argv(settings, socketPath: "/v.sock", sharedDirectory: "/shared")
                == [
                    "/usr/lib/qemu/virtiofsd", "--socket-path=/v.sock", "-o", "source=/shared", "-o",
                    "cache=\(expected)",
                    "-o", "announce_submounts",
                ])
    }
}
