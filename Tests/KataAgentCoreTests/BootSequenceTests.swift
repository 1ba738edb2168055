// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import KataLinux
import Logging
import Testing

@testable import KataAgentCore

@Suite("BootSequence")
struct BootSequenceTests {
    static let logger = Logger(label: "boot-tests") { _ in SwiftLogNoOpLogHandler() }

    static let procCgroups = """
        #subsys_name\thierarchy\tnum_cgroups\tenabled
        cpuset\t3\t1\t1
        cpu\t1\t1\t1
        cpuacct\t1\t1\t1
        blkio\t5\t1\t1
        memory\t7\t1\t1
        devices\t4\t1\t1
        freezer\t9\t1\t1
        net_cls\t6\t1\t1
        perf_event\t10\t1\t1
        net_prio\t6\t1\t1
        hugetlb\t8\t1\t0
        pids\t2\t1\t1
        rdma\t11\t1\t1
        misc\t12\t1\t1

        """

    @Test("base mounts in Kata's order on an empty initrd")
    func baseMounts() throws {
        let system = RecordingSystem()
        try BootSequence(system: system).mountBaseFileSystems(logger: Self.logger)
        #expect(
            system.callDescriptions == [
                "mkdir /proc", "mount proc /proc", "mkdir /sys", "mount sysfs /sys", "mkdir /dev",
                "mount devtmpfs /dev",
                "mkdir /dev/shm", "mount tmpfs /dev/shm", "mkdir /dev/pts", "mount devpts /dev/pts", "mkdir /run",
                "mount tmpfs /run",
            ])
        #expect(
            system.calls.dropFirst().first
                == .mount(
                    source: "proc", target: "/proc", type: "proc", flags: [.noSetUID, .noDevices, .noExec], data: nil))
    }

    @Test("a target already mounted with the same type is skipped; another type is not")
    func skipsMounted() throws {
        let system = RecordingSystem(mounted: [("/proc", "proc"), ("/dev", "devtmpfs"), ("/run", "ext4")])
        try BootSequence(system: system).mountBaseFileSystems(logger: Self.logger)
        #expect(!system.callDescriptions.contains("mount proc /proc"))
        #expect(!system.callDescriptions.contains("mount devtmpfs /dev"))
        #expect(system.callDescriptions.contains("mount tmpfs /run"))
    }

    @Test("a failed devtmpfs mount is tolerated")
    func devtmpfsTolerated() throws {
        let system = RecordingSystem()
        system.fail("mount devtmpfs", with: .operationNotSupportedByDevice)
        try BootSequence(system: system).mountBaseFileSystems(logger: Self.logger)
        #expect(system.callDescriptions.last == "mount tmpfs /run")
    }

    @Test("a failed sysfs mount stops boot and names the mount")
    func sysfsFatal() {
        let system = RecordingSystem()
        system.fail("mount sysfs", with: .notPermitted)
        #expect {
            try BootSequence(system: system).mountBaseFileSystems(logger: Self.logger)
        } throws: { error in
            "\(error)" == "cannot mount sysfs at /sys: mount /sys: Operation not permitted"
        }
        #expect(system.callDescriptions.last == "mount sysfs /sys")
    }

    static let initrdFiles = [
        "/etc/hostname": "pod-sandbox\n",
        "/dev/ptmx": "",
        "/proc/cgroups": procCgroups,
        "/lib/modules/6.1.0-test/modules.load": """
        # written by the guest image builder
        kernel/drivers/virtio/virtio_ring.ko

        kernel/drivers/char/virtio_console.ko
        /opt/extra/fuse.ko
        """,
    ]

    @Test("configure with cgroup v2: the whole sequence")
    func configureV2() throws {
        let system = RecordingSystem(files: Self.initrdFiles, mounted: [("/proc", "proc")])
        var configuration = AgentConfiguration()
        configuration.cgroupVersion = .v2
        try BootSequence(system: system).configure(for: configuration, logger: Self.logger)
        #expect(
            system.callDescriptions == [
                "mkdir /sys/fs/cgroup", "mount cgroup2 /sys/fs/cgroup nsdelegate",
                "rm /dev/ptmx", "ln /dev/ptmx -> pts/ptmx", "setsid", "tiocsctty",
                "setenv PATH=/bin:/sbin:/usr/bin:/usr/sbin", "hostname pod-sandbox",
                "insmod /lib/modules/6.1.0-test/kernel/drivers/virtio/virtio_ring.ko",
                "insmod /lib/modules/6.1.0-test/kernel/drivers/char/virtio_console.ko",
                "insmod /opt/extra/fuse.ko", "link up lo",
            ])
    }

    @Test("a loopback that cannot come up is logged, and boot goes on")
    func loopbackFailureTolerated() throws {
        let system = RecordingSystem(files: Self.initrdFiles, mounted: [("/proc", "proc")])
        system.fail("link up lo", with: .operationNotSupportedByDevice)
        var configuration = AgentConfiguration()
        configuration.cgroupVersion = .v2
        try BootSequence(system: system).configure(for: configuration, logger: Self.logger)
        #expect(system.callDescriptions.last == "link up lo")
    }

    @Test("configure with cgroup v1: one mount per enabled controller, then read-only")
    func configureV1() throws {
        let system = RecordingSystem(files: Self.initrdFiles, mounted: [("/proc", "proc")])
        try BootSequence(system: system).mountCgroups(.v1, logger: Self.logger)
        let controllers = [
            "cpuset", "cpu", "cpuacct", "blkio", "memory", "devices", "freezer", "net_cls", "perf_event", "net_prio",
            "pids", "rdma",
        ]
        #expect(
            system.callDescriptions
                == ["mkdir /sys/fs/cgroup", "mount tmpfs /sys/fs/cgroup mode=755"]
                + controllers.flatMap { ["mkdir /sys/fs/cgroup/\($0)", "mount cgroup /sys/fs/cgroup/\($0) \($0)"] }
                + ["mount tmpfs /sys/fs/cgroup mode=755", "write /sys/fs/cgroup/memory/memory.use_hierarchy 1"])
        let remount = system.calls.dropLast().last
        #expect(
            remount
                == .mount(
                    source: "tmpfs", target: "/sys/fs/cgroup", type: "tmpfs",
                    flags: [.noSetUID, .noDevices, .noExec, .remount, .readOnly], data: "mode=755"))
    }

    @Test("without a devices controller no cgroup is mounted")
    func noDevicesController() throws {
        let system = RecordingSystem(files: [
            "/proc/cgroups": "#subsys_name hierarchy num_cgroups enabled\nmemory 1 1 1\ndevices 2 1 0\n"
        ])
        try BootSequence(system: system).mountCgroups(.v1, logger: Self.logger)
        #expect(system.calls.isEmpty)
    }

    @Test(
        "enabled v1 controllers come from /proc/cgroups",
        arguments: [
            ("", []),
            ("#subsys_name hierarchy num_cgroups enabled\n", []),
            ("cpu 1 1 1\nmisc 2 1 1\nmemory 3 1 0\ndevices 4 1 1\n", ["cpu", "devices"]),
            ("cpu 1 1\n", []),
        ] as [(String, [String])]
    )
    func enabledControllers(text: String, expected: [String]) {
        #expect(BootSequence.enabledV1Controllers(text) == expected)
    }

    @Test("without /etc/hostname the host name is localhost; without /dev/ptmx nothing is removed")
    func hostnameDefault() throws {
        let system = RecordingSystem()
        system.fail("tiocsctty", with: .inappropriateIOCTLForDevice)
        try BootSequence(system: system).setUpSession(logger: Self.logger)
        #expect(
            system.callDescriptions == [
                "ln /dev/ptmx -> pts/ptmx", "setsid", "tiocsctty", "setenv PATH=/bin:/sbin:/usr/bin:/usr/sbin",
                "hostname localhost",
            ])
    }

    @Test(
        "hostname is the first word of /etc/hostname",
        arguments: [
            ("pod\n", "pod"), ("  pod extra\n", "pod"), ("\n", nil), ("", nil),
        ] as [(String, String?)])
    func hostname(text: String, expected: String?) {
        #expect(BootSequence.hostname(fromEtcHostname: text) == expected)
    }

    @Test("a failed setsid stops boot")
    func setsidFatal() {
        let system = RecordingSystem()
        system.fail("setsid", with: .notPermitted)
        #expect {
            try BootSequence(system: system).setUpSession(logger: Self.logger)
        } throws: { error in
            "\(error)" == "cannot start a session: setsid: Operation not permitted"
        }
    }

    @Test("without modules.load nothing is loaded")
    func noModuleList() throws {
        let system = RecordingSystem()
        try BootSequence(system: system).loadKernelModules(logger: Self.logger)
        #expect(system.calls.isEmpty)
    }

    @Test("a module that fails to load stops boot and is named; later modules are not tried")
    func moduleFailure() {
        let system = RecordingSystem(files: Self.initrdFiles)
        system.fail("insmod /lib/modules/6.1.0-test/kernel/drivers/char/virtio_console.ko", with: .execFormatError)
        #expect {
            try BootSequence(system: system).loadKernelModules(logger: Self.logger)
        } throws: { error in
            let path = "/lib/modules/6.1.0-test/kernel/drivers/char/virtio_console.ko"
            return "\(error)" == "cannot load kernel module \(path): finit_module \(path): Exec format error"
        }
        #expect(system.callDescriptions.last == "insmod /lib/modules/6.1.0-test/kernel/drivers/char/virtio_console.ko")
    }

    @Test(
        "modules.load lines: relative to the modules directory, blank lines and comments skipped",
        arguments: [
            ("", []),
            ("a.ko\nb/c.ko\n", ["/m/a.ko", "/m/b/c.ko"]),
            ("  a.ko \r\n\n# comment\n\t/abs/b.ko\n", ["/m/a.ko", "/abs/b.ko"]),
            ("kernel/fs/fuse/fuse.ko.xz", ["/m/kernel/fs/fuse/fuse.ko.xz"]),
        ] as [(String, [String])]
    )
    func modulesLoad(text: String, expected: [String]) {
        #expect(BootSequence.moduleFiles(inModulesLoad: text, directory: "/m") == expected)
    }
}
