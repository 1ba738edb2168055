// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import AgentAPI
import Foundation
import KataTestSupport
import ShimAPI
import SwiftProtobuf
import Testing

/// A message and the bytes upstream's encoders produce for it.
struct Golden: Sendable, CustomTestStringConvertible {
    let name: String
    let message: any SwiftProtobuf.Message
    /// Derived by hand from the proto3 rules (tag = field << 3 | wire type; 0 varint, 2 length-delimited;
    /// defaults omitted; repeated scalars packed), never produced by the code under test.
    let hex: String

    var testDescription: String { name }
}

/// Golden bytes for what containerd and Kata hosts exchange with us: if our .proto files drifted
/// from upstream's field numbers or types, these bytes would change.
@Suite("protobuf wire format of ShimAPI and AgentAPI messages")
struct WireFormatTests {
    static let goldens: [Golden] = shimGoldens + agentGoldens

    @Test(arguments: goldens)
    func encodesToUpstreamBytes(_ golden: Golden) throws {
        #expect(try Hex.string(golden.message.serializedBytes()) == golden.hex)
    }

    @Test(arguments: goldens)
    func decodesUpstreamBytes(_ golden: Golden) throws {
        let decoded = try type(of: golden.message).init(serializedBytes: Hex.bytes(golden.hex))
        #expect(decoded.isEqualTo(message: golden.message))
    }

    @Test func unknownFieldsOfEveryWireTypeAreSkipped() throws {
        let data = Hex.bytes(
            "0a026331"  // 1 id "c1"
                + "98062a"  // field 99 varint: tag 99<<3|0 = 792 = 98 06; value 42
                + "a2060201ff"  // field 100 bytes: tag 802 = a2 06; length 2
                + "a9060102030405060708"  // field 101 fixed64: tag 809 = a9 06; 8 bytes
                + "b50601020304"  // field 102 fixed32: tag 821 = b5 06; 4 bytes
                + "1202" + "6531"  // 2 exec_id "e1", after the unknown ones
        )
        let request = try Containerd_Task_V2_StateRequest(serializedBytes: data)
        #expect(request.id == "c1")
        #expect(request.execID == "e1")
    }

    @Test func unpackedRepeatedScalarsAreAccepted() throws {
        // CPUUsage.per_cpu (4) sent one element per tag (20 = 4<<3|0): 600 = d8 04, 400 = 90 03.
        let usage = try Io_Containerd_Cgroups_V1_CPUUsage(serializedBytes: Hex.bytes("20d804" + "209003"))
        #expect(usage.perCpu == [600, 400])
    }

    @Test func memAgentOptionalsKeepExplicitZeroes() throws {
        let config = Grpc_MemAgentMemcgConfig.with {
            $0.disabled = false
            $0.swappinessMax = 0
        }
        // proto3 `optional` has presence: a set default is still sent (08 00, 18 00), an unset one is not.
        #expect(try Hex.string(config.serializedBytes()) == "0800" + "1800")
        let decoded = try Grpc_MemAgentMemcgConfig(serializedBytes: Hex.bytes("0800"))
        #expect(decoded.hasDisabled)
        #expect(!decoded.hasSwap)
    }

    @Test func taskExitTravelsAsAnAnyWithTheBareTypeURL() throws {
        let exit = Containerd_Events_TaskExit.with {
            $0.containerID = "c1"
            $0.id = "c1"
            $0.pid = 42
            $0.exitStatus = 137
        }
        // containerd's typeurl uses the bare full name, with no "type.googleapis.com/" and no "/"
        // (SwiftProtobuf's Any(message:typePrefix:) would add one), so it is set by hand.
        let value: Data = try exit.serializedBytes()
        let any = Google_Protobuf_Any.with {
            $0.typeURL = Containerd_Events_TaskExit.protoMessageName
            $0.value = value
        }
        #expect(any.typeURL == "containerd.events.TaskExit")
        let expected =
            "0a1a" + Hex.ascii("containerd.events.TaskExit")  // 1 type_url, 26 bytes
            + "120d"  // 2 value, 13 bytes: TaskExit{
            + "0a026331" + "12026331"  //   1 container_id "c1", 2 id "c1"
            + "182a" + "208901"  //   3 pid 42, 4 exit_status 137 = 89 01 }
        #expect(try Hex.string(any.serializedBytes()) == expected)
        #expect(try Containerd_Events_TaskExit(unpackingAny: any) == exit)
    }
}

extension WireFormatTests {
    static let shimGoldens: [Golden] = [
        Golden(
            name: "containerd.task.v2.ConnectResponse (spec B.2)",
            message: Containerd_Task_V2_ConnectResponse.with {
                $0.shimPid = 4242
                $0.taskPid = 4243
            },
            // 08: field 1 varint, 4242 = 0x1092 = 92 21; 10: field 2 varint, 4243 = 93 21.
            hex: "089221" + "109321"
        ),
        Golden(
            name: "containerd.task.v2.CreateTaskRequest",
            message: Containerd_Task_V2_CreateTaskRequest.with {
                $0.id = "c1"
                $0.bundle = "/b"
                $0.rootfs = [
                    .with {
                        $0.type = "overlay"
                        $0.source = "overlay"
                        $0.options = ["lowerdir=/l"]
                    }
                ]
                $0.terminal = true
                $0.stdin = "/i"
                $0.stdout = "/o"
            },
            hex: "0a026331"  // 1 id "c1"
                + "12022f62"  // 2 bundle "/b"
                + "1a1f"  // 3 rootfs, 9 + 9 + 13 = 31 bytes: Mount{
                + "0a07" + Hex.ascii("overlay")  //   1 type
                + "1207" + Hex.ascii("overlay")  //   2 source
                + "220b" + Hex.ascii("lowerdir=/l")  //   4 options (3 target empty) }
                + "2001"  // 4 terminal true
                + "2a022f69"  // 5 stdin "/i"
                + "32022f6f"  // 6 stdout "/o"
        ),
        Golden(
            name: "containerd.task.v2.StateResponse of a stopped init",
            message: Containerd_Task_V2_StateResponse.with {
                $0.id = "c1"
                $0.pid = 7
                $0.status = .stopped
                $0.exitStatus = 137
            },
            // 1 id; 3 pid (18); 4 status STOPPED = 3 (20); 9 exit_status (9<<3 = 48) 137 = 89 01.
            hex: "0a026331" + "1807" + "2003" + "488901"
        ),
        Golden(
            name: "containerd.services.events.ttrpc.v1.ForwardRequest of a TaskOOM",
            message: Containerd_Services_Events_Ttrpc_V1_ForwardRequest.with {
                $0.envelope = .with {
                    $0.timestamp = .init(seconds: 1, nanos: 0)
                    $0.namespace = "k8s.io"
                    $0.topic = "/tasks/oom"
                    $0.event = .with {
                        $0.typeURL = "containerd.events.TaskOOM"
                        $0.value = Data([0x0a, 0x02, 0x63, 0x31])
                    }
                }
            },
            hex: "0a3b"  // 1 envelope, 4 + 8 + 12 + 35 = 59 bytes: Envelope{
                + "0a020801"  //   1 timestamp{1 seconds 1}
                + "1206" + Hex.ascii("k8s.io")  //   2 namespace
                + "1a0a" + Hex.ascii("/tasks/oom")  //   3 topic
                + "2221"  //   4 event, 27 + 6 = 33 bytes: Any{
                + "0a19" + Hex.ascii("containerd.events.TaskOOM")  //     1 type_url, 25 bytes
                + "1204" + "0a026331"  //     2 value TaskOOM{1 container_id "c1"} }}
        ),
        Golden(
            name: "runtimeoptions.v1.Options",
            message: Runtimeoptions_V1_Options.with { $0.configPath = "/etc/kata/c.toml" },
            hex: "1210" + Hex.ascii("/etc/kata/c.toml")  // 2 config_path, 16 bytes
        ),
        Golden(
            name: "io.containerd.cgroups.v2.Metrics",
            message: Io_Containerd_Cgroups_V2_Metrics.with {
                $0.pids = .with {
                    $0.current = 3
                    $0.limit = 100
                }
                $0.memory = .with { $0.usage = 4096 }
                $0.hugetlb = [.with { $0.pagesize = "2MB" }]
            },
            hex: "0a04" + "0803" + "1064"  // 1 pids{1 current 3, 2 limit 100}
                // 4 memory{32 usage: tag 32<<3|0 = 256 = 80 02; 4096 = 80 20}
                + "2204" + "8002" + "8020"
                + "3a05" + "1a03" + Hex.ascii("2MB")  // 7 hugetlb[{3 pagesize "2MB"}]
        ),
        Golden(
            name: "io.containerd.cgroups.v1.Metrics",
            message: Io_Containerd_Cgroups_V1_Metrics.with {
                $0.cpu = .with {
                    $0.usage = .with {
                        $0.total = 1000
                        $0.perCpu = [600, 400]
                    }
                }
                $0.memory = .with {
                    $0.usage = .with {
                        $0.limit = 16384
                        $0.usage = 8192
                    }
                }
            },
            hex: "1a0b" + "0a09"  // 3 cpu{1 usage, 9 bytes: CPUUsage{
                + "08e807"  //   1 total 1000 = e8 07
                + "2204" + "d804" + "9003"  //   4 per_cpu packed: 600 = d8 04, 400 = 90 03 }}
                + "220a"  // 4 memory, 10 bytes: MemoryStat{
                + "8a0207"  //   33 usage: tag 33<<3|2 = 266 = 8a 02; 7 bytes: MemoryEntry{
                + "08808001" + "108040"  //     1 limit 16384 = 80 80 01, 2 usage 8192 = 80 40 }}
        ),
    ]

    static let agentGoldens: [Golden] = [
        Golden(
            name: "grpc.CreateContainerRequest with a Storage and an OCI spec",
            message: Grpc_CreateContainerRequest.with {
                $0.containerID = "c1"
                $0.storages = [
                    .with {
                        $0.driver = "virtio-fs"
                        $0.source = "kataShared"
                        $0.fstype = "virtiofs"
                        $0.mountPoint = "/run/kata-containers/shared/containers/"
                    }
                ]
                $0.oci = .with {
                    $0.process = .with {
                        $0.args = ["sh"]
                        $0.env = ["A=1"]
                        $0.cwd = "/"
                    }
                    $0.root = .with {
                        $0.path = "/r"
                        $0.readonly = true
                    }
                }
            },
            hex: "0a026331"  // 1 container_id "c1"
                + "2a4a"  // 5 storages, 11 + 12 + 10 + 41 = 74 bytes: Storage{
                + "0a09" + Hex.ascii("virtio-fs")  //   1 driver
                + "1a0a" + Hex.ascii("kataShared")  //   3 source
                + "2208" + Hex.ascii("virtiofs")  //   4 fstype
                + "3227" + Hex.ascii("/run/kata-containers/shared/containers/")  //   6 mount_point, 39 bytes }
                + "3216"  // 6 OCI, 14 + 8 = 22 bytes: Spec{
                + "120c" + "22027368" + "2a03413d31" + "32012f"  //   2 Process{4 Args "sh", 5 Env "A=1", 6 Cwd "/"}
                + "1a06" + "0a022f72" + "1001"  //   3 Root{1 Path "/r", 2 Readonly true} }
        ),
        Golden(
            name: "grpc.ReseedRandomDevRequest keeps data at field 2",
            message: Grpc_ReseedRandomDevRequest.with { $0.data = Data([1, 2]) },
            hex: "1202" + "0102"  // 2<<3|2 = 12
        ),
        Golden(
            name: "grpc.FSGroup starts at field 2",
            message: Grpc_FSGroup.with {
                $0.groupID = 5
                $0.groupChangePolicy = .onRootMismatch
            },
            hex: "1005" + "1801"  // 2 group_id 5; 3 group_change_policy OnRootMismatch = 1
        ),
        Golden(
            name: "grpc.WaitProcessResponse with a negative status",
            message: Grpc_WaitProcessResponse.with { $0.status = -1 },
            // int32 -1 is sign-extended to 64 bits: ten bytes, ff × 9 then 01.
            hex: "08" + "ffffffffffffffffff01"
        ),
        Golden(
            name: "grpc.UpdateInterfaceRequest",
            message: Grpc_UpdateInterfaceRequest.with {
                $0.interface = .with {
                    $0.name = "eth0"
                    $0.ipaddresses = [
                        .with {
                            $0.family = .v4
                            $0.address = "10.0.0.5"
                            $0.mask = "24"
                        }
                    ]
                    $0.mtu = 1500
                    $0.hwAddr = "02:00:00:00:00:01"
                }
            },
            hex: "0a2c"  // 1 interface, 6 + 16 + 3 + 19 = 44 bytes: Interface{
                + "1204" + Hex.ascii("eth0")  //   2 name
                + "1a0e"  //   3 IPAddresses, 10 + 4 = 14 bytes: IPAddress{1 family v4 = 0 omitted,
                + "1208" + Hex.ascii("10.0.0.5") + "1a02" + Hex.ascii("24")  //   2 address, 3 mask }
                + "20dc0b"  //   4 mtu 1500 = dc 0b
                + "2a11" + Hex.ascii("02:00:00:00:00:01")  //   5 hwAddr, 17 bytes }
        ),
        Golden(
            name: "grpc.VersionCheckResponse",
            message: Grpc_VersionCheckResponse.with {
                $0.grpcVersion = "0.0.1"
                $0.agentVersion = "3.0"
            },
            hex: "0a05" + Hex.ascii("0.0.1") + "1203" + Hex.ascii("3.0")
        ),
    ]
}

/// Hex text for golden bytes.
