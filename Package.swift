// swift-tools-version:6.1
// ChargeTerm: a full-screen terminal client for the be.ENERGISED EV-charging GraphQL API.
//
// Layers (arrows point down only):   chargeterm → ChargeTUI → ChargeViewModels → ChargeCore
// The stand-in server ChargeSandbox shares nothing with the client but the schema file
// (ChargeSchema, a resource-only module).
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

/// The client's GraphQL documents, Sources/ChargeCore/Operations/NAME.graphql.
let clientOperations = [
    "InitSession", "RefreshSession", "Contact", "StationsPage", "Station", "Cards",
    "AttemptRemoteStart", "RemoteStartAttemptStatus", "RemoteStart", "RemoteStop", "Chargelog",
    "Chargelogs", "Documents", "Document", "ContractRateOptions", "ContractPaymentMethods",
    "CreateSepaContract", "CreatePostpaidContract",
]

let package = Package(
    name: "ChargeTerm",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "chargeterm", targets: ["chargeterm"]),
        .executable(name: "chargeterm-sandbox", targets: ["chargeterm-sandbox"]),
        .library(name: "ChargeCore", targets: ["ChargeCore"]),
        .library(name: "ChargeSandbox", targets: ["ChargeSandbox"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/GraphQLSwift/GraphQL", from: "4.3.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        // MARK: system libraries
        .systemLibrary(
            name: "CNCursesW",
            path: "Modulemaps/CNCursesW",
            pkgConfig: "ncursesw",
            providers: [.apt(["libncursesw5-dev"])]
        ),
        .systemLibrary(
            name: "CQREncode",
            path: "Modulemaps/CQREncode",
            pkgConfig: "libqrencode",
            providers: [.apt(["libqrencode-dev"])]
        ),

        // MARK: the schema file, the only thing client and sandbox share
        .target(
            name: "ChargeSchema",
            // Embedded in the code, not copied into a bundle beside the binary: the shipped
            // binary is one file, and Bundle.module traps when the bundle is missing.
            resources: [.embedInCode("schema.graphql")],
            swiftSettings: swiftSettings
        ),

        // Restores the terminal if the process dies of a fatal signal (C: signal-safe).
        .target(name: "CTerminalGuard"),

        // MARK: client layers
        .target(
            name: "ChargeCore",
            dependencies: [
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            // Each document embedded in the code (one file shipped; see ChargeSchema); a
            // document missing here fails to compile in APIOperation.
            resources: clientOperations.map { .embedInCode("Operations/\($0).graphql") },
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ChargeViewModels",
            dependencies: ["ChargeCore"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ChargeTUI",
            dependencies: ["ChargeViewModels", "CNCursesW", "CQREncode", "CTerminalGuard"],
            swiftSettings: swiftSettings
        ),

        // MARK: the stand-in server
        .target(
            name: "ChargeSandbox",
            dependencies: [
                "ChargeSchema",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "GraphQL", package: "GraphQL"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: the executables (thin)
        // The client. It does not link the sandbox: with no endpoint given it starts
        // `chargeterm-sandbox` beside it as a child process (PERFORMANCE.md, P5).
        .executableTarget(
            name: "chargeterm",
            dependencies: [
                "ChargeCore", "ChargeViewModels", "ChargeTUI", "ChargeSchema",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                // `doctor` validates the app's operations against a tenant's schema.
                .product(name: "GraphQL", package: "GraphQL"),
            ],
            // BuildStamp.generated.swift: written by scripts/build-release (see BuildInfo).
            swiftSettings: swiftSettings
        ),

        // The stand-in server on its own (also reached as `chargeterm sandbox`).
        .executableTarget(
            name: "chargeterm-sandbox",
            dependencies: [
                "ChargeSandbox",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: benchmarks (numbers, never timed unit tests)
        .executableTarget(
            name: "charge-bench",
            dependencies: [
                "ChargeCore", "ChargeSandbox", "ChargeViewModels", "ChargeTUI", "ChargeTestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/ChargeBench",
            swiftSettings: swiftSettings
        ),

        // MARK: tests
        .target(
            name: "ChargeTestSupport",
            dependencies: [
                "ChargeSandbox", "ChargeCore", "ChargeViewModels", "ChargeTUI",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/ChargeTestSupport",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ChargeSandboxTests",
            dependencies: [
                "ChargeSandbox", "ChargeTestSupport", "ChargeSchema",
                .product(name: "GraphQL", package: "GraphQL"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                // The /graphql middleware, in process (no socket).
                .product(name: "HummingbirdTesting", package: "hummingbird"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ChargeCoreTests",
            dependencies: [
                "ChargeCore", "ChargeTestSupport", "ChargeSchema",
                .product(name: "GraphQL", package: "GraphQL"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ChargeViewModelsTests",
            dependencies: ["ChargeViewModels", "ChargeTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ChargeTUITests",
            dependencies: ["ChargeTUI", "ChargeViewModels", "ChargeTestSupport"],
            swiftSettings: swiftSettings
        ),
    ]
)
