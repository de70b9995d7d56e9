// swift-tools-version: 6.1
// libFuzzer targets for wslens, kept apart from the main package so its normal build and tests never
// see them. They depend on the main package's decoders (its WSLensDecoders product): the fuzzers
// build the very same code, instrumented. Build and run with ./run-fuzzers.sh SECONDS (see README.md).
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]
let decoders = Target.Dependency.product(name: "WSLensDecoders", package: "wslens")

let package = Package(
    name: "wslens-fuzz",
    dependencies: [
        .package(name: "wslens", path: ".."),
    ],
    targets: [
        // The hand-over to libFuzzer's driver, shared by the targets.
        .target(name: "FuzzSupport", dependencies: [decoders], swiftSettings: strict),
        // One executable per fuzz target; libFuzzer supplies main (built with -parse-as-library).
        .executableTarget(name: "FuzzWebSocket", dependencies: [decoders, "FuzzSupport"], swiftSettings: strict),
        .executableTarget(name: "FuzzHTTP", dependencies: [decoders, "FuzzSupport"], swiftSettings: strict),
        .executableTarget(name: "FuzzTCP", dependencies: [decoders, "FuzzSupport"], swiftSettings: strict),
        .executableTarget(name: "FuzzPipeline", dependencies: [decoders, "FuzzSupport"], swiftSettings: strict),
        .executableTarget(name: "FuzzTLS", dependencies: [decoders, "FuzzSupport"], swiftSettings: strict),
        .executableTarget(name: "FuzzKeyLog", dependencies: [decoders, "FuzzSupport"], swiftSettings: strict),
        .executableTarget(name: "FuzzPcapngSecrets", dependencies: [decoders, "FuzzSupport"], swiftSettings: strict),
    ],
    swiftLanguageModes: [.v6]
)
