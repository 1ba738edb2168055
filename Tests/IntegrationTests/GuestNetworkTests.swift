// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

import AgentAPI
import Foundation
import KataTestSupport
import Logging
import NIOPosix
import TTRPC
import Testing
import VMHarness

private let guest = GuestVM.Configuration.fromEnvironment()

/// A guest with a virtio-net NIC (QEMU's user-mode back end, so no host set-up is needed): the
/// image loads virtio_net at boot, and the agent configures the NIC the way a Kata host asks.
@Suite(
    "the guest sees its NIC and the agent configures it", .bootsVM,
    .enabled(if: guest.0 != nil, Comment(rawValue: guest.1)),
    .timeLimit(.minutes(12))
)
struct GuestNetworkTests {
    static let mac = "02:00:0a:00:02:0f"

    @Test("UpdateInterface, UpdateRoutes and AddARPNeighbors on a virtio-net NIC; ListInterfaces/ListRoutes show it")
    func configureNIC() async throws {
        var configuration = try #require(guest.0)
        configuration.extraQEMUArguments = [
            "-netdev", "user,id=net0", "-device", "virtio-net-pci,netdev=net0,mac=\(Self.mac)",
        ]
        var logger = Logger(label: "guest-network-tests")
        logger.logLevel = .error
        let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let vm = try await GuestVM.boot(configuration, group: group, logger: logger)
        do {
            let agent = Grpc_AgentServiceClient(client: vm.client)
            let before = try await agent.listInterfaces(Grpc_ListInterfacesRequest()).interfaces
            let nic = try #require(before.first { $0.hwAddr == Self.mac }, "no NIC with \(Self.mac) in \(before)")
            #expect(nic.name != "lo")

            let configured = try await agent.updateInterface(
                .with {
                    $0.interface = .with {
                        $0.device = "eth0"
                        $0.name = "pod0"
                        $0.hwAddr = Self.mac
                        $0.mtu = 1400
                        $0.ipaddresses = [
                            .with {
                                $0.address = "10.0.2.15"
                                $0.mask = "24"
                            }
                        ]
                        $0.type = "veth"
                    }
                })
            #expect(configured.name == "pod0")
            let routes = try await agent.updateRoutes(
                .with {
                    $0.routes = .with {
                        $0.routes = [
                            .with {
                                $0.gateway = "10.0.2.2"
                                $0.device = "pod0"
                            }
                        ]
                    }
                }
            ).routes
            #expect(routes.contains { $0.dest == "0.0.0.0" && $0.gateway == "10.0.2.2" && $0.device == "pod0" })
            _ = try await agent.addARPNeighbors(
                .with {
                    $0.neighbors = .with {
                        $0.arpneighbors = [
                            .with {
                                $0.toIpaddress = .with { $0.address = "10.0.2.2" }
                                $0.device = "pod0"
                                $0.lladdr = "52:55:0a:00:02:02"
                            }
                        ]
                    }
                })

            let after = try await agent.listInterfaces(Grpc_ListInterfacesRequest()).interfaces
            let pod = try #require(after.first { $0.name == "pod0" })
            #expect(pod.hwAddr == Self.mac && pod.mtu == 1400)
            // The kernel adds the NIC's own IPv6 link-local address once it is up.
            #expect(pod.ipaddresses.filter { $0.family == .v4 }.map { "\($0.address)/\($0.mask)" } == ["10.0.2.15/24"])
            #expect(pod.rawFlags & 1 != 0, "pod0 must be up")
            let listed = try await agent.listRoutes(Grpc_ListRoutesRequest()).routes
            #expect(listed.contains { $0.dest == "10.0.2.0/24" && $0.device == "pod0" })

            // A NIC the guest does not have is the "Link not found" hosts retry on.
            let missing = await #expect(throws: TTRPCStatus.self) {
                _ = try await agent.updateInterface(
                    .with {
                        $0.interface = .with {
                            $0.name = "eth9"
                            $0.hwAddr = "02:00:00:00:00:09"
                        }
                    })
            }
            #expect(missing?.code == .notFound)
            #expect(missing?.message.contains("Link not found") == true)
        } catch {
            await vm.stop()
            try await group.shutdownGracefully()
            throw error
        }
        #expect(await vm.stop(), "the guest must power itself off")
        try await group.shutdownGracefully()
    }
}
