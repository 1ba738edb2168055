// swift-tools-version:6.1
// Code generators run only by `make protos`: protoc-gen-swift (from swift-protobuf) and
// protoc-gen-ttrpc-swift (ours), which emits ttRPC client structs and server protocols.
import PackageDescription

let package = Package(
    name: "protoc-gen-ttrpc-swift",
    products: [
        .executable(name: "protoc-gen-ttrpc-swift", targets: ["protoc-gen-ttrpc-swift"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-protobuf.git", exact: "1.39.0")
    ],
    targets: [
        .executableTarget(
            name: "protoc-gen-ttrpc-swift",
            dependencies: [.product(name: "SwiftProtobufPluginLibrary", package: "swift-protobuf")]
        )
    ],
    swiftLanguageModes: [.v6]
)
