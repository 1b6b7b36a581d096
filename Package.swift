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
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
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
        // Capture -> residency -> batch -> send on one side, verify -> screen -> apply -> ack
        // on the other; transport-agnostic so tests and benchmarks drive it directly.
        .target(
            name: "RegionReplication",
            dependencies: [
                "RegionCore", "RegionPostgres", "RegionNet", "RegionAudit", "RegionCompression",
                .product(name: "Logging", package: "swift-log"), .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strict
        ),
        // Block-hash comparison and repair between two regions, retention, erasure.
        .target(
            name: "RegionIntegrity",
            dependencies: [
                "RegionCore", "RegionPostgres", "RegionNet", "RegionAudit",
                .product(name: "Logging", package: "swift-log"), .product(name: "Metrics", package: "swift-metrics"),
            ],
            swiftSettings: strict
        ),
        // The sidecar: peer HTTP server, prober, gossip, DNS coordinator, replicator, metrics.
        .target(
            name: "RegionAgent",
            dependencies: [
                "RegionCore", "RegionConfigIO", "RegionReplication", "RegionIntegrity", "RegionPostgres", "RegionNet",
                "RegionDNS", "RegionAudit",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "regiond",
            dependencies: [
                "RegionCore", "RegionConfigIO", "RegionSimulation", "RegionPostgres", "RegionNet", "RegionDNS", "RegionAudit",
                "RegionAgent", "RegionReplication", "RegionIntegrity",
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

        .executableTarget(
            name: "regiond-bench-e2e",
            dependencies: [
                "RegionCore", "RegionConfigIO", "RegionReplication", "RegionAgent", "RegionPostgres", "RegionNet",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "regiond-bench-simulate",
            dependencies: ["RegionCore", "RegionConfigIO", "RegionSimulation"],
            swiftSettings: strict
        ),
        .executableTarget(
            name: "regiond-bench-integrity",
            dependencies: ["RegionCore", "RegionIntegrity", "RegionPostgres", "RegionAgent", "RegionNet", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strict
        ),

        // libFuzzer harness for the peer batch decoder, the config and scenario parsers and
        // the residency-log reader (scripts/fuzz-libfuzzer); a normal build replays saved inputs.
        .executableTarget(
            name: "regiond-fuzz-peerwire",
            dependencies: [
                "RegionCore", "RegionConfigIO", "RegionNet", "RegionCompression", "RegionSimulation", "RegionAudit",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),

        // Helpers shared by the integration tests (free loopback ports).
        .target(name: "RegionTestSupport", dependencies: ["RegionCore", "RegionPostgres"], path: "Tests/Support", swiftSettings: strict),

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
        .testTarget(name: "RegiondCLITests", dependencies: ["RegionCore", "RegionTestSupport"], swiftSettings: strict),
        .testTarget(
            name: "RegionReplicationTests",
            dependencies: [
                "RegionReplication", "RegionAgent", "RegionCore", "RegionPostgres", "RegionNet", "RegionAudit", "RegionTestSupport",
                .product(name: "Logging", package: "swift-log"), .product(name: "MetricsTestKit", package: "swift-metrics"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "RegionIntegrityTests",
            dependencies: [
                "RegionIntegrity", "RegionCore", "RegionPostgres", "RegionAudit", "RegionTestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        .testTarget(
            name: "RegionAgentTests",
            dependencies: [
                "RegionAgent", "RegionCore", "RegionConfigIO", "RegionReplication", "RegionIntegrity", "RegionPostgres", "RegionNet",
                "RegionDNS", "RegionAudit", "RegionTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"), .product(name: "MetricsTestKit", package: "swift-metrics"),
            ],
            swiftSettings: strict
        ),
        // Seeded generators over every parser a user or a peer feeds (config, scenario,
        // peer batch, residency log) and the deploy/ manifests' consistency.
        .testTarget(
            name: "RegionRobustnessTests",
            dependencies: [
                "RegionCore", "RegionConfigIO", "RegionSimulation", "RegionNet", "RegionAudit", "RegionCompression",
                "RegionTestSupport", .product(name: "Yams", package: "Yams"), .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
        // Real `regiond agent` processes, PostgreSQL and PowerDNS under injected faults
        // (kill -9, partitions, provider outages, hostile peers); scripts/chaos runs the long versions.
        .testTarget(
            name: "RegionChaosTests",
            dependencies: [
                "RegionCore", "RegionConfigIO", "RegionPostgres", "RegionNet", "RegionDNS", "RegionAudit", "RegionTestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict
        ),
    ]
)
