import Foundation
import Testing
import WireBytes

/// The known-answer vectors of `Tests/Fixtures/wire-vectors.json` (the seminar's documents and the
/// RFCs; Tests/Fixtures/README.md names the sources), read at test time.
struct WireVectors {
    struct Masking { let text: String; let unmasked: [UInt8]; let key: [UInt8]; let masked: [UInt8] }
    struct Frame {
        let source: String
        let bytes: [UInt8]
        let isHeaderOnly: Bool
        let fin: Bool
        let opcode: UInt8
        let masked: Bool
        let maskingKey: [UInt8]?
        let payload: [UInt8]?
        let payloadLength: UInt64?
        let closeCode: UInt16?
    }
    struct Deflate { let source: String; let frames: [[UInt8]]; let messages: [String] }
    struct CloseCode { let code: UInt16; let name: String; let onWire: Bool }

    let masking: [Masking]
    let frames: [Frame]
    let deflate: [Deflate]
    let closeCodes: [CloseCode]
    let overhead: [(what: String, bytes: Int)]

    static let fileURL: URL = {
        // Tests/WebSocketWireTests/Support/WireVectors.swift -> <repo>/Tests/Fixtures/wire-vectors.json.
        // Symlinks are resolved so a sandbox package that links this folder finds the same file.
        let here = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        return here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/wire-vectors.json")
    }()

    static func load() throws -> WireVectors {
        guard let data = FileManager.default.contents(atPath: fileURL.path) else {
            Issue.record("Known-answer vectors missing: expected \(fileURL.path)")
            throw VectorError.missing(fileURL.path)
        }
        guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw VectorError.malformed("top level is not an object")
        }
        func hex(_ value: Any?) throws -> [UInt8] {
            guard let text = value as? String, let bytes = Hex.decode(text) else { throw VectorError.malformed("bad hex \(String(describing: value))") }
            return bytes
        }
        let masking = try (root["masking"] as? [[String: Any]] ?? []).map {
            Masking(text: $0["text"] as? String ?? "", unmasked: try hex($0["unmasked"]), key: try hex($0["key"]),
                    masked: try hex($0["masked"]))
        }
        let frames = try (root["frames"] as? [[String: Any]] ?? []).map { entry -> Frame in
            let headerOnly = entry["headerBytes"] != nil
            return Frame(
                source: entry["source"] as? String ?? "",
                bytes: try hex(headerOnly ? entry["headerBytes"] : entry["bytes"]),
                isHeaderOnly: headerOnly,
                fin: entry["fin"] as? Bool ?? false,
                opcode: UInt8((entry["opcode"] as? Int) ?? -1),
                masked: entry["masked"] as? Bool ?? false,
                maskingKey: try entry["maskingKey"].map { try hex($0) },
                payload: try entry["payload"].map { try hex($0) },
                payloadLength: (entry["payloadLength"] as? Int).map(UInt64.init),
                closeCode: (entry["closeCode"] as? Int).map(UInt16.init))
        }
        let deflate = try (root["permessageDeflate"] as? [[String: Any]] ?? []).map { entry -> Deflate in
            let messages = (entry["messages"] as? [String]) ?? [(entry["message"] as? String) ?? ""]
            return Deflate(source: entry["source"] as? String ?? "",
                           frames: try (entry["frames"] as? [String] ?? []).map { try hex($0) }, messages: messages)
        }
        let closeCodes = (root["closeCodes"] as? [[String: Any]] ?? []).map {
            CloseCode(code: UInt16($0["code"] as? Int ?? 0), name: $0["name"] as? String ?? "",
                      onWire: $0["onWire"] as? Bool ?? true)
        }
        let overhead = (root["overhead"] as? [[String: Any]] ?? []).map {
            (what: $0["what"] as? String ?? "", bytes: $0["bytes"] as? Int ?? 0)
        }
        guard !masking.isEmpty, !frames.isEmpty, !deflate.isEmpty, !closeCodes.isEmpty else {
            throw VectorError.malformed("a section is empty")
        }
        return WireVectors(masking: masking, frames: frames, deflate: deflate, closeCodes: closeCodes, overhead: overhead)
    }

    enum VectorError: Error, CustomStringConvertible {
        case missing(String)
        case malformed(String)

        var description: String {
            switch self {
            case .missing(let path): return "wire-vectors.json not found at \(path)"
            case .malformed(let why): return "wire-vectors.json is malformed: \(why)"
            }
        }
    }
}
