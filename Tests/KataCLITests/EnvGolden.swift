// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

/// Expected `env` output, checked line by line against upstream's struct layout and encoders.
enum EnvGolden {
    /// `env` with ``KataConfigurationFixture/custom`` on the Intel fixture as a user.
    static let toml = #"""
        [Kernel]
          Path = "/usr/share/kata-containers/vmlinuz-6.1.container"
          Parameters = "scsi_mod.scan=none agent.log=debug agent.debug_console agent.debug_console_vport=1026 cgroup_no_v1=all systemd.unified_cgroup_hierarchy=1"

        [Meta]
          Version = "1.0.27"

        [Image]
          Path = ""

        [Initrd]
          Path = "/usr/share/kata-containers/kata-containers-initrd.img"

        [Hypervisor]
          MachineType = "q35"
          Version = "QEMU emulator version 7.2.22 (Debian 1:7.2+dfsg-7+deb12u18+b3)\nCopyright (c) 2003-2022 Fabrice Bellard and the QEMU Project developers"
          Path = "/usr/bin/qemu-system-x86_64"
          BlockDeviceDriver = "virtio-scsi"
          EntropySource = "/dev/urandom"
          SharedFS = "virtio-fs"
          VirtioFSDaemon = "/usr/libexec/virtiofsd"
          SocketPath = "<<unknown>>"
          Msize9p = 8192
          MemorySlots = 10
          HotPlugVFIO = "no-port"
          ColdPlugVFIO = "no-port"
          PCIeRootPort = 0
          PCIeSwitchPort = 0
          Debug = true
          Accelerator = "tcg"
          [Hypervisor.SecurityInfo]
            Rootless = false
            DisableSeccomp = false
            GuestHookPath = ""
            EnableAnnotations = ["enable_iommu", "kernel_params"]
            ConfidentialGuest = false

        [Runtime]
          Path = "/usr/bin/kata-runtime"
          GuestSeLinuxLabel = ""
          Debug = true
          Trace = false
          DisableGuestSeccomp = true
          DisableNewNetNs = false
          SandboxCgroupOnly = true
          [Runtime.Config]
            Path = "/etc/kata-containers/configuration.toml"
          [Runtime.Version]
            OCI = "1.1.0"
            [Runtime.Version.Version]
              Semver = "0.1.0"
              Commit = "<<unknown>>"
              Major = 0
              Minor = 1
              Patch = 0

        [Host]
          Kernel = "6.1.0-18-amd64"
          Architecture = "amd64"
          VMContainerCapable = true
          SupportVSocks = false
          [Host.Distro]
            Name = "Debian GNU/Linux"
            Version = "12"
          [Host.CPU]
            Vendor = "GenuineIntel"
            Model = "Intel(R) Xeon(R) CPU E5-2690 v4 @ 2.60GHz"
            CPUs = 4
          [Host.Memory]
            Total = 24683584
            Free = 22740016
            Available = 24219860

        [Agent]
          Debug = true
          Trace = false

        """#

    /// `env --json` for the same.
    static let json = #"""
        {
          "Kernel": {
            "Path": "/usr/share/kata-containers/vmlinuz-6.1.container",
            "Parameters": "scsi_mod.scan=none agent.log=debug agent.debug_console agent.debug_console_vport=1026 cgroup_no_v1=all systemd.unified_cgroup_hierarchy=1"
          },
          "Meta": {
            "Version": "1.0.27"
          },
          "Image": {
            "Path": ""
          },
          "Initrd": {
            "Path": "/usr/share/kata-containers/kata-containers-initrd.img"
          },
          "Hypervisor": {
            "MachineType": "q35",
            "Version": "QEMU emulator version 7.2.22 (Debian 1:7.2+dfsg-7+deb12u18+b3)\nCopyright (c) 2003-2022 Fabrice Bellard and the QEMU Project developers",
            "Path": "/usr/bin/qemu-system-x86_64",
            "BlockDeviceDriver": "virtio-scsi",
            "EntropySource": "/dev/urandom",
            "SharedFS": "virtio-fs",
            "VirtioFSDaemon": "/usr/libexec/virtiofsd",
            "SocketPath": "\u003c\u003cunknown\u003e\u003e",
            "Msize9p": 8192,
            "MemorySlots": 10,
            "HotPlugVFIO": "no-port",
            "ColdPlugVFIO": "no-port",
            "PCIeRootPort": 0,
            "PCIeSwitchPort": 0,
            "Debug": true,
            "Accelerator": "tcg",
            "SecurityInfo": {
              "Rootless": false,
              "DisableSeccomp": false,
              "GuestHookPath": "",
              "EnableAnnotations": [
                "enable_iommu",
                "kernel_params"
              ],
              "ConfidentialGuest": false
            }
          },
          "Runtime": {
            "Config": {
              "Path": "/etc/kata-containers/configuration.toml"
            },
            "Path": "/usr/bin/kata-runtime",
            "GuestSeLinuxLabel": "",
            "Experimental": null,
            "Version": {
              "OCI": "1.1.0",
              "Version": {
                "Semver": "0.1.0",
                "Commit": "\u003c\u003cunknown\u003e\u003e",
                "Major": 0,
                "Minor": 1,
                "Patch": 0
              }
            },
            "Debug": true,
            "Trace": false,
            "DisableGuestSeccomp": true,
            "DisableNewNetNs": false,
            "SandboxCgroupOnly": true
          },
          "Host": {
            "AvailableGuestProtections": null,
            "Kernel": "6.1.0-18-amd64",
            "Architecture": "amd64",
            "Distro": {
              "Name": "Debian GNU/Linux",
              "Version": "12"
            },
            "CPU": {
              "Vendor": "GenuineIntel",
              "Model": "Intel(R) Xeon(R) CPU E5-2690 v4 @ 2.60GHz",
              "CPUs": 4
            },
            "Memory": {
              "Total": 24683584,
              "Free": 22740016,
              "Available": 24219860
            },
            "VMContainerCapable": true,
            "SupportVSocks": false
          },
          "Agent": {
            "Debug": true,
            "Trace": false
          }
        }

        """#

    /// `env` with code defaults on the paravirtual-KVM fixture as root (QEMU missing).
    static let defaultsOnPVMAsRoot = #"""
        [Kernel]
          Path = "/usr/share/kata-containers/vmlinuz.container"
          Parameters = "scsi_mod.scan=none"

        [Meta]
          Version = "1.0.27"

        [Image]
          Path = ""

        [Initrd]
          Path = ""

        [Hypervisor]
          MachineType = "q35"
          Version = "<<unknown>>"
          Path = "/usr/bin/qemu-system-x86_64"
          BlockDeviceDriver = "virtio-scsi"
          EntropySource = "/dev/urandom"
          SharedFS = "virtio-fs"
          VirtioFSDaemon = "/usr/libexec/virtiofsd"
          SocketPath = ""
          Msize9p = 8192
          MemorySlots = 10
          HotPlugVFIO = "no-port"
          ColdPlugVFIO = "no-port"
          PCIeRootPort = 0
          PCIeSwitchPort = 0
          Debug = false
          Accelerator = "kvm"
          [Hypervisor.SecurityInfo]
            Rootless = false
            DisableSeccomp = false
            GuestHookPath = ""
            ConfidentialGuest = false

        [Runtime]
          Path = "/usr/bin/kata-runtime"
          GuestSeLinuxLabel = ""
          Debug = false
          Trace = false
          DisableGuestSeccomp = true
          DisableNewNetNs = false
          SandboxCgroupOnly = false
          [Runtime.Config]
            Path = "/etc/kata-containers/configuration.toml"
          [Runtime.Version]
            OCI = "1.1.0"
            [Runtime.Version.Version]
              Semver = "0.1.0"
              Commit = "<<unknown>>"
              Major = 0
              Minor = 1
              Patch = 0

        [Host]
          Kernel = "6.1.0-18-amd64"
          Architecture = "amd64"
          VMContainerCapable = false
          SupportVSocks = false
          [Host.Distro]
            Name = "Debian GNU/Linux"
            Version = "12"
          [Host.CPU]
            Vendor = "AuthenticAMD"
            Model = "AMD EPYC"
            CPUs = 2
          [Host.Memory]
            Total = 24683584
            Free = 22740016
            Available = 24219860

        [Agent]
          Debug = false
          Trace = false

        """#
}
