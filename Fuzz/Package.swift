// swift-tools-version: 6.1
// libFuzzer targets for wslens, kept apart from the main package so its normal build and tests never
// see them. Sources/<Module> are symlinks to ../../Sources/<Module>: the fuzzers build the very same
// decoder code, instrumented. Build and run with ./run-fuzzers.sh SECONDS (see README.md).
import PackageDescription

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "wslens-fuzz",
    dependencies: [
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
    ],
    targets: [
        .systemLibrary(name: "CPcap", pkgConfig: "libpcap", providers: [.apt(["libpcap-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "WireBytes", swiftSettings: strict),
        .target(name: "PacketCapture", dependencies: ["CPcap", "CZlib"], swiftSettings: strict),
        .target(name: "PacketDecoding", dependencies: ["PacketCapture", "WireBytes"], swiftSettings: strict),
        .target(name: "TCPReassembly", dependencies: ["PacketDecoding", "WireBytes"], swiftSettings: strict),
        .target(name: "HTTPUpgrade", dependencies: ["WireBytes", .product(name: "Crypto", package: "swift-crypto")], swiftSettings: strict),
        .target(name: "WebSocketWire", dependencies: ["WireBytes", "CZlib"], swiftSettings: strict),
        .target(name: "Analysis", dependencies: [
            "PacketCapture", "PacketDecoding", "TCPReassembly", "HTTPUpgrade", "WebSocketWire", "WireBytes",
        ], swiftSettings: strict),
        // The hand-over to libFuzzer's driver, shared by the targets.
        .target(name: "FuzzSupport", swiftSettings: strict),
        // One executable per fuzz target; libFuzzer supplies main (built with -parse-as-library).
        .executableTarget(name: "FuzzWebSocket", dependencies: ["WebSocketWire", "WireBytes", "FuzzSupport"], swiftSettings: strict),
        .executableTarget(name: "FuzzHTTP", dependencies: ["HTTPUpgrade", "WireBytes", "FuzzSupport"], swiftSettings: strict),
        .executableTarget(name: "FuzzTCP", dependencies: ["TCPReassembly", "PacketDecoding", "PacketCapture", "WireBytes", "FuzzSupport"],
                          swiftSettings: strict),
        .executableTarget(name: "FuzzPipeline", dependencies: ["Analysis", "PacketCapture", "FuzzSupport"], swiftSettings: strict),
        .executableTarget(name: "FuzzPcapngSecrets", dependencies: ["PacketCapture", "FuzzSupport"], swiftSettings: strict),
    ],
    swiftLanguageModes: [.v6]
)
