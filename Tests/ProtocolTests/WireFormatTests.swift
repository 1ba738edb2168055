// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import AgentAPI
import Foundation
import ShimAPI
import SwiftProtobuf
import Testing

/// Golden bytes for messages containerd and Kata hosts exchange with us. Each expectation was
/// derived from the proto3 encoding rules (tag = field << 3 | wire type; 0 varint, 2 length-
/// delimited), not produced by the code under test.
@Suite("protobuf wire format of ShimAPI and AgentAPI messages")
struct WireFormatTests {
    private func hex(_ message: some SwiftProtobuf.Message) throws -> String {
        let bytes: [UInt8] = try message.serializedBytes()
        return bytes.map { String(format: "%02x", $0) }.joined()
    }

    private func bytes(_ hex: String) -> [UInt8] {
        var out: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            out.append(UInt8(hex[index..<next], radix: 16) ?? 0)
            index = next
        }
        return out
    }

    @Test func connectResponseMatchesTheShimSpec() throws {
        let response = Containerd_Task_V2_ConnectResponse.with {
            $0.shimPid = 4242
            $0.taskPid = 4243
        }
        // 08: field 1 varint, 4242 = 92 21; 10: field 2 varint, 4243 = 93 21.
        #expect(try hex(response) == "089221109321")
    }

    @Test func createTaskRequest() throws {
        let request = Containerd_Task_V2_CreateTaskRequest.with {
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
        }
        let expected =
            "0a026331"  // 1 id "c1"
            + "12022f62"  // 2 bundle "/b"
            + "1a1f"  // 3 rootfs, 31 bytes: Mount{
            + "0a076f7665726c6179"  //   1 type "overlay"
            + "12076f7665726c6179"  //   2 source "overlay"
            + "220b6c6f7765726469723d2f6c"  //   4 options "lowerdir=/l" }
            + "2001"  // 4 terminal true
            + "2a022f69"  // 5 stdin "/i"
            + "32022f6f"  // 6 stdout "/o"
        #expect(try hex(request) == expected)
    }

    @Test func createContainerRequest() throws {
        let request = Grpc_CreateContainerRequest.with {
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
        }
        let expected =
            "0a026331"  // 1 container_id "c1"
            + "2a4a"  // 5 storages, 74 bytes: Storage{
            + "0a0976697274696f2d6673"  //   1 driver "virtio-fs"
            + "1a0a6b617461536861726564"  //   3 source "kataShared"
            + "220876697274696f6673"  //   4 fstype "virtiofs"
            // 6 mount_point "/run/kata-containers/shared/containers/"
            + "3227" + "2f72756e2f6b6174612d636f6e7461696e6572732f7368617265642f636f6e7461696e6572732f"
            + "3216"  // 6 OCI, 22 bytes: Spec{
            + "120c" + "22027368" + "2a03413d31" + "32012f"  //   2 Process{4 Args "sh", 5 Env "A=1", 6 Cwd "/"}
            + "1a06" + "0a022f72" + "1001"  //   3 Root{1 Path "/r", 2 Readonly true} }
        #expect(try hex(request) == expected)
    }

    @Test func reseedRandomDevKeepsFieldNumberTwo() throws {
        let request = Grpc_ReseedRandomDevRequest.with { $0.data = Data([1, 2]) }
        #expect(try hex(request) == "12020102")
    }

    @Test func fsGroupStartsAtFieldTwo() throws {
        let group = Grpc_FSGroup.with {
            $0.groupID = 5
            $0.groupChangePolicy = .onRootMismatch
        }
        #expect(try hex(group) == "10051801")
    }

    @Test func taskExitEventInAnAny() throws {
        let exit = Containerd_Events_TaskExit.with {
            $0.containerID = "c1"
            $0.id = "c1"
            $0.pid = 42
            $0.exitStatus = 137
        }
        // containerd's typeurl uses the bare full name, without type.googleapis.com/.
        let any = Google_Protobuf_Any.with {
            $0.typeURL = "containerd.events.TaskExit"
            $0.value = (try? exit.serializedData()) ?? Data()
        }
        let expected =
            "0a1a" + "636f6e7461696e6572642e6576656e74732e5461736b45786974"  // 1 type_url
            + "120d" + "0a026331" + "12026331" + "182a" + "208901"  // 2 value: TaskExit{c1, c1, 42, 137}
        #expect(try hex(any) == expected)
    }

    @Test func unknownFieldsAreSkipped() throws {
        // StateRequest{1 id "c1"} followed by field 99 (varint) and field 100 (bytes).
        let data = bytes("0a026331" + "98062a" + "a2060201ff")
        let request = try Containerd_Task_V2_StateRequest(serializedBytes: data)
        #expect(request.id == "c1")
    }
}
