import Testing
@testable import Runtime

/// Log's formatting: every integer type through `dec`, and `ascii` for contiguous storage
/// (the raw-buffer path the generic form forwards to) and for a collection without it.
struct LogTests {
    private func line(_ build: (Log) -> Void) -> String {
        let buffer = LineBuffer()
        let log = Log(buffer)
        build(log)
        log.end()
        return String(decoding: buffer.lines.last ?? [], as: UTF8.self)
    }

    @Test func decFormatsEveryIntegerType() {
        #expect(line { $0.dec(Int8.min).text(" ").dec(Int16(-300)).text(" ").dec(Int32.max) } == "-128 -300 2147483647")
        #expect(line { $0.dec(Int64.min) } == "-9223372036854775808")
        #expect(line { $0.dec(UInt64.max).text(" ").dec(UInt8(0)).text(" ").dec(UInt16(65535)) } == "18446744073709551615 0 65535")
        #expect(line { $0.dec(-1).text(" ").dec(UInt(7)) } == "-1 7")
    }

    @Test func asciiStopsAtNulAndMasksNonPrintable() {
        let bytes: [UInt8] = [0x41, 0x09, 0x7F, 0x42, 0x00, 0x43]
        #expect(line { $0.ascii(bytes) } == "A..B")
        #expect(line { log in _ = bytes.withUnsafeBytes { log.ascii($0) } } == "A..B")
        #expect(line { log in _ = bytes.withUnsafeBufferPointer { log.ascii($0) } } == "A..B")
        #expect(line { $0.ascii(bytes[1...]) } == "..B")
        // No contiguous storage: the generic loop.
        #expect(line { $0.ascii(bytes.lazy.map { $0 }) } == "A..B")
        #expect(line { $0.ascii([UInt8]()).text("|") } == "|")
    }

    @Test func aTemplateWritesDecimalAndFixedWidthHexLikeTheChain() {
        #expect(line { $0.fill("a {} b {x4}/{x4} c", -7, 0x10, 0xFFEF) }
                == line { $0.text("a ").dec(-7).text(" b ").hex(0x10, digits: 4).text("/").hex(0xFFEF, digits: 4).text(" c") })
        // N digits exactly: the low ones of a wider value; a value's low 32 bits as UInt32.
        #expect(line { $0.fill("{x4} {x8} {x5}", 0x12345, -1, 0x1000E) } == "2345 FFFFFFFF 1000E")
        // A "{" that opens no placeholder is text.
        #expect(line { $0.fill("{ {y} {x}", 1) } == "{ {y} {x}")
    }
}
