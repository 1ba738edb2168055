// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import QEMU
import Testing

@Suite struct CommandLineTests {
    static let id = "5f3c"
    static let cid: UInt32 = 1_234_567

    /// The representative command line of the reference spec (§5.4), built from typed values.
    static func representative() -> QEMU.CommandLine {
        var line = QEMU.CommandLine(machine: QEMU.Machine(type: "q35", accelerator: .kvm, nvdimm: true))
        line.name = QEMU.Name("sandbox-\(id)")
        line.uuid = QEMU.UUID("9C4A2B1E-0D3F-4E5A-8B6C-7D8E9F0A1B2C")
        line.cpu = QEMU.CPU("host", features: ["pmu=off"])
        line.qmp = [QEMU.QMPSocket(.inheritedDescriptor(3))]
        line.memory = QEMU.Memory(sizeMiB: 2048, slots: 10, maximumMiB: 17408)
        line.devices = [
            QEMU.PCIBridge(id: "pci-bridge-0", chassis: 1, address: "2"),
            QEMU.VirtioSerialPCI(id: "serial0"),
            QEMU.VirtConsole(id: "console0", chardev: "charconsole0"),
            QEMU.Chardev.socket(id: "charconsole0", path: "/run/vc/vm/\(id)/console.sock", server: true),
            QEMU.NVDIMM(id: "nv0", memoryDevice: "mem0"),
            QEMU.Object.imageBackend(
                id: "mem0", path: "/usr/share/kata-containers/kata-containers.img", sizeBytes: 268_435_456,
                readOnly: true),
            QEMU.VirtioSCSIPCI(id: "scsi0"),
            QEMU.Object.rngRandom(id: "rng0", filename: "/dev/urandom"),
            QEMU.VirtioRNGPCI(rng: "rng0"),
            QEMU.VhostVsockPCI(id: "vsock-\(cid)", guestCID: cid, vhostFD: 4, bus: "pcie.0"),
            QEMU.Chardev.socket(id: "char-0123456789abcdef", path: "/run/vc/vm/\(id)/vhost-fs.sock", server: false),
            QEMU.VhostUserFSPCI(chardev: "char-0123456789abcdef", tag: "kataShared", bus: "pcie.0"),
            QEMU.Netdev.tap(id: "network-0", fds: [6], vhostFDs: [5]),
            QEMU.VirtioNetPCI(netdev: "network-0", mac: "02:42:ac:11:00:02", bus: "pcie.0", vectors: 4),
        ]
        line.globals = [QEMU.Global(driver: "kvm-pit", property: "lost_tick_policy", value: "discard")]
        line.memoryObjects = [
            .memoryBackendFile(.init(id: "dimm1", size: "2048M", share: true), path: "/dev/shm")
        ]
        line.numaNodes = [QEMU.NUMANode(memoryDevice: "dimm1")]
        line.kernel = QEMU.KernelBoot(
            kernel: "/usr/share/kata-containers/vmlinux.container",
            parameters: appendLine.split(separator: " ").map(String.init))
        line.pidFile = "/run/vc/vm/\(id)/pid"
        line.smp = QEMU.SMP(cpus: 1, cores: 1, threads: 1, sockets: 8, maximumCPUs: 8)
        return line
    }

    static let appendLine =
        "tsc=reliable no_timer_check rcupdate.rcu_expedited=1 i8042.direct=1 i8042.dumbkbd=1 i8042.nopnp=1 "
        + "i8042.noaux=1 noreplace-smp reboot=k cryptomgr.notests net.ifnames=0 pci=lastbus=0 root=/dev/pmem0p1 "
        + "rootflags=dax,data=ordered,errors=remount-ro ro rootfstype=ext4 console=hvc0 console=hvc1 quiet "
        + "systemd.show_status=false panic=1 nr_cpus=8 selinux=0 systemd.unit=kata-containers.target "
        + "systemd.mask=systemd-networkd.service systemd.mask=systemd-networkd.socket scsi_mod.scan=none "
        + "cgroup_no_v1=all systemd.unified_cgroup_hierarchy=1"

    static let representativeGolden: [String] = [
        "/usr/bin/qemu-system-x86_64",
        "-name", "sandbox-5f3c",
        "-uuid", "9c4a2b1e-0d3f-4e5a-8b6c-7d8e9f0a1b2c",
        "-machine", "q35,accel=kvm,nvdimm=on",
        "-cpu", "host,pmu=off",
        "-qmp", "unix:fd=3,server=on,wait=off",
        "-m", "2048M,slots=10,maxmem=17408M",
        "-device",
        "pci-bridge,bus=pcie.0,id=pci-bridge-0,chassis_nr=1,shpc=off,addr=2,io-reserve=4k,mem-reserve=1m,"
            + "pref64-reserve=1m",
        "-device", "virtio-serial-pci,disable-modern=false,id=serial0",
        "-device", "virtconsole,chardev=charconsole0,id=console0",
        "-chardev", "socket,id=charconsole0,path=/run/vc/vm/5f3c/console.sock,server=on,wait=off",
        "-device", "nvdimm,id=nv0,memdev=mem0,unarmed=on",
        "-object",
        "memory-backend-file,id=mem0,mem-path=/usr/share/kata-containers/kata-containers.img,size=268435456,"
            + "readonly=on",
        "-device", "virtio-scsi-pci,id=scsi0,disable-modern=false",
        "-object", "rng-random,id=rng0,filename=/dev/urandom",
        "-device", "virtio-rng-pci,rng=rng0",
        "-device", "vhost-vsock-pci,disable-modern=false,vhostfd=4,id=vsock-1234567,guest-cid=1234567,bus=pcie.0",
        "-chardev", "socket,id=char-0123456789abcdef,path=/run/vc/vm/5f3c/vhost-fs.sock",
        "-device", "vhost-user-fs-pci,chardev=char-0123456789abcdef,tag=kataShared,queue-size=1024,bus=pcie.0",
        "-netdev", "tap,id=network-0,vhost=on,vhostfds=5,fds=6",
        "-device",
        "driver=virtio-net-pci,netdev=network-0,mac=02:42:ac:11:00:02,bus=pcie.0,disable-modern=false,mq=on,"
            + "vectors=4",
        "-rtc", "base=utc,driftfix=slew,clock=host",
        "-global", "kvm-pit.lost_tick_policy=discard",
        "-vga", "none",
        "-no-user-config", "-nodefaults", "-nographic", "--no-reboot",
        "-object", "memory-backend-file,id=dimm1,size=2048M,mem-path=/dev/shm,share=on",
        "-numa", "node,memdev=dimm1",
        "-kernel", "/usr/share/kata-containers/vmlinux.container",
        "-append", appendLine,
        "-pidfile", "/run/vc/vm/5f3c/pid",
        "-smp", "1,cores=1,threads=1,sockets=8,maxcpus=8",
    ]

    @Test func representativeCommandLineMatchesTheSpecArgumentByArgument() {
        let argv = Self.representative().argv
        for (index, (got, want)) in zip(argv, Self.representativeGolden).enumerated() {
            #expect(got == want, "argument \(index)")
        }
        #expect(argv.count == Self.representativeGolden.count)
    }

    /// This project's variant for hosts without vhost-vsock and usable KVM: TCG, the agent on a
    /// virtio-serial port, guest RAM as a shared memfd wired through `-machine memory-backend=`.
    @Test func serialPortTCGVariant() {
        var line = QEMU.CommandLine(
            machine: QEMU.Machine(type: "q35", accelerator: .tcg, memoryBackend: "mem"))
        line.qmp = [QEMU.QMPSocket(.inheritedDescriptor(3))]
        line.memory = QEMU.Memory(sizeMiB: 512)
        line.devices = [
            QEMU.VirtioSerialPCI(id: "serial0", disableModern: nil),
            QEMU.Chardev.socket(id: "ch0", path: "/run/vc/vm/x/agent.sock", server: true),
            QEMU.VirtSerialPort(chardev: "ch0", name: "agent.channel.0"),
            QEMU.Chardev.socket(id: "vfs", path: "/run/vc/vm/x/vhost-fs.sock", server: false),
            QEMU.VhostUserFSPCI(chardev: "vfs", tag: "kataShared", queueSize: nil),
        ]
        line.rtc = nil
        line.vga = nil
        line.memoryObjects = [.memoryBackendMemfd(.init(id: "mem", size: "512M", share: true))]
        line.kernel = QEMU.KernelBoot(kernel: "/k", initrd: "/i", parameters: ["console=hvc0", "quiet"])
        line.smp = QEMU.SMP(cpus: 1)
        #expect(
            line.arguments == [
                "-machine", "q35,accel=tcg,memory-backend=mem",
                "-qmp", "unix:fd=3,server=on,wait=off",
                "-m", "512M",
                "-device", "virtio-serial-pci,id=serial0",
                "-chardev", "socket,id=ch0,path=/run/vc/vm/x/agent.sock,server=on,wait=off",
                "-device", "virtserialport,chardev=ch0,name=agent.channel.0",
                "-chardev", "socket,id=vfs,path=/run/vc/vm/x/vhost-fs.sock",
                "-device", "vhost-user-fs-pci,chardev=vfs,tag=kataShared",
                "-no-user-config", "-nodefaults", "-nographic", "--no-reboot",
                "-object", "memory-backend-memfd,id=mem,size=512M,share=on",
                "-kernel", "/k", "-initrd", "/i", "-append", "console=hvc0 quiet",
                "-smp", "1",
            ])
    }

    @Test(arguments: [
        ("plain", "plain"), ("a,b", "a,,b"), (",", ",,"), ("a,,b", "a,,,,b"), ("", ""),
    ])
    func commasInValuesAreDoubled(raw: String, escaped: String) {
        #expect(QEMU.Options.escape(raw) == escaped)
        #expect(QEMU.Chardev.file(id: "c", path: "/tmp/\(raw)").options.description == "file,id=c,path=/tmp/\(escaped)")
    }

    @Test func headAndNameAreEscapedToo() {
        #expect(QEMU.Name("a,b", debugThreads: true).arguments == ["-name", "a,,b,debug-threads=on"])
        #expect(QEMU.Global(driver: "d", property: "p", value: "x,y").arguments == ["-global", "d.p=x,,y"])
    }

    @Test func qmpOnAPath() {
        #expect(
            QEMU.QMPSocket(.path("/run/q.sock")).arguments == ["-qmp", "unix:path=/run/q.sock,server=on,wait=off"])
    }

    @Test func tapWithoutVhostAndSeveralQueues() {
        #expect(
            QEMU.Netdev.tap(id: "n", fds: [7, 8], vhostFDs: []).arguments == ["-netdev", "tap,id=n,fds=7:8"])
    }

    @Test func startPausedComesAfterTheRAMBackend() {
        var line = QEMU.CommandLine(machine: QEMU.Machine(accelerator: .tcg))
        line.startPaused = true
        line.rtc = nil
        line.vga = nil
        line.flags = [.noDefaults]
        line.memoryObjects = [.memoryBackendRAM(.init(id: "m", size: "64M"))]
        #expect(
            line.arguments == [
                "-machine", "q35,accel=tcg", "-nodefaults", "-object", "memory-backend-ram,id=m,size=64M", "-S",
            ])
    }
}
