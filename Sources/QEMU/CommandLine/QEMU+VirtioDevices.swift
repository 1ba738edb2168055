// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

extension QEMU {
    /// `virtio-serial-pci`: the controller that virtconsole and virtserialport devices attach to.
    package struct VirtioSerialPCI: Device, Equatable {
        /// The device id (`serial0`).
        package var id: String
        /// `disable-modern=`: false keeps virtio 1.0.
        package var disableModern: Bool?

        /// Creates a virtio-serial controller.
        /// - Parameters:
        ///   - id: the device id.
        ///   - disableModern: the `disable-modern` property, or nil to omit it.
        package init(id: String, disableModern: Bool? = false) {
            self.id = id
            self.disableModern = disableModern
        }

        /// `virtio-serial-pci,disable-modern=false,id=serial0`.
        package var options: Options {
            var options = Options("virtio-serial-pci")
            options.append("disable-modern", trueFalse: disableModern)
            options.append("id", id)
            return options
        }
    }

    /// `virtconsole`: a console port (the guest's hvc0) on a virtio-serial controller.
    package struct VirtConsole: Device, Equatable {
        /// The device id (`console0`).
        package var id: String
        /// The chardev carrying it.
        package var chardev: String

        /// Creates a console port.
        /// - Parameters:
        ///   - id: the device id.
        ///   - chardev: the chardev id.
        package init(id: String, chardev: String) {
            self.id = id
            self.chardev = chardev
        }

        /// `virtconsole,chardev=charconsole0,id=console0`.
        package var options: Options { Options("virtconsole", [("chardev", chardev), ("id", id)]) }
    }

    /// `virtserialport`: a named port on a virtio-serial controller; the guest sees
    /// /dev/vportNpM with /sys/class/virtio-ports/…/name set to name.
    package struct VirtSerialPort: Device, Equatable {
        /// The chardev carrying it.
        package var chardev: String
        /// The device id, if any.
        package var id: String?
        /// The port name (`agent.channel.0`).
        package var name: String

        /// Creates a serial port.
        /// - Parameters:
        ///   - chardev: the chardev id.
        ///   - id: the device id.
        ///   - name: the port name.
        package init(chardev: String, id: String? = nil, name: String) {
            self.chardev = chardev
            self.id = id
            self.name = name
        }

        /// `virtserialport,chardev=ch0,name=agent.channel.0`.
        package var options: Options {
            var options = Options("virtserialport", [("chardev", chardev)])
            options.append("id", id)
            options.append("name", name)
            return options
        }
    }

    /// `virtio-scsi-pci`: the SCSI controller hot-plugged disks attach to (`scsi0.0`).
    package struct VirtioSCSIPCI: Device, Equatable {
        /// The device id (`scsi0`).
        package var id: String
        /// The `disable-modern` property.
        package var disableModern: Bool?
        /// An `-object iothread` id to run on.
        package var ioThread: String?

        /// Creates a SCSI controller.
        /// - Parameters:
        ///   - id: the device id.
        ///   - disableModern: the `disable-modern` property, or nil to omit it.
        ///   - ioThread: an iothread id.
        package init(id: String, disableModern: Bool? = false, ioThread: String? = nil) {
            self.id = id
            self.disableModern = disableModern
            self.ioThread = ioThread
        }

        /// `virtio-scsi-pci,id=scsi0,disable-modern=false`.
        package var options: Options {
            var options = Options("virtio-scsi-pci", [("id", id)])
            options.append("disable-modern", trueFalse: disableModern)
            options.append("iothread", ioThread)
            return options
        }
    }

    /// `virtio-rng-pci`: guest entropy from an `rng-random` object.
    package struct VirtioRNGPCI: Device, Equatable {
        /// The `rng-random` object's id.
        package var rng: String

        /// Creates a virtio-rng device.
        /// - Parameter rng: the `rng-random` object's id.
        package init(rng: String) { self.rng = rng }

        /// `virtio-rng-pci,rng=rng0`.
        package var options: Options { Options("virtio-rng-pci", [("rng", rng)]) }
    }

    /// `virtio-balloon-pci` with free page reporting: the guest hands pages it freed back to QEMU,
    /// which releases them, so a pod's host memory follows what its guest uses now, not its peak.
    package struct VirtioBalloonPCI: Device, Equatable {
        /// The device id (`balloon0`).
        package var id: String
        /// `deflate-on-oom`: the guest may take ballooned pages back before its OOM killer runs.
        package var deflateOnOOM: Bool
        /// `free-page-reporting`: the guest reports freed pages.
        package var freePageReporting: Bool

        /// Creates a balloon device.
        /// - Parameters:
        ///   - id: the device id.
        ///   - deflateOnOOM: `deflate-on-oom`.
        ///   - freePageReporting: `free-page-reporting`.
        package init(id: String, deflateOnOOM: Bool, freePageReporting: Bool) {
            self.id = id
            self.deflateOnOOM = deflateOnOOM
            self.freePageReporting = freePageReporting
        }

        /// `virtio-balloon-pci,id=balloon0,deflate-on-oom=on,free-page-reporting=on`.
        package var options: Options {
            var options = Options("virtio-balloon-pci", [("id", id)])
            options.append("deflate-on-oom", onOff: deflateOnOOM)
            options.append("free-page-reporting", onOff: freePageReporting)
            return options
        }
    }

    /// `vhost-vsock-pci`: a vsock device served by the host's vhost-vsock driver.
    package struct VhostVsockPCI: Device, Equatable {
        /// The device id (`vsock-<cid>`).
        package var id: String
        /// The guest's context id (≥ 3).
        package var guestCID: UInt32
        /// An inherited /dev/vhost-vsock descriptor number whose CID is already set; nil lets QEMU
        /// open the device itself.
        package var vhostFD: Int32?
        /// The `disable-modern` property.
        package var disableModern: Bool?
        /// The bus, if placed explicitly.
        package var bus: String?

        /// Creates a vsock device.
        /// - Parameters:
        ///   - id: the device id.
        ///   - guestCID: the guest's context id.
        ///   - vhostFD: an inherited vhost-vsock descriptor number.
        ///   - disableModern: the `disable-modern` property.
        ///   - bus: the bus.
        package init(
            id: String, guestCID: UInt32, vhostFD: Int32? = nil, disableModern: Bool? = false, bus: String? = nil
        ) {
            self.id = id
            self.guestCID = guestCID
            self.vhostFD = vhostFD
            self.disableModern = disableModern
            self.bus = bus
        }

        /// `vhost-vsock-pci,disable-modern=false,vhostfd=4,id=vsock-N,guest-cid=N,bus=pcie.0`.
        package var options: Options {
            var options = Options("vhost-vsock-pci")
            options.append("disable-modern", trueFalse: disableModern)
            options.append("vhostfd", vhostFD.map { "\($0)" })
            options.append("id", id)
            options.append("guest-cid", "\(guestCID)")
            options.append("bus", bus)
            return options
        }
    }

    /// `vhost-user-fs-pci`: virtio-fs served by a virtiofsd on a unix socket chardev. Guest RAM must
    /// be a shared memory backend (`share=on`) for virtiofsd to map it.
    package struct VhostUserFSPCI: Device, Equatable {
        /// The chardev of virtiofsd's socket.
        package var chardev: String
        /// The mount tag the guest mounts (`kataShared`).
        package var tag: String
        /// `queue-size=`.
        package var queueSize: UInt32?
        /// `cache-size=`: the DAX window, e.g. `1024M`; nil or zero disables DAX.
        package var cacheSize: String?
        /// The bus, if placed explicitly.
        package var bus: String?
        /// The device id, if any.
        package var id: String?

        /// Creates a virtio-fs device.
        /// - Parameters:
        ///   - chardev: the chardev id.
        ///   - tag: the mount tag.
        ///   - queueSize: the queue size.
        ///   - cacheSize: the DAX window size.
        ///   - bus: the bus.
        ///   - id: the device id.
        package init(
            chardev: String, tag: String, queueSize: UInt32? = 1024, cacheSize: String? = nil, bus: String? = nil,
            id: String? = nil
        ) {
            self.chardev = chardev
            self.tag = tag
            self.queueSize = queueSize
            self.cacheSize = cacheSize
            self.bus = bus
            self.id = id
        }

        /// `vhost-user-fs-pci,chardev=char-x,tag=kataShared,queue-size=1024,bus=pcie.0`.
        package var options: Options {
            var options = Options("vhost-user-fs-pci", [("chardev", chardev), ("tag", tag)])
            options.append("queue-size", queueSize.map { "\($0)" })
            options.append("cache-size", cacheSize)
            options.append("bus", bus)
            options.append("id", id)
            return options
        }
    }

    /// `virtio-net-pci` on a `-netdev`, written `driver=virtio-net-pci,…` as Kata does.
    package struct VirtioNetPCI: Device, Equatable {
        /// The netdev id.
        package var netdev: String
        /// The MAC address.
        package var mac: String
        /// The bus, if placed explicitly.
        package var bus: String?
        /// The address on the bus.
        package var address: String?
        /// The device id, if any.
        package var id: String?
        /// The `disable-modern` property.
        package var disableModern: Bool?
        /// `mq=on` with `vectors=` (2 × queues + 2) for multi-queue; nil for one queue.
        package var vectors: UInt32?

        /// Creates a virtio-net device.
        /// - Parameters:
        ///   - netdev: the netdev id.
        ///   - mac: the MAC address.
        ///   - bus: the bus.
        ///   - address: the address on the bus.
        ///   - id: the device id.
        ///   - disableModern: the `disable-modern` property.
        ///   - vectors: MSI-X vectors for multi-queue, or nil.
        package init(
            netdev: String, mac: String, bus: String? = nil, address: String? = nil, id: String? = nil,
            disableModern: Bool? = false, vectors: UInt32? = nil
        ) {
            self.netdev = netdev
            self.mac = mac
            self.bus = bus
            self.address = address
            self.id = id
            self.disableModern = disableModern
            self.vectors = vectors
        }

        /// `driver=virtio-net-pci,netdev=…,mac=…,bus=…,disable-modern=false,mq=on,vectors=4`.
        package var options: Options {
            var options = Options(nil, [("driver", "virtio-net-pci")])
            options.append("id", id)
            options.append("netdev", netdev)
            options.append("mac", mac)
            options.append("bus", bus)
            options.append("addr", address)
            options.append("disable-modern", trueFalse: disableModern)
            if let vectors {
                options.append("mq", "on")
                options.append("vectors", "\(vectors)")
            }
            return options
        }
    }

    /// Any other driver, for devices this module has no type for yet.
    package struct GenericDevice: Device, Equatable {
        /// The driver and its properties.
        package var options: Options

        /// Creates a device from raw options.
        /// - Parameter options: the driver name as head, then its properties.
        package init(_ options: Options) { self.options = options }
    }
}
