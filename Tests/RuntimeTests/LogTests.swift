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
}
