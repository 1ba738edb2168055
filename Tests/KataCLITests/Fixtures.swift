// Copyright (c) 2026 The Kata Containers in Swift Authors
// SPDX-License-Identifier: Apache-2.0

/// Host trees: an Intel VT-x host, an AMD-V host, and a host like the project's build machines
/// (AMD CPU without `svm`, `/dev/kvm` from the paravirtual `kvm_pvm` module).
enum Fixtures {
    static func cpuinfo(vendor: String, model: String, flags: String) -> String {
        let block = { (index: Int) in
            """
            processor\t: \(index)
            vendor_id\t: \(vendor)
            cpu family\t: 6
            model name\t: \(model)
            flags\t\t: \(flags)
            bogomips\t: 5192.24

            """
        }
        return block(0) + "\n" + block(1)
    }

    static let intelFlags = "fpu vme de pse tsc msr pae mce cx8 apic sep vmx lm constant_tsc sse4_1 sse4_2 x2apic ept"
    static let amdFlags = "fpu vme de pse tsc msr pae mce cx8 apic sep svm lm sse4_1 sse4_2 npt"
    static let pvmFlags = "fpu vme de pse tsc msr pae mce cx8 apic sep lm sse4_1 sse4_2 hypervisor lahf_lm"

    static let common: [String: String] = [
        "/proc/version": "Linux version 6.1.0-18-amd64 (debian-kernel@lists.debian.org) (gcc-12) #1 SMP\n",
        "/etc/os-release":
            "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nNAME=\"Debian GNU/Linux\"\nVERSION_ID=\"12\"\n",
        "/proc/meminfo": "MemTotal:       24683584 kB\nMemFree:        22740016 kB\nMemAvailable:   24219860 kB\n",
        "/dev/kvm": "",
    ]

    static func intel() throws -> FixtureTree {
        var files = common
        files["/proc/cpuinfo"] = cpuinfo(
            vendor: "GenuineIntel", model: "Intel(R) Xeon(R) CPU E5-2690 v4 @ 2.60GHz", flags: intelFlags)
        return try FixtureTree(
            files: files,
            directories: ["/sys/module/kvm", "/sys/module/kvm_intel", "/sys/module/vhost", "/sys/module/vhost_net"])
    }

    static func amd() throws -> FixtureTree {
        var files = common
        files["/proc/cpuinfo"] = cpuinfo(
            vendor: "AuthenticAMD", model: "AMD EPYC 7763 64-Core Processor", flags: amdFlags)
        files["/dev/vhost-vsock"] = ""
        return try FixtureTree(
            files: files,
            directories: [
                "/sys/module/kvm", "/sys/module/kvm_amd", "/sys/module/vhost", "/sys/module/vhost_net",
                "/sys/module/vhost_vsock",
            ])
    }

    static func pvm() throws -> FixtureTree {
        var files = common
        files["/proc/cpuinfo"] = cpuinfo(vendor: "AuthenticAMD", model: "AMD EPYC", flags: pvmFlags)
        return try FixtureTree(files: files, directories: ["/sys/module/kvm", "/sys/module/kvm_pvm"])
    }
}
