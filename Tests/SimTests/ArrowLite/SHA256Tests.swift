import ArrowLite
import Testing

@Suite struct SHA256Tests {
    @Test("SHA-256 matches the FIPS 180-4 test vectors, whole and fed in pieces")
    func vectors() {
        #expect(SHA256.hex(Array("".utf8)) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let long = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(SHA256.hex(long) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        var pieces = SHA256()
        for chunk in stride(from: 0, to: long.count, by: 7) {
            pieces.update(Array(long[chunk..<min(chunk + 7, long.count)]))
        }
        #expect(pieces.finalizeHex() == SHA256.hex(long))
        let million = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(SHA256.hex(million) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }
}
