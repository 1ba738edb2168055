// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

package import Netlink

/// CreateSandbox's content (spec §3.2), as the Go runtime fills it.
package struct GuestSandbox: Sendable, Equatable {
    /// The sandbox id.
    package var id: String
    /// The hostname (at most 64 bytes reach the agent).
    package var hostname: String
    /// Storages the agent mounts for the whole sandbox (the shared directory).
    package var storages: [GuestStorage]
    /// Whether containers share one PID namespace.
    package var sandboxPidns: Bool
    /// `guest_hook_path`.
    package var guestHookPath: String?
    /// `kernel_modules` to load.
    package var kernelModules: [KernelModule]

    /// A module and its parameters (`name param=v …` in `kernel_modules`).
    package struct KernelModule: Sendable, Equatable {
        /// The module.
        package var name: String
        /// Its parameters.
        package var parameters: [String]

        /// A module.
        package init(name: String, parameters: [String]) {
            self.name = name
            self.parameters = parameters
        }
    }

    /// A request.
    package init(
        id: String, hostname: String, storages: [GuestStorage], sandboxPidns: Bool, guestHookPath: String?,
        kernelModules: [KernelModule]
    ) {
        self.id = id
        self.hostname = hostname
        self.storages = storages
        self.sandboxPidns = sandboxPidns
        self.guestHookPath = guestHookPath
        self.kernelModules = kernelModules
    }
}

/// What GetGuestDetails reports that the runtime acts on.
package struct GuestDetails: Sendable, Equatable {
    /// Whether the agent can apply seccomp filters.
    package var supportsSeccomp: Bool
    /// The guest's memory hot-plug block size in bytes; 0 when its kernel cannot hot-plug memory.
    package var memoryBlockSizeBytes: UInt64
    /// Whether new memory must be announced through the guest's sysfs probe file (MemHotplugByProbe).
    package var needsMemoryHotplugProbe: Bool

    /// Details.
    /// - Parameters:
    ///   - supportsSeccomp: whether the agent applies seccomp filters.
    ///   - memoryBlockSizeBytes: the memory block size (128 MiB on x86_64 guests with little RAM).
    ///   - needsMemoryHotplugProbe: whether the probe file exists.
    package init(
        supportsSeccomp: Bool, memoryBlockSizeBytes: UInt64 = 128 << 20, needsMemoryHotplugProbe: Bool = false
    ) {
        self.supportsSeccomp = supportsSeccomp
        self.memoryBlockSizeBytes = memoryBlockSizeBytes
        self.needsMemoryHotplugProbe = needsMemoryHotplugProbe
    }
}

/// A guest NIC as UpdateInterface describes it (spec §6.5).
package struct GuestInterface: Sendable, Equatable {
    /// The name the guest NIC gets (`eth0`).
    package var name: String
    /// The MAC that finds the NIC in the guest.
    package var mac: Netlink.MACAddress
    /// The MTU.
    package var mtu: UInt32
    /// Addresses with their prefix lengths.
    package var addresses: [Netlink.InterfaceAddress]
    /// The endpoint type (`virtual` for a veth).
    package var type: String
    /// IFF_NOARP.
    package var noARP: Bool

    /// An interface.
    package init(
        name: String, mac: Netlink.MACAddress, mtu: UInt32, addresses: [Netlink.InterfaceAddress], type: String,
        noARP: Bool
    ) {
        self.name = name
        self.mac = mac
        self.mtu = mtu
        self.addresses = addresses
        self.type = type
        self.noARP = noARP
    }
}

/// A route for UpdateRoutes, on the guest NIC named `device`.
package struct GuestRoute: Sendable, Equatable {
    /// The route as read in the pod's netns.
    package var route: Netlink.Route
    /// The guest NIC.
    package var device: String

    /// A route.
    package init(_ route: Netlink.Route, device: String) {
        self.route = route
        self.device = device
    }
}

/// A neighbour for AddARPNeighbors, on the guest NIC named `device`.
package struct GuestNeighbor: Sendable, Equatable {
    /// The neighbour as read in the pod's netns.
    package var neighbor: Netlink.Neighbor
    /// The guest NIC.
    package var device: String

    /// A neighbour.
    package init(_ neighbor: Netlink.Neighbor, device: String) {
        self.neighbor = neighbor
        self.device = device
    }
}
