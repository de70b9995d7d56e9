// swift-tools-version: 6.1
import PackageDescription

// Upcoming features as in hummingbird's swift-websocket: explicit existentials,
// imports visible only where written, and internal imports unless marked public.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "wslens",
    products: [
        .executable(name: "wslens", targets: ["wslens"]),
        // The decoders, for the fuzz package (Fuzz/Package.swift), which builds them instrumented.
        .library(name: "WSLensDecoders", targets: [
            "WireBytes", "PacketCapture", "PacketDecoding", "TCPReassembly", "HTTPUpgrade", "WebSocketWire", "TLS", "Analysis",
        ]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        // Markdown to HTML for `lesson --format html` (lessons are trusted: Ink passes raw HTML through).
        .package(url: "https://github.com/JohnSundell/Ink", exact: "0.6.0"),
    ],
    targets: [
        // C libraries of the system. Only PacketCapture imports CPcap; CZlib: the inflater, and the gzip
        // reader of PacketCapture (Internals/GzipInflater.swift: gzip'd captures read while streamed).
        .systemLibrary(name: "CPcap", pkgConfig: "libpcap", providers: [.apt(["libpcap-dev"]), .brew(["libpcap"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"]), .brew(["zlib"])]),

        // Leaf: byte helpers, hex, terminal-safe escaping, rules and findings shared by every decoder.
        .target(name: "WireBytes", swiftSettings: strictSettings),
        // libpcap in, CapturedPacket out; the capture writer for crafted captures.
        .target(name: "PacketCapture", dependencies: ["CPcap", "CZlib"], swiftSettings: strictSettings),
        // Link layer, IPv4 (with fragments), IPv6, TCP: pure, fed bytes.
        .target(name: "PacketDecoding", dependencies: ["PacketCapture", "WireBytes"], swiftSettings: strictSettings),
        // Connections, in-order byte streams, gaps, provenance: pure, fed segments.
        .target(name: "TCPReassembly", dependencies: ["PacketDecoding", "WireBytes"], swiftSettings: strictSettings),
        // Incremental HTTP/1.1 parser and the WebSocket opening handshake: pure, fed bytes.
        .target(name: "HTTPUpgrade", dependencies: [
            "WireBytes",
            .product(name: "Crypto", package: "swift-crypto"),
        ], swiftSettings: strictSettings),
        // TLS records, handshake, NSS key logs, TLS 1.3/1.2 key schedules, AEAD record decryption: pure, fed bytes.
        .target(name: "TLS", dependencies: [
            "WireBytes",
            .product(name: "Crypto", package: "swift-crypto"),
        ], swiftSettings: strictSettings),
        // RFC 6455 frames, masking, messages, RFC 7692 inflate, conformance rules: pure, fed bytes.
        .target(name: "WebSocketWire", dependencies: ["WireBytes", "CZlib"], swiftSettings: strictSettings),
        // The pipeline: packets in capture order -> events (handshake, frame, message, finding, gap) and accounting.
        .target(name: "Analysis", dependencies: [
            "PacketCapture", "PacketDecoding", "TCPReassembly", "TLS", "HTTPUpgrade", "WebSocketWire", "WireBytes",
        ], swiftSettings: strictSettings),
        // The string catalog (Resources/Localizable.xcstrings, embedded) and the language to read it in.
        .target(name: "Localization", dependencies: ["BundledResources"], swiftSettings: strictSettings),
        // Renderers: text tables, bit diagrams, masking tables, JSON lines, Markdown. Pure String output.
        .target(name: "Teaching", dependencies: ["Localization", "Analysis", "HTTPUpgrade", "WebSocketWire", "TCPReassembly", "TLS", "PacketDecoding", "PacketCapture", "WireBytes"],
                swiftSettings: strictSettings),
        // HTML pages: the one-file report and lesson pages, with SVG ladders and charts; one HTML writer, two escapes.
        .target(name: "Pages", dependencies: ["Teaching", "Localization", "Analysis", "HTTPUpgrade", "WebSocketWire", "TCPReassembly", "PacketDecoding",
                                              "PacketCapture", "WireBytes", .product(name: "Ink", package: "Ink")],
                swiftSettings: strictSettings),
        // Builds Ethernet/IP/TCP packets for crafted captures (tests, seed examples, benchmarks).
        .target(name: "CaptureCrafting", dependencies: ["PacketCapture", "PacketDecoding", "WireBytes", "CZlib",
                                                  .product(name: "Crypto", package: "swift-crypto")], swiftSettings: strictSettings),
        // Writes the crafted captures in Captures/ (seed examples, RFC examples, rule triggers).
        .executableTarget(name: "craft-captures", dependencies: ["CaptureCrafting", "PacketCapture", "PacketDecoding", "WireBytes"],
                          swiftSettings: strictSettings),
        // Writes large deterministic captures for Benchmarks/ with the capture writer.
        .executableTarget(name: "benchmark-captures", dependencies: ["CaptureCrafting", "PacketCapture", "PacketDecoding", "WireBytes"],
                          swiftSettings: strictSettings),
        // The lessons, the captures they use and text resources, compiled into the binary (see the plugin).
        .target(name: "BundledResources", plugins: ["EmbedResources"]),
        .executableTarget(name: "embed-resources", swiftSettings: strictSettings),
        .plugin(name: "EmbedResources", capability: .buildTool(), dependencies: ["embed-resources"]),
        // The CLI: thin commands over Analysis and Teaching.
        .executableTarget(name: "wslens", dependencies: [
            "Analysis", "Teaching", "Pages", "Localization", "PacketCapture", "TLS", "WebSocketWire", "WireBytes", "BundledResources",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ], swiftSettings: strictSettings),

        // What tests share: external tools (tshark, chromium, network namespaces) and how to skip them,
        // and the programs a test starts and watches (live capture).
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "WireBytesTests", dependencies: ["WireBytes"]),
        .testTarget(name: "LocalizationTests", dependencies: ["Localization", "TestSupport"]),
        .testTarget(name: "PacketCaptureTests", dependencies: ["PacketCapture", "CaptureCrafting", "TestSupport"],
                    exclude: ["Fixtures"]),   // captures, a key log and the live peer, read from disk by path
        .testTarget(name: "PacketDecodingTests", dependencies: ["PacketDecoding", "CaptureCrafting"]),
        .testTarget(name: "TCPReassemblyTests", dependencies: ["TCPReassembly", "PacketDecoding", "CaptureCrafting"]),
        .testTarget(name: "TLSTests", dependencies: [
            "TLS", "WireBytes", "TCPReassembly", "PacketDecoding", "PacketCapture", "TestSupport",
            "Teaching", "Localization",   // the findings' words in English and German (FindingWordsTests)
            .product(name: "Crypto", package: "swift-crypto"),   // seals the records of crafted sessions
        ], resources: [.copy("Fixtures")]),
        .testTarget(name: "HTTPUpgradeTests", dependencies: ["HTTPUpgrade", "WireBytes", "CaptureCrafting"]),
        .testTarget(name: "WebSocketWireTests", dependencies: ["WebSocketWire", "WireBytes", "CZlib", "CaptureCrafting"]),
        .testTarget(name: "AnalysisTests", dependencies: ["Analysis", "CaptureCrafting", "PacketCapture", "PacketDecoding", "HTTPUpgrade", "WebSocketWire", "TLS", "WireBytes"]),
        .testTarget(name: "TeachingTests", dependencies: ["Teaching", "Localization", "Analysis", "WebSocketWire", "HTTPUpgrade", "TLS",
                                                        "TCPReassembly", "WireBytes", "CaptureCrafting", "PacketCapture", "PacketDecoding"]),
        .testTarget(name: "PagesTests", dependencies: ["Pages", "Teaching", "Analysis", "WebSocketWire", "WireBytes", "CaptureCrafting", "PacketCapture"]),
        .testTarget(name: "wslensTests", dependencies: ["wslens", "Analysis", "CaptureCrafting", "PacketCapture", "PacketDecoding", "Teaching", "WireBytes",
                                                        "TestSupport"],
                    exclude: ["Snapshots"]),   // golden files, read from disk by path
    ],
    swiftLanguageModes: [.v6]
)
