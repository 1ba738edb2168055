// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import AgentAPI
import OCISpec
import SwiftProtobuf
import Testing

@testable import KataRuntime

func grpcMount(_ destination: String, _ type: String, _ source: String, _ options: [String]) -> Grpc_Mount {
    var mount = Grpc_Mount()
    mount.destination = destination
    mount.type = type
    mount.source = source
    mount.options = options
    return mount
}

/// The mechanical conversions of `Agent/Wire/`: OCI values to the agent's messages, field by field.
@Suite struct AgentWireTests {
    // MARK: spec

    @Test func specConvertsFieldByField() throws {
        let spec = fullSpec()
        let out = Grpc_Spec(spec)
        #expect(out.version == "1.1.0")
        #expect(out.process == Grpc_Process(fullProcess))
        #expect(out.root.path == "rootfs")
        #expect(out.root.readonly)
        #expect(out.hostname == "web")
        #expect(
            out.mounts == [
                grpcMount("/proc", "proc", "proc", ["nosuid", "noexec", "nodev"]),
                grpcMount("/etc/hosts", "bind", "/var/lib/kubelet/pods/u1/etc-hosts", ["rbind", "rprivate", "rw"]),
                grpcMount(
                    "/var/run/secrets/kubernetes.io/serviceaccount", "bind", fullSecretSource,
                    ["rbind", "rprivate", "ro"]),
                grpcMount(
                    "/dev/shm", "bind", "/run/containerd/io.containerd.grpc.v1.cri/sandboxes/sb1/shm", ["rbind", "ro"]),
                grpcMount("/dev/fuse", "bind", "/dev/fuse", ["rbind"]),
                grpcMount("/data", "none", "/srv/data", ["rbind", "ro"]),
                grpcMount("/mnt", "", "", []),
            ])
        #expect(out.annotations == ["io.kubernetes.cri.container-type": "container"])
        #expect(out.linux == Grpc_Linux(try #require(spec.linux)))
        #expect(!out.hasSolaris)
        #expect(!out.hasWindows)

        var prestart = Grpc_Hook()
        prestart.path = "/usr/bin/nvidia-hook"
        prestart.args = ["nvidia-hook", "prestart"]
        prestart.env = ["A=1"]
        prestart.timeout = 5
        var poststop = Grpc_Hook()
        poststop.path = "/bin/cleanup"
        var hooks = Grpc_Hooks()
        hooks.prestart = [prestart]
        hooks.poststop = [poststop]
        #expect(out.hooks == hooks)
    }

    @Test func absentSectionsStayUnset() {
        let out = Grpc_Spec(Spec(ociVersion: "1.0.0"))
        #expect(out.version == "1.0.0")
        #expect(!out.hasProcess)
        #expect(!out.hasRoot)
        #expect(!out.hasHooks)
        #expect(!out.hasLinux)
        #expect(out.mounts.isEmpty)
        #expect(out.annotations.isEmpty)
        #expect(out.hostname == "")
        #expect(Grpc_Root(Root(path: "/r")).readonly == false)

        let linux = Grpc_Linux(Linux())
        #expect(linux == Grpc_Linux())
        #expect(!linux.hasResources)
        #expect(!linux.hasSeccomp)
        #expect(!linux.hasIntelRdt)
        // intelRdt without an L3 schema carries nothing the agent has a field for.
        #expect(!Grpc_Linux(Linux(intelRdt: .init(closID: "gold", memBwSchema: "MB:0=50"))).hasIntelRdt)
    }

    // MARK: process

    @Test func processConvertsFieldByField() {
        var expected = Grpc_Process()
        expected.terminal = true
        var box = Grpc_Box()
        box.height = 40
        box.width = 120
        expected.consoleSize = box
        var user = Grpc_User()
        user.uid = 1000
        user.gid = 100
        user.additionalGids = [5, 10]
        user.username = "app"
        expected.user = user
        expected.args = ["/bin/sh", "-c", "exec app"]
        expected.env = ["PATH=/bin", "TERM=xterm"]
        expected.cwd = "/srv"
        var caps = Grpc_LinuxCapabilities()
        caps.bounding = ["CAP_KILL", "CAP_CHOWN"]
        caps.effective = ["CAP_KILL"]
        caps.inheritable = ["CAP_KILL"]
        caps.permitted = ["CAP_KILL", "CAP_CHOWN"]
        caps.ambient = ["CAP_NET_BIND_SERVICE"]
        expected.capabilities = caps
        var nofile = Grpc_POSIXRlimit()
        nofile.type = "RLIMIT_NOFILE"
        nofile.hard = 65536
        nofile.soft = 1024
        var core = Grpc_POSIXRlimit()
        core.type = "RLIMIT_CORE"
        expected.rlimits = [nofile, core]
        expected.noNewPrivileges = true
        expected.apparmorProfile = "cri-containerd.apparmor.d"
        expected.oomscoreAdj = -997
        // The conversion is mechanical; clearing the label is the translation's policy.
        expected.selinuxLabel = "system_u:system_r:container_t:s0"
        #expect(Grpc_Process(fullProcess) == expected)
        expected.selinuxLabel = ""
        #expect(Grpc_Process(OCITranslation.process(fullProcess)) == expected)
    }

    @Test func minimalProcessLeavesOptionalMessagesUnset() {
        let out = Grpc_Process(Process(args: ["sh"]))
        #expect(!out.hasConsoleSize)
        #expect(!out.hasCapabilities)
        #expect(out.hasUser)
        #expect(out.user == Grpc_User())
        #expect(out.cwd == "/")
        #expect(out.terminal == false)
        #expect(out.oomscoreAdj == 0)
        #expect(out.rlimits.isEmpty)
    }

    // MARK: linux

    @Test func linuxConvertsFieldByField() throws {
        let out = Grpc_Linux(try #require(fullSpec().linux))
        var uid = Grpc_LinuxIDMapping()
        uid.containerID = 0
        uid.hostID = 100_000
        uid.size = 65536
        var gid = uid
        gid.hostID = 200_000
        #expect(out.uidmappings == [uid])
        #expect(out.gidmappings == [gid])
        #expect(out.sysctl == ["net.ipv4.ip_unprivileged_port_start": "0"])
        #expect(out.resources == Grpc_LinuxResources(fullResources))
        #expect(out.cgroupsPath == "kubepods-besteffort.slice:cri-containerd:c1")
        #expect(out.namespaces.map(\.type) == ["pid", "network", "ipc", "uts", "mount", "user", "cgroup", "time"])
        #expect(
            out.namespaces.map(\.path) == ["/proc/42/ns/pid", "/var/run/netns/cni-1", "/proc/42/ns/ipc"]
                + Array(repeating: "", count: 5))
        #expect(out.devices.map(\.path) == ["/dev/vfio/12", "/dev/vfio/vfio", "/dev/fuse", "/dev/vdb", "/dev/myfifo"])
        var fuse = Grpc_LinuxDevice()
        fuse.path = "/dev/fuse"
        fuse.type = "c"
        fuse.major = 10
        fuse.minor = 229
        fuse.fileMode = 0o666
        #expect(out.devices[2] == fuse)
        #expect(out.devices[3].type == "b")
        #expect(out.devices[3].gid == 6)
        var fifo = Grpc_LinuxDevice()
        fifo.path = "/dev/myfifo"
        fifo.type = "p"
        // A device node without numbers is 0/0, unlike a device cgroup rule's -1 wildcard.
        #expect(out.devices[4] == fifo)
        #expect(out.seccomp == Grpc_LinuxSeccomp(fullSeccomp))
        #expect(out.rootfsPropagation == "rslave")
        #expect(out.maskedPaths == ["/proc/kcore"])
        #expect(out.readonlyPaths == ["/proc/sys"])
        #expect(out.mountLabel == "system_u:object_r:container_file_t:s0:c1,c2")
        var rdt = Grpc_LinuxIntelRdt()
        rdt.l3CacheSchema = "L3:0=f"
        #expect(out.intelRdt == rdt)
    }

    @Test func seccompConvertsFieldByField() {
        let out = Grpc_LinuxSeccomp(fullSeccomp)
        #expect(out.defaultAction == "SCMP_ACT_ERRNO")
        #expect(out.architectures == ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86"])
        #expect(out.flags == ["SECCOMP_FILTER_FLAG_SPEC_ALLOW"])
        #expect(out.syscalls.count == 2)
        #expect(out.syscalls[0].names == ["accept", "read"])
        #expect(out.syscalls[0].action == "SCMP_ACT_ALLOW")
        #expect(out.syscalls[0].errnoRet == nil)
        #expect(out.syscalls[0].args.isEmpty)
        #expect(out.syscalls[1].errnoret == 1)
        var arg = Grpc_LinuxSeccompArg()
        arg.index = 0
        arg.value = 0xffff_ffff
        arg.valueTwo = 8
        arg.op = "SCMP_CMP_MASKED_EQ"
        #expect(out.syscalls[1].args == [arg])
        let noValueTwo = Grpc_LinuxSeccomp(
            Linux.Seccomp(
                defaultAction: .allow,
                syscalls: [.init(names: ["kill"], action: .errno, args: [.init(index: 1, value: 9, op: .equal)])]))
        #expect(noValueTwo.syscalls[0].args[0].valueTwo == 0)
    }

    // MARK: resources

    @Test func resourcesConvertFieldByField() {
        let out = Grpc_LinuxResources(fullResources)
        #expect(out.devices.count == 2)
        #expect(out.devices[0].allow == false)
        #expect(out.devices[0].type == "")
        #expect(out.devices[0].major == -1)
        #expect(out.devices[0].minor == -1)
        #expect(out.devices[0].access == "rwm")
        #expect(out.devices[1].type == "c")
        #expect(out.devices[1].major == 1)
        #expect(out.devices[1].minor == 3)

        var memory = Grpc_LinuxMemory()
        memory.limit = 536_870_912
        memory.reservation = 268_435_456
        memory.swap = 1_073_741_824
        memory.kernel = -1
        memory.kernelTcp = 4_194_304
        memory.swappiness = 60
        memory.disableOomkiller = true
        #expect(out.memory == memory)

        var cpu = Grpc_LinuxCPU()
        cpu.shares = 512
        cpu.quota = 150_000
        cpu.period = 100_000
        cpu.realtimeRuntime = 950_000
        cpu.realtimePeriod = 1_000_000
        cpu.cpus = "2-3"
        cpu.mems = "0"
        #expect(out.cpu == cpu)

        #expect(out.pids.limit == 1024)

        #expect(out.blockIo.weight == 500)
        #expect(out.blockIo.leafWeight == 300)
        var weight = Grpc_LinuxWeightDevice()
        weight.major = 8
        weight.weight = 600
        weight.leafWeight = 200
        #expect(out.blockIo.weightDevice == [weight])
        #expect(out.blockIo.throttleReadBpsDevice.map(\.rate) == [1_048_576])
        #expect(out.blockIo.throttleWriteBpsDevice.map(\.minor) == [16])
        #expect(out.blockIo.throttleReadIopsdevice.map(\.rate) == [100])
        #expect(out.blockIo.throttleWriteIopsdevice.map(\.rate) == [200])

        #expect(out.hugepageLimits.map(\.pagesize) == ["2MB", "1GB"])
        #expect(out.hugepageLimits.map(\.limit) == [4_194_304, 0])
        #expect(out.network.classID == 0x10_0001)
        #expect(out.network.priorities.map(\.name) == ["eth0"])
        #expect(out.network.priorities.map(\.priority) == [7])
    }

    @Test func deviceRuleWithoutNumbersIsTheWildcard() {
        let out = Grpc_LinuxResources(
            Linux.Resources(devices: [.init(allow: true, type: .block, major: 8), .init(allow: true, minor: 5)]))
        #expect(out.devices.map(\.major) == [8, -1])
        #expect(out.devices.map(\.minor) == [-1, 5])
        #expect(out.devices.map(\.type) == ["b", ""])
        #expect(out.devices.map(\.access) == ["", ""])
    }

    @Test func absentNumbersAreZeroInPresentSections() {
        let out = Grpc_LinuxResources(
            Linux.Resources(
                memory: .init(), cpu: .init(), blockIO: .init(weightDevice: [.init(major: 8, minor: 0)]),
                network: .init()))
        #expect(out.hasMemory && out.memory == Grpc_LinuxMemory())
        #expect(out.hasCpu && out.cpu == Grpc_LinuxCPU())
        #expect(out.hasBlockIo)
        #expect(out.blockIo.weight == 0)
        #expect(out.blockIo.weightDevice.map(\.weight) == [0])
        #expect(out.blockIo.weightDevice.map(\.leafWeight) == [0])
        #expect(out.hasNetwork && out.network == Grpc_LinuxNetwork())
        #expect(!out.hasPids)

        let empty = Grpc_LinuxResources(Linux.Resources())
        #expect(empty == Grpc_LinuxResources())
        #expect(!empty.hasMemory)
        #expect(!empty.hasCpu)
    }

    // MARK: CreateContainer

    @Test func createContainerRequestCarriesTheContainer() {
        let spec = Spec(ociVersion: "1.1.0", process: Process(args: ["sh"]), root: Root(path: "/r"))
        let storage = GuestStorage(
            driver: "blk", driverOptions: ["opt"], source: "02/00", fstype: "ext4", options: ["ro"],
            mountPoint: "/run/kata-containers/shared/containers/c1")
        let request = Grpc_CreateContainerRequest(
            GuestContainer(id: "c1", spec: spec, storages: [storage], sandboxPidns: true))
        #expect(request.containerID == "c1")
        // Go fills exec_id with the container id.
        #expect(request.execID == "c1")
        var expected = Grpc_Storage()
        expected.driver = "blk"
        expected.driverOptions = ["opt"]
        expected.source = "02/00"
        expected.fstype = "ext4"
        expected.options = ["ro"]
        expected.mountPoint = "/run/kata-containers/shared/containers/c1"
        #expect(request.storages == [expected])
        #expect(Grpc_Storage(storage) == expected)
        #expect(request.oci == Grpc_Spec(spec))
        #expect(request.sandboxPidns)
        #expect(request.devices.isEmpty)
        #expect(request.sharedMounts.isEmpty)
        #expect(!request.hasStringUser)
    }

    // MARK: unchanged on the wire

    /// The requests are byte for byte what the translation sent before it produced OCI values.
    @Test func fullSpecRequestIsUnchanged() throws {
        let translated = try OCITranslation.translate(fullSpec(), context: fullContext())
        let bytes: [UInt8] = try Grpc_CreateContainerRequest(translated.container).serializedBytes()
        #expect(bytes == TranslationGoldenBytes.full)
    }

    @Test func blockRootfsRequestIsUnchanged() throws {
        let device = OCITranslation.BlockDevice(driver: .scsi, source: "0:0", fstype: "xfs")
        let translated = try OCITranslation.translate(
            fullSpec(), context: fullContext(rootfs: .blockDevice(device), sandboxHasSHM: false))
        let bytes: [UInt8] = try Grpc_CreateContainerRequest(translated.container).serializedBytes()
        #expect(bytes == TranslationGoldenBytes.fullBlockRootfs)
    }

    @Test func updateResourcesAreUnchanged() throws {
        let bytes: [UInt8] = try Grpc_LinuxResources(OCITranslation.constrained(fullResources)).serializedBytes()
        #expect(bytes == TranslationGoldenBytes.updateResources)
    }

    @Test func execProcessesAreUnchanged() throws {
        let full: [UInt8] = try Grpc_Process(OCITranslation.process(fullProcess)).serializedBytes()
        #expect(full == TranslationGoldenBytes.execProcess)
        let minimal: [UInt8] = try Grpc_Process(OCITranslation.process(Process(args: ["sh"]))).serializedBytes()
        #expect(minimal == TranslationGoldenBytes.minimalExecProcess)
    }
}
