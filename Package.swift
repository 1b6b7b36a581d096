// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [.swiftLanguageMode(.v6)]

let package = Package(
    name: "regiond",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "regiond", targets: ["regiond"]),
        .library(name: "RegionCore", targets: ["RegionCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        // Pure decision core: no I/O, no clock, no randomness.
        .target(
            name: "RegionCore",
            dependencies: [
                .product(name: "Yams", package: "Yams"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        // Reads regions.yaml and the secrets it references: the only file access a
        // decision depends on, kept out of the core.
        .target(name: "RegionConfigIO", dependencies: ["RegionCore"], swiftSettings: strict),
        .target(name: "RegionSimulation", dependencies: ["RegionCore", "RegionConfigIO"], swiftSettings: strict),

        // System libraries (pkg-config).
        .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

        // I/O shells.
        .target(name: "RegionCompression", dependencies: ["CZlib"], swiftSettings: strict),
        .target(
            name: "RegionAudit",
            dependencies: ["RegionCore", "RegionCompression", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .target(
            name: "RegionPostgres",
            dependencies: ["RegionCore", "RegionConfigIO", "CLibPQ", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .target(
            name: "RegionNet",
            dependencies: ["RegionCore", "RegionCompression", "CCurl", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .target(
            name: "RegionDNS",
            dependencies: [
                "RegionCore", "RegionConfigIO", "RegionNet", .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "regiond",
            dependencies: [
                "RegionCore", "RegionConfigIO", "RegionSimulation", "RegionPostgres", "RegionNet", "RegionDNS", "RegionAudit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),

        .executableTarget(
            name: "regiond-bench-replication",
            dependencies: ["RegionCore", "RegionPostgres", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),

        // Helpers shared by the integration tests (free loopback ports).
        .target(name: "RegionTestSupport", path: "Tests/Support", swiftSettings: strict),

        .testTarget(name: "RegionCoreTests", dependencies: ["RegionCore", "RegionConfigIO"], swiftSettings: strict),
        .testTarget(name: "RegionSimulationTests", dependencies: ["RegionSimulation", "RegionCore"], swiftSettings: strict),
        .testTarget(name: "RegionPostgresTests", dependencies: ["RegionPostgres", "RegionCore", "RegionConfigIO", "CLibPQ"], swiftSettings: strict),
        .testTarget(
            name: "RegionNetTests",
            dependencies: ["RegionNet", "RegionCore", "RegionTestSupport", "CCurl", "CZlib", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .testTarget(name: "RegionAuditTests", dependencies: ["RegionAudit", "RegionCompression", "RegionCore"], swiftSettings: strict),
        .testTarget(
            name: "RegionDNSTests",
            dependencies: ["RegionDNS", "RegionCore", "RegionNet", "RegionTestSupport", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),
        .testTarget(name: "RegiondCLITests", dependencies: ["RegionCore"], swiftSettings: strict),
    ]
)
