// swift-tools-version:6.1
// Kata Containers in Swift: one package, layered as described in DESIGN.md.
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

/// Release builds of code off the agent's hot paths (generated messages, cgroup files) optimise
/// for size: the stripped static agent has a 20 MiB budget.
let sizeOptimized: [SwiftSetting] = strict + [.unsafeFlags(["-Osize"], .when(configuration: .release))]

let package = Package(
    name: "kata-containers-swift",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "kata-agent", targets: ["kata-agent"]),
        .executable(name: "kata-runtime", targets: ["kata-runtime"]),
        .executable(name: "containerd-shim-kata-v2", targets: ["containerd-shim-kata-v2"]),
        .library(name: "TTRPC", targets: ["TTRPC"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        // No default traits: "BinaryDelimitedStreams" imports Foundation, which would pull ICU into
        // the static agent.
        .package(url: "https://github.com/apple/swift-protobuf.git", from: "1.39.0", traits: []),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-system.git", from: "1.8.1"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        // Test targets only (the CRI client of Tests/CRITestSupport): the shim and the agent never
        // link gRPC.
        .package(url: "https://github.com/grpc/grpc-swift-2.git", from: "2.4.3"),
        .package(url: "https://github.com/grpc/grpc-swift-nio-transport.git", from: "2.9.2"),
        .package(url: "https://github.com/grpc/grpc-swift-protobuf.git", from: "2.4.1"),
    ],
    targets: [
        // Layer 0
        .target(name: "CKataLinux"),
        .target(
            name: "KataLinux",
            dependencies: [
                "CKataLinux",
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            exclude: ["README.md"],
            swiftSettings: strict
        ),
        .target(
            name: "TTRPC",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["README.md"],
            swiftSettings: strict
        ),
        .target(name: "OCISpec", exclude: ["README.md"], swiftSettings: strict),
        .target(name: "TOML", exclude: ["README.md"], swiftSettings: strict),
        // Layer 1
        .target(name: "KataError", dependencies: ["TTRPC"], exclude: ["README.md"], swiftSettings: strict),
        .target(
            name: "Netlink",
            dependencies: ["KataLinux", .product(name: "SystemPackage", package: "swift-system")],
            exclude: ["README.md"],
            swiftSettings: strict
        ),
        .target(name: "Cgroups", dependencies: ["KataLinux"], exclude: ["README.md"], swiftSettings: sizeOptimized),
        .target(
            name: "KataConfig",
            dependencies: ["KataLinux", "TOML", .product(name: "SystemPackage", package: "swift-system")],
            exclude: ["README.md"], swiftSettings: strict),
        .target(
            name: "QEMU",
            dependencies: [
                "KataLinux",
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["README.md"],
            swiftSettings: strict
        ),
        .target(
            name: "ShimAPI",
            dependencies: ["TTRPC", .product(name: "SwiftProtobuf", package: "swift-protobuf")],
            exclude: ["README.md"],
            swiftSettings: strict
        ),
        .target(
            name: "AgentAPI",
            dependencies: ["TTRPC", .product(name: "SwiftProtobuf", package: "swift-protobuf")],
            exclude: ["README.md"],
            swiftSettings: sizeOptimized
        ),
        // Layer 2
        .target(
            name: "KataRuntime",
            dependencies: [
                "OCISpec", "AgentAPI", "Cgroups", "KataConfig", "KataError", "KataLinux", "Netlink", "QEMU", "TTRPC",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            exclude: ["README.md"],
            swiftSettings: strict
        ),
        .target(
            name: "KataAgentCore",
            dependencies: [
                "KataLinux", "Netlink", "TTRPC", "AgentAPI", "Cgroups", "KataError", "OCISpec",
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            exclude: ["README.md"],
            swiftSettings: strict
        ),
        // Layer 3
        .target(
            name: "KataCLI",
            dependencies: [
                "KataConfig", "KataLinux", "TOML",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            exclude: ["README.md"],
            swiftSettings: strict
        ),
        .target(
            name: "KataShim",
            dependencies: [
                "TTRPC", "ShimAPI", "Cgroups", "KataError", "KataLinux", "KataRuntime", "KataConfig",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "SystemPackage", package: "swift-system"),
            ],
            exclude: ["README.md"],
            swiftSettings: strict
        ),
        // Layer 4
        .executableTarget(name: "containerd-shim-kata-v2", dependencies: ["KataShim"], swiftSettings: strict),
        .executableTarget(
            name: "kata-runtime", dependencies: ["KataCLI", "KataConfig", "KataLinux"], swiftSettings: strict),
        .executableTarget(
            name: "kata-agent",
            dependencies: ["KataAgentCore", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        // Benchmarks (run by `make bench`)
        .executableTarget(
            name: "ttrpc-bench",
            dependencies: [
                "TTRPC",
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "bench/ttrpc-bench"
        ),
        .target(
            name: "VMHarness",
            dependencies: [
                "TTRPC", "AgentAPI", "KataRuntime", "KataConfig", "KataError", "KataLinux",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "bench/VMHarness"
        ),
        .executableTarget(
            name: "kata-guest-probe",
            dependencies: [
                "VMHarness", "AgentAPI",
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "bench/kata-guest-probe"
        ),
        // Tests
        .target(
            name: "KataTestSupport",
            dependencies: [
                "KataRuntime", "KataConfig", "KataError", "KataLinux", "Cgroups", "OCISpec",
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/KataTestSupport",
            exclude: ["README.md"],
            swiftSettings: strict
        ),
        .target(
            name: "CRITestSupport",
            dependencies: [
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2Posix", package: "grpc-swift-nio-transport"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            path: "Tests/CRITestSupport",
            exclude: ["README.md"],
            swiftSettings: strict
        ),
        .testTarget(
            name: "ProtocolTests",
            dependencies: [
                "KataTestSupport",
                "ShimAPI", "AgentAPI", "TTRPC",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ]
        ),
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "VMHarness", "AgentAPI", "TTRPC", "KataTestSupport",
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "KataLinuxTests",
            dependencies: ["KataLinux", .product(name: "SystemPackage", package: "swift-system")]
        ),
        .testTarget(
            name: "NetlinkTests",
            dependencies: [
                "KataTestSupport", "Netlink", "KataLinux", .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
        .testTarget(
            name: "KataAgentCoreTests",
            dependencies: [
                "KataTestSupport",
                "KataAgentCore", "KataError", "KataLinux", "Netlink", "OCISpec", "AgentAPI", "Cgroups",
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "OCISpecTests", dependencies: ["OCISpec", "KataTestSupport"]),
        .testTarget(name: "KataErrorTests", dependencies: ["KataError", "TTRPC"]),
        .testTarget(
            name: "KataRuntimeTests",
            dependencies: [
                "KataRuntime", "OCISpec", "AgentAPI", "KataConfig", "KataError", "QEMU", "TTRPC", "KataLinux",
                "Netlink",
                "VMHarness",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),
        .testTarget(name: "CgroupsTests", dependencies: ["Cgroups", "KataLinux"]),
        // Drives the real `ctr` against the private containerd of scripts/containerd.sh.
        .testTarget(name: "ContainerdTests", dependencies: ["KataTestSupport"]),
        // Drives containerd's CRI plugin over gRPC, runc as the oracle and kata under test.
        .testTarget(name: "CRITests", dependencies: ["CRITestSupport", "KataTestSupport"]),
        .testTarget(name: "KataConfigTests", dependencies: ["KataConfig"]),
        .testTarget(name: "TOMLTests", dependencies: ["TOML"]),
        .testTarget(
            name: "QEMUTests",
            dependencies: ["QEMU", "KataLinux", .product(name: "SystemPackage", package: "swift-system")]
        ),
        .testTarget(
            name: "KataShimTests",
            dependencies: [
                "KataShim", "KataRuntime", "KataTestSupport", "KataError", "KataLinux", "ShimAPI", "TTRPC", "Cgroups",
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "SystemPackage", package: "swift-system"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "KataCLITests", dependencies: ["KataCLI", "KataConfig", "TOML"]),
        .testTarget(
            name: "TTRPCTests",
            dependencies: [
                "KataTestSupport",
                "TTRPC",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
