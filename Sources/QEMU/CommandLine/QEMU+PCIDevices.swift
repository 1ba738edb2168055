// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

extension QEMU {
    /// `pci-bridge`: a conventional PCI bridge for hot-plug slots, as Kata places them on `pcie.0`.
    package struct PCIBridge: Device, Equatable {
        /// The device id (`pci-bridge-0`).
        package var id: String
        /// The parent bus (`pcie.0` on q35).
        package var bus: String
        /// `chassis_nr`: unique per bridge.
        package var chassis: UInt32
        /// The slot on the parent bus.
        package var address: String
        /// `shpc=`: the standard hot-plug controller; Kata turns it off (ACPI hot-plug is used).
        package var shpc: Bool

        /// Creates a PCI bridge.
        /// - Parameters:
        ///   - id: the device id.
        ///   - bus: the parent bus.
        ///   - chassis: the chassis number.
        ///   - address: the slot on the parent bus.
        ///   - shpc: whether to enable SHPC.
        package init(id: String, bus: String = "pcie.0", chassis: UInt32, address: String, shpc: Bool = false) {
            self.id = id
            self.bus = bus
            self.chassis = chassis
            self.address = address
            self.shpc = shpc
        }

        /// `pci-bridge,bus=pcie.0,id=…,chassis_nr=1,shpc=off,addr=2,io-reserve=4k,mem-reserve=1m,pref64-reserve=1m`.
        package var options: Options {
            var options = Options("pci-bridge", [("bus", bus), ("id", id), ("chassis_nr", "\(chassis)")])
            options.append("shpc", onOff: shpc)
            options.append("addr", address)
            options.append("io-reserve", "4k")
            options.append("mem-reserve", "1m")
            options.append("pref64-reserve", "1m")
            return options
        }
    }

    /// `pcie-root-port`: a PCIe root port (VFIO, or a bridge's parent under OVMF).
    package struct PCIeRootPort: Device, Equatable {
        /// The device id (`rp0`).
        package var id: String
        /// The parent bus.
        package var bus: String
        /// The chassis number.
        package var chassis: UInt32
        /// The slot number.
        package var slot: UInt32
        /// The address on the parent bus; nil lets QEMU pick.
        package var address: String?
        /// Extra resource reservations in order (`bus-reserve=0x1`, `io-reserve=4k`…).
        package var reservations: [(String, String)]

        /// Creates a root port.
        /// - Parameters:
        ///   - id: the device id.
        ///   - bus: the parent bus.
        ///   - chassis: the chassis number.
        ///   - slot: the slot number.
        ///   - address: the address, or nil.
        ///   - reservations: resource reservations in order.
        package init(
            id: String, bus: String = "pcie.0", chassis: UInt32, slot: UInt32, address: String? = nil,
            reservations: [(String, String)] = []
        ) {
            self.id = id
            self.bus = bus
            self.chassis = chassis
            self.slot = slot
            self.address = address
            self.reservations = reservations
        }

        /// `pcie-root-port,id=rp0,bus=pcie.0,chassis=0,slot=0,multifunction=off`.
        package var options: Options {
            var options = Options("pcie-root-port", [("id", id), ("bus", bus), ("chassis", "\(chassis)")])
            options.append("slot", "\(slot)")
            options.append("addr", address)
            options.append("multifunction", "off")
            for (key, value) in reservations { options.append(key, value) }
            return options
        }

        /// Equal when rendered the same.
        /// - Parameters:
        ///   - lhs: a port.
        ///   - rhs: a port.
        /// - Returns: whether both render the same.
        package static func == (lhs: PCIeRootPort, rhs: PCIeRootPort) -> Bool { lhs.options == rhs.options }
    }

    /// `pcie-pci-bridge`: a PCIe-to-PCI bridge behind a root port.
    package struct PCIePCIBridge: Device, Equatable {
        /// The device id.
        package var id: String
        /// The root port it sits on.
        package var bus: String

        /// Creates a PCIe-to-PCI bridge.
        /// - Parameters:
        ///   - id: the device id.
        ///   - bus: the root port's id.
        package init(id: String, bus: String) {
            self.id = id
            self.bus = bus
        }

        /// `pcie-pci-bridge,bus=…,id=…`.
        package var options: Options { Options("pcie-pci-bridge", [("bus", bus), ("id", id)]) }
    }

    /// `nvdimm`: an emulated NVDIMM backed by a memory object (Kata's image root file system).
    package struct NVDIMM: Device, Equatable {
        /// The device id.
        package var id: String
        /// The memory backend's id.
        package var memoryDevice: String
        /// `unarmed=on`: the guest must not write.
        package var unarmed: Bool

        /// Creates an NVDIMM.
        /// - Parameters:
        ///   - id: the device id.
        ///   - memoryDevice: the backend's id.
        ///   - unarmed: whether the guest must not write.
        package init(id: String, memoryDevice: String, unarmed: Bool = true) {
            self.id = id
            self.memoryDevice = memoryDevice
            self.unarmed = unarmed
        }

        /// `nvdimm,id=nv0,memdev=mem0,unarmed=on`.
        package var options: Options {
            var options = Options("nvdimm", [("id", id), ("memdev", memoryDevice)])
            options.append("unarmed", onOff: unarmed)
            return options
        }
    }
}
