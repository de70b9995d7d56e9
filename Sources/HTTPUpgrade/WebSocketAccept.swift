internal import Crypto

/// The Sec-WebSocket-Accept computation (RFC 6455 section 4.2.2, item 5.4), step by step so that
/// each step can be shown: the key, key + GUID, the SHA-1 digest, its base64.
///
/// - Important: SHA-1 is used only because RFC 6455 section 4.2.2 prescribes it for this value.
///   The accept key proves that the server understood the WebSocket handshake; it is not a
///   security mechanism, and SHA-1 must not be used for anything that needs collision resistance.
public enum WebSocketAccept {
    /// The GUID that RFC 6455 section 1.3 appends to every key.
    public static let guid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"

    public struct Derivation: Sendable, Hashable {
        /// The Sec-WebSocket-Key value, as sent.
        public var key: String
        /// Step 1: the key with the GUID appended.
        public var keyWithGUID: String
        /// Step 2: SHA-1 of `keyWithGUID` as ASCII bytes (20 bytes).
        public var sha1Digest: [UInt8]
        /// Step 3: `sha1Digest` in base64, the value Sec-WebSocket-Accept must hold.
        public var accept: String
    }

    /// Derives the accept value for `key`. The key is used exactly as given: the server hashes the
    /// header value, whether or not it decodes to 16 bytes.
    public static func derive(key: String) -> Derivation {
        // Written into a string of the right size at once (`+` grows the key's storage instead).
        let keyWithGUID = key.withUTF8Bytes { key in
            guid.withUTF8Bytes { guid in
                String(unsafeUninitializedCapacity: key.count + guid.count) { buffer in
                    _ = buffer.initialize(fromContentsOf: key)
                    _ = buffer[key.count...].initialize(fromContentsOf: guid)
                    return key.count + guid.count
                }
            }
        }
        // Hashed from the string's own bytes, and the digest read out in one copy.
        var sha1 = Insecure.SHA1()
        keyWithGUID.withUTF8Bytes { sha1.update(bufferPointer: UnsafeRawBufferPointer($0)) }
        let digest = sha1.finalize().withUnsafeBytes { Array($0) }
        return Derivation(key: key, keyWithGUID: keyWithGUID, sha1Digest: digest, accept: Base64.encode(digest))
    }

    /// The bytes a Sec-WebSocket-Key carries: nil unless it is well-formed base64. A valid key
    /// decodes to exactly 16 bytes (RFC 6455 section 4.1, item 7).
    public static func decodeKey(_ key: String) -> [UInt8]? {
        Base64.decode(key)
    }
}
