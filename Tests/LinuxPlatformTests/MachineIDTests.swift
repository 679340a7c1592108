import Testing
@testable import LinuxPlatform

/// /etc/machine-id as machine-id(5) documents it: 32 hex digits and a newline.
@Suite struct MachineIDTests {
    let file = Array("0123456789abcdef0123456789abcdef\n".utf8)

    @Test func aValidFileGivesAnIdThatIsNotTheMachineIdItself() {
        let id = MachineID.derive(fromFile: file)
        #expect(id != nil)
        #expect(id == MachineID.derive(fromFile: Array(file.dropLast())))          // newline optional
        #expect(id == MachineID.derive(fromFile: Array("0123456789ABCDEF0123456789ABCDEF".utf8)))
        // Neither half of the raw id shows through.
        #expect(id != 0x0123_4567_89AB_CDEF && id != 0xEFCD_AB89_6745_2301)
        #expect(MachineID.derive(fromFile: Array("0123456789abcdef0123456789abcdee\n".utf8)) != id)
    }

    @Test func badFilesGiveNoId() {
        #expect(MachineID.derive(fromFile: []) == nil)
        #expect(MachineID.derive(fromFile: Array("uninitialized\n".utf8)) == nil)
        #expect(MachineID.derive(fromFile: Array("0123456789abcdef0123456789abcde\n".utf8)) == nil)   // 31 digits
        #expect(MachineID.derive(fromFile: Array("0123456789abcdef0123456789abcdeg\n".utf8)) == nil)  // not hex
        #expect(MachineID.derive(fromFile: Array(String(repeating: "0", count: 32).utf8)) == nil)
    }

    @Test func fnv1aKnownVectors() {
        // The FNV reference values for "a" and "foobar".
        #expect(MachineID.fnv1a(Array("a".utf8)) == 0xAF63_DC4C_8601_EC8C)
        #expect(MachineID.fnv1a(Array("foobar".utf8)) == 0x8594_4171_F739_67E8)
    }
}
