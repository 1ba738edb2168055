// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import AgentAPI
import Foundation
import KataError
import OCISpec
import Testing

@testable import Cgroups
@testable import KataAgentCore

/// Golden round trips of the Wire/ adapters: every field the agent acts on survives wire → domain →
/// wire unchanged, and a zero on the wire is "not set" in the domain.
@Suite("wire adapters: generated messages ⇄ domain types")
struct WireTests {
    static let resources = Grpc_LinuxResources.with {
        $0.devices = [
            .with {
                $0.allow = false
                $0.type = "a"
                $0.major = -1
                $0.minor = -1
                $0.access = "rwm"
            },
            .with {
                $0.allow = true
                $0.type = "c"
                $0.major = 1
                $0.minor = 3
                $0.access = "rw"
            },
            .with {
                $0.allow = true
                $0.type = "b"
                $0.major = 8
                $0.minor = -1
                $0.access = "m"
            },
            .with {
                $0.allow = true
                $0.major = 10
                $0.minor = 200
            },
        ]
        $0.memory = .with {
            $0.limit = 256 << 20
            $0.reservation = 128 << 20
            $0.swap = -1
            $0.kernelTcp = 1 << 20
            $0.swappiness = 60
            $0.disableOomkiller = true
        }
        $0.cpu = .with {
            $0.shares = 1024
            $0.quota = 50000
            $0.period = 100_000
            $0.realtimeRuntime = 950
            $0.realtimePeriod = 1000
            $0.cpus = "0-1"
            $0.mems = "0"
        }
        $0.pids = .with { $0.limit = 100 }
        $0.blockIo = .with {
            $0.weight = 500
            $0.weightDevice = [
                .with {
                    $0.major = 8
                    $0.minor = 0
                    $0.weight = 300
                }
            ]
            $0.throttleReadBpsDevice = [throttle(8, 0, 1_000_000)]
            $0.throttleWriteBpsDevice = [throttle(8, 16, 2_000_000)]
            $0.throttleReadIopsdevice = [throttle(8, 32, 300)]
            $0.throttleWriteIopsdevice = [throttle(8, 48, 400)]
        }
        $0.hugepageLimits = [
            .with {
                $0.pagesize = "2MB"
                $0.limit = 1 << 30
            }
        ]
    }

    static func throttle(_ major: Int64, _ minor: Int64, _ rate: UInt64) -> Grpc_LinuxThrottleDevice {
        .with {
            $0.major = major
            $0.minor = minor
            $0.rate = rate
        }
    }

    static func hook(_ path: String, timeout: Int64 = 0) -> Grpc_Hook {
        .with {
            $0.path = path
            $0.args = [path, "arg"]
            $0.env = ["HOOK=1"]
            $0.timeout = timeout
        }
    }

    /// A spec with every field the agent carries set to something other than its zero value.
    static let spec = Grpc_Spec.with {
        $0.version = "1.1.0"
        $0.process = process
        $0.root = .with {
            $0.path = "/run/kata-containers/shared/containers/c1/rootfs"
            $0.readonly = true
        }
        $0.hostname = "web"
        $0.mounts = [
            .with {
                $0.destination = "/proc"
                $0.source = "proc"
                $0.type = "proc"
                $0.options = ["nosuid", "noexec"]
            },
            .with {
                $0.destination = "/data"
                $0.source = "/run/kata-containers/shared/containers/c1-data"
                $0.type = "bind"
                $0.options = ["rbind", "ro"]
            },
        ]
        $0.hooks = .with {
            $0.prestart = [hook("/bin/prestart", timeout: 5)]
            $0.createRuntime = [hook("/bin/create-runtime")]
            $0.createContainer = [hook("/bin/create-container")]
            $0.startContainer = [hook("/bin/start-container")]
            $0.poststart = [hook("/bin/poststart"), hook("/bin/poststart-2", timeout: 9)]
            $0.poststop = [hook("/bin/poststop")]
        }
        $0.annotations = ["io.kubernetes.cri.container-type": "container", "b": "2"]
        $0.linux = .with {
            $0.sysctl = ["net.ipv4.ip_forward": "1"]
            $0.resources = resources
            $0.cgroupsPath = "/kubepods/pod1/c1"
            $0.namespaces = [
                .with { $0.type = "pid" },
                .with {
                    $0.type = "network"
                    $0.path = "/proc/1/ns/net"
                },
                .with { $0.type = "mount" },
                .with { $0.type = "ipc" },
                .with { $0.type = "uts" },
                .with { $0.type = "user" },
                .with { $0.type = "cgroup" },
                .with { $0.type = "time" },
            ]
            $0.devices = [
                .with {
                    $0.path = "/dev/fuse"
                    $0.type = "c"
                    $0.major = 10
                    $0.minor = 229
                    $0.fileMode = 0o666
                    $0.uid = 1000
                    $0.gid = 1001
                },
                .with {
                    $0.path = "/dev/sda"
                    $0.type = "b"
                    $0.major = 8
                },
                .with {
                    $0.path = "/dev/ttyX"
                    $0.type = "u"
                    $0.major = 4
                    $0.minor = 1
                },
                .with {
                    $0.path = "/dev/fifo"
                    $0.type = "p"
                },
            ]
            $0.rootfsPropagation = "rshared"
            $0.maskedPaths = ["/proc/kcore", "/sys/firmware"]
            $0.readonlyPaths = ["/proc/sys"]
        }
    }

    static let process = Grpc_Process.with {
        $0.terminal = true
        $0.user = .with {
            $0.uid = 1000
            $0.gid = 1001
            $0.additionalGids = [10, 20]
            $0.username = "app:wheel"
        }
        $0.args = ["/bin/sh", "-c", "echo hi"]
        $0.env = ["PATH=/bin", "TERM=xterm"]
        $0.cwd = "/home/app"
        $0.capabilities = .with {
            $0.bounding = ["CAP_KILL", "CAP_CHOWN"]
            $0.effective = ["CAP_KILL"]
            $0.inheritable = ["CAP_CHOWN"]
            $0.permitted = ["CAP_KILL", "CAP_NET_RAW"]
            $0.ambient = ["CAP_NET_BIND_SERVICE"]
        }
        $0.rlimits = OCISpec.Process.RlimitType.allCases.enumerated().map { index, type in
            .with {
                $0.type = type.rawValue
                $0.hard = index == 0 ? UInt64.max : UInt64(index * 10)
                $0.soft = UInt64(index)
            }
        }
        $0.noNewPrivileges = true
        $0.oomscoreAdj = -999
    }

    @Test("a fully populated Spec makes the round trip unchanged")
    func specRoundTrip() throws {
        let spec = try Spec(Self.spec)
        #expect(Grpc_Spec(spec) == Self.spec)
        #expect(spec.process?.user.username == "app:wheel")
        #expect(spec.process?.rlimits?.first == OCISpec.Process.Rlimit(type: .addressSpace, hard: .max, soft: 0))
        #expect(spec.linux?.rootfsPropagation == .rshared)
        #expect(spec.linux?.namespaces?.first == Linux.Namespace(type: .pid))
        #expect(spec.linux?.namespaces?[1] == Linux.Namespace(type: .network, path: "/proc/1/ns/net"))
        #expect(
            spec.linux?.devices?.first
                == Linux.Device(
                    type: .character, path: "/dev/fuse", major: 10, minor: 229, fileMode: 0o666, uid: 1000, gid: 1001))
        #expect(spec.linux?.devices?[1] == Linux.Device(type: .block, path: "/dev/sda", major: 8, minor: 0))
        #expect(
            spec.hooks?.prestart == [
                Hook(path: "/bin/prestart", args: ["/bin/prestart", "arg"], env: ["HOOK=1"], timeout: 5)
            ])
    }

    @Test("zero values on the wire are nil in the domain, and come back as zero values")
    func zeroValues() throws {
        let empty = Grpc_Spec.with {
            $0.process = .with { $0.user = .init() }
            $0.root = .init()
            $0.hooks = .init()
            $0.linux = .with { $0.namespaces = [.with { $0.type = "mount" }] }
        }
        let spec = try Spec(empty)
        #expect(spec.hostname == nil)
        #expect(spec.mounts == nil)
        #expect(spec.annotations == nil)
        #expect(spec.root == Root(path: ""))
        #expect(spec.hooks == OCISpec.Hooks())
        #expect(spec.process == OCISpec.Process(user: OCISpec.Process.User(), cwd: ""))
        #expect(spec.linux == Linux(namespaces: [Linux.Namespace(type: .mount)]))
        #expect(Grpc_Spec(spec) == empty)
        // An absent message stays absent.
        #expect(try Spec(Grpc_Spec()) == Spec(ociVersion: ""))
        #expect(Grpc_Spec(try Spec(Grpc_Spec())) == Grpc_Spec())
    }

    @Test("resources make the round trip unchanged; 0 is unset and a negative major or minor is all")
    func resourcesRoundTrip() throws {
        let resources = try Linux.Resources(Self.resources)
        #expect(Grpc_LinuxResources(resources) == Self.resources)
        #expect(resources.devices?.first == .init(allow: false, type: .all, major: nil, minor: nil, access: "rwm"))
        #expect(resources.devices?[3] == .init(allow: true, type: nil, major: 10, minor: 200, access: nil))
        #expect(resources.memory?.swap == -1)
        #expect(resources.pids == .init(limit: 100))
        #expect(resources.blockIO?.weightDevice == [.init(major: 8, minor: 0, weight: 300)])

        let sparse = Grpc_LinuxResources.with {
            $0.memory = .with { $0.limit = 1 << 20 }
            $0.cpu = .with { $0.cpus = "1" }
        }
        let domain = try Linux.Resources(sparse)
        #expect(domain == Linux.Resources(memory: .init(limit: 1 << 20), cpu: .init(cpus: "1")))
        #expect(Grpc_LinuxResources(domain) == sparse)
    }

    @Test("device rule type u is a character device; an unknown type is refused")
    func deviceRuleTypes() throws {
        let unbuffered = Grpc_LinuxResources.with { $0.devices = [.with { $0.type = "u" }] }
        #expect(try Linux.Resources(unbuffered).devices?.first?.type == .character)
        let unknown = Grpc_LinuxResources.with { $0.devices = [.with { $0.type = "x" }] }
        expectInvalidArgument("linux.resources.devices: unknown device type \"x\" (use a, b or c)") {
            _ = try Linux.Resources(unknown)
        }
    }

    @Test(
        "closed sets outside the runtime spec are INVALID_ARGUMENT naming the value",
        arguments: [
            (
                Grpc_Spec.with { $0.linux = .with { $0.namespaces = [.with { $0.type = "mnt" }] } },
                "unknown namespace type \"mnt\""
            ),
            (
                Grpc_Spec.with {
                    $0.linux = .with {
                        $0.devices = [
                            .with {
                                $0.path = "/dev/x"
                                $0.type = "q"
                            }
                        ]
                    }
                },
                "/dev/x has unknown device type \"q\""
            ),
            (
                Grpc_Spec.with { $0.process = .with { $0.rlimits = [.with { $0.type = "RLIMIT_FLY" }] } },
                "unknown rlimit type \"RLIMIT_FLY\""
            ),
        ])
    func unknownClosedSetValues(wire: Grpc_Spec, message: String) {
        expectInvalidArgument(containing: message) { _ = try Spec(wire) }
    }

    @Test("a rootfsPropagation outside the spec's values is the default, as before")
    func unknownPropagation() throws {
        let wire = Grpc_Spec.with { $0.linux = .with { $0.rootfsPropagation = "sideways" } }
        #expect(try Spec(wire).linux?.rootfsPropagation == nil)
    }

    static let storage = Grpc_Storage.with {
        $0.driver = "ephemeral"
        $0.source = "tmpfs"
        $0.fstype = "tmpfs"
        $0.options = ["size=64m", "mode=1777"]
        $0.mountPoint = "/run/kata-containers/sandbox/ephemeral/cache"
        $0.shared = true
    }

    @Test("storages make the round trip unchanged, for every driver")
    func storageRoundTrip() throws {
        let storage = try Storage(Self.storage)
        #expect(
            storage
                == Storage(
                    driver: .ephemeral, source: "tmpfs", fstype: "tmpfs", options: ["size=64m", "mode=1777"],
                    mountPoint: "/run/kata-containers/sandbox/ephemeral/cache", shared: true))
        #expect(Grpc_Storage(storage) == Self.storage)
        for driver in StorageTable.drivers {
            let wire = Grpc_Storage.with {
                $0.driver = driver
                $0.source = "src"
                $0.mountPoint = "/m"
            }
            let domain = try Storage(wire)
            #expect(domain.fstype == nil)
            #expect(Grpc_Storage(domain) == wire)
        }
        #expect(StorageTable.drivers == ["virtio-fs", "9p", "local", "ephemeral", "bind"])
    }

    @Test func unknownStorageDriver() {
        let wire = Grpc_Storage.with {
            $0.driver = "nvdimm"
            $0.mountPoint = "/m"
        }
        expectInvalidArgument(
            "storage at /m: unknown driver \"nvdimm\"; this agent handles virtio-fs, 9p, local, ephemeral, bind"
        ) { _ = try Storage(wire) }
    }

    @Test("CreateSandbox, CreateContainer and ExecProcess carry what the sandbox reads")
    func definitions() throws {
        let sandbox = try SandboxDefinition(
            .with {
                $0.sandboxID = "pod1"
                $0.hostname = "pod-host"
                $0.storages = [Self.storage]
                $0.sandboxPidns = true
                $0.guestHookPath = "/usr/share/oci/hooks"
                $0.kernelModules = [
                    .with {
                        $0.name = "virtio_net"
                        $0.parameters = ["napi_tx=1"]
                    }
                ]
            })
        #expect(
            sandbox
                == SandboxDefinition(
                    id: "pod1", hostname: "pod-host",
                    kernelModules: [.init(name: "virtio_net", parameters: ["napi_tx=1"])],
                    storages: [try Storage(Self.storage)], guestHookPath: "/usr/share/oci/hooks",
                    sharedPIDNamespace: true))
        #expect(try SandboxDefinition(Grpc_CreateSandboxRequest()).guestHookPath == nil)

        let container = try ContainerDefinition(
            .with {
                $0.containerID = "c1"
                $0.oci = Self.spec
                $0.storages = [Self.storage]
                $0.sandboxPidns = true
            })
        #expect(container.id == "c1")
        #expect(container.spec == (try Spec(Self.spec)))
        #expect(container.storages == [try Storage(Self.storage)])
        #expect(container.sharedPIDNamespace)
        #expect(try ContainerDefinition(.with { $0.containerID = "c2" }).spec == nil)

        let exec = try ExecDefinition(
            .with {
                $0.containerID = "c1"
                $0.execID = "e1"
                $0.process = Self.process
            })
        #expect(exec.containerID == "c1")
        #expect(exec.execID == "e1")
        #expect(exec.process == (try OCISpec.Process(Self.process)))
        // No capabilities on the wire: the exec gets the container's (the sandbox fills them in).
        let bare = try ExecDefinition(.with { $0.process = .with { $0.args = ["sh"] } })
        #expect(bare.process?.capabilities == nil)
    }

    @Test("the init helper's request is the spec as JSON and decodes to the same spec")
    func initRequest() throws {
        var spec = try Spec(Self.spec)
        spec.linux?.namespaces = [Linux.Namespace(type: .pid, path: "/proc/7/ns/pid"), Linux.Namespace(type: .mount)]
        let payload = try InitChannel.encode(spec)
        #expect(try InitChannel.decode(payload) == spec)
        let json = String(decoding: payload, as: UTF8.self)
        #expect(json.contains("\"ociVersion\":\"1.1.0\""))
        #expect(json.contains("18446744073709551615"))
        #expect(throws: KataError.self) { try InitChannel.decode(Array("{}".utf8)) }
    }

    @Test("cgroup limits from the spec: 0 is unset, device rules then created devices then runc's defaults")
    func cgroupResources() throws {
        let spec = try Spec(Self.spec)
        let resources = CgroupResources(spec.linux?.resources ?? .init(), createdDevices: spec.linux?.devices ?? [])
        var memory = CgroupResources.Memory()
        memory.limit = 256 << 20
        memory.reservation = 128 << 20
        memory.swap = -1
        memory.kernelTCP = 1 << 20
        memory.swappiness = 60
        memory.disableOOMKiller = true
        #expect(resources.memory == memory)
        #expect(resources.pids == 100)
        #expect(resources.cpu?.quota == 50000)
        #expect(resources.blockIO?.weight == 500)
        #expect(resources.blockIO?.writeIOPS == [.init(major: 8, minor: 48, rate: 400)])
        #expect(resources.hugepageLimits == [.init(pageSize: "2MB", limit: 1 << 30)])
        let expected: [CgroupResources.DeviceRule] =
            [
                .init(allow: false, kind: .all, major: nil, minor: nil, access: "rwm"),
                .init(allow: true, kind: .character, major: 1, minor: 3, access: "rw"),
                .init(allow: true, kind: .block, major: 8, minor: nil, access: "m"),
                .init(allow: true, kind: .all, major: 10, minor: 200, access: "rwm"),
                // Created devices; the FIFO needs no rule.
                .init(allow: true, kind: .character, major: 10, minor: 229, access: "rwm"),
                .init(allow: true, kind: .block, major: 8, minor: 0, access: "rwm"),
                .init(allow: true, kind: .character, major: 4, minor: 1, access: "rwm"),
            ] + CgroupResources.defaultAllowedDevices
        #expect(resources.devices == expected)

        let zero = CgroupResources(try Linux.Resources(.with { $0.pids = .init() }))
        #expect(zero == CgroupResources())
    }

    @Test("cgroup statistics: every field lands in its wire field")
    func cgroupStats() {
        var stats = CgroupStats()
        stats.cpu.totalUsage = 1
        stats.cpu.perCPUUsage = [2, 3]
        stats.cpu.kernelUsage = 4
        stats.cpu.userUsage = 5
        stats.cpu.periods = 6
        stats.cpu.throttledPeriods = 7
        stats.cpu.throttledTime = 8
        stats.memory.cache = 9
        stats.memory.usage.usage = 10
        stats.memory.usage.maxUsage = 11
        stats.memory.usage.failcnt = 12
        stats.memory.usage.limit = 13
        stats.memory.swapUsage.usage = 14
        stats.memory.kernelUsage.limit = 15
        stats.memory.useHierarchy = true
        stats.memory.stats = ["rss": 16]
        stats.pids.current = 17
        stats.pids.limit = 18
        let entry = CgroupStats.BlockIOEntry(major: 8, minor: 0, op: "Read", value: 19)
        stats.blockIO.serviceBytes = [entry]
        stats.blockIO.serviced = [entry]
        stats.blockIO.queued = [entry]
        stats.blockIO.serviceTime = [entry]
        stats.blockIO.waitTime = [entry]
        stats.blockIO.merged = [entry]
        stats.blockIO.time = [entry]
        stats.blockIO.sectors = [entry]
        stats.hugetlb = ["2MB": .init()]
        stats.hugetlb["2MB"]?.usage = 20
        stats.hugetlb["2MB"]?.maxUsage = 21
        stats.hugetlb["2MB"]?.failcnt = 22

        let wireEntry = Grpc_BlkioStatsEntry.with {
            $0.major = 8
            $0.minor = 0
            $0.op = "Read"
            $0.value = 19
        }
        let golden = Grpc_CgroupStats.with {
            $0.cpuStats = .with {
                $0.cpuUsage = .with {
                    $0.totalUsage = 1
                    $0.percpuUsage = [2, 3]
                    $0.usageInKernelmode = 4
                    $0.usageInUsermode = 5
                }
                $0.throttlingData = .with {
                    $0.periods = 6
                    $0.throttledPeriods = 7
                    $0.throttledTime = 8
                }
            }
            $0.memoryStats = .with {
                $0.cache = 9
                $0.usage = .with {
                    $0.usage = 10
                    $0.maxUsage = 11
                    $0.failcnt = 12
                    $0.limit = 13
                }
                $0.swapUsage = .with { $0.usage = 14 }
                $0.kernelUsage = .with { $0.limit = 15 }
                $0.useHierarchy = true
                $0.stats = ["rss": 16]
            }
            $0.pidsStats = .with {
                $0.current = 17
                $0.limit = 18
            }
            $0.blkioStats = .with {
                $0.ioServiceBytesRecursive = [wireEntry]
                $0.ioServicedRecursive = [wireEntry]
                $0.ioQueuedRecursive = [wireEntry]
                $0.ioServiceTimeRecursive = [wireEntry]
                $0.ioWaitTimeRecursive = [wireEntry]
                $0.ioMergedRecursive = [wireEntry]
                $0.ioTimeRecursive = [wireEntry]
                $0.sectorsRecursive = [wireEntry]
            }
            $0.hugetlbStats = [
                "2MB": .with {
                    $0.usage = 20
                    $0.maxUsage = 21
                    $0.failcnt = 22
                }
            ]
        }
        #expect(Grpc_CgroupStats(stats) == golden)
    }

    @Test("guest details: facts not asked for stay zero")
    func guestDetails() {
        let details = GuestDetails(
            memoryBlockSize: 128 << 20, supportsMemoryHotplugProbe: nil, agentVersion: "3.2.0", isInit: true,
            storageHandlers: ["virtio-fs"], deviceHandlers: [], supportsSeccomp: false)
        #expect(
            Grpc_GuestDetailsResponse(details)
                == .with {
                    $0.memBlockSizeBytes = 128 << 20
                    $0.agentDetails = .with {
                        $0.version = "3.2.0"
                        $0.initDaemon = true
                        $0.storageHandlers = ["virtio-fs"]
                    }
                })
    }

    @Test("CopyFile carries every field")
    func copyFile() {
        let chunk = FileCopy.Chunk(
            .with {
                $0.path = "/run/kata-containers/shared/containers/c1/hosts"
                $0.fileSize = 10
                $0.fileMode = 0o100644
                $0.dirMode = 0o755
                $0.uid = 1
                $0.gid = 2
                $0.offset = 4
                $0.data = Data("abc".utf8)
            })
        #expect(
            chunk
                == FileCopy.Chunk(
                    path: "/run/kata-containers/shared/containers/c1/hosts", fileSize: 10, fileMode: 0o100644,
                    dirMode: 0o755, uid: 1, gid: 2, offset: 4, data: Array("abc".utf8)))
    }
}

/// Expects `body` to throw `KataError(.invalidArgument)` whose message is `message`, or contains
/// `fragment`.
func expectInvalidArgument(
    _ message: String? = nil, containing fragment: String? = nil, sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws -> Void
) {
    do {
        try body()
        Issue.record("no error; expected \(message ?? fragment ?? "")", sourceLocation: sourceLocation)
    } catch let error as KataError {
        #expect(error.code == .invalidArgument, sourceLocation: sourceLocation)
        if let message { #expect(error.message == message, sourceLocation: sourceLocation) }
        if let fragment {
            #expect(error.message.contains(fragment), "\(error.message)", sourceLocation: sourceLocation)
        }
    } catch {
        Issue.record("unexpected \(error)", sourceLocation: sourceLocation)
    }
}
