/// Where log bytes go: the UART on a board, stdout on Linux, a buffer in tests.
/// Class-bound so `any LogSink` is legal in Embedded Swift.
public protocol LogSink: AnyObject {
    /// Writes one byte of a line; `\n` (0x0A) ends the line.
    func write(_ byte: UInt8)
}

/// Formats one log line from static text, integers, addresses and raw ASCII, without
/// `String` (string interpolation costs ~20 KB of flash on the MCU; docs/build-recipes.md §3).
///
///     log.text("WLAN MAC Address : ").mac(mac).end()
///
/// Never pass a secret (passphrase, PMK) to a log.
public struct Log {
    public let sink: any LogSink

    public init(_ sink: any LogSink) { self.sink = sink }

    /// Static text.
    @discardableResult public func text(_ s: StaticString) -> Log {
        s.withUTF8Buffer { for b in $0 { sink.write(b) } }
        return self
    }

    /// One whole line of static text.
    public func line(_ s: StaticString) { text(s).end() }

    /// Raw ASCII bytes (e.g. a firmware version string); stops at the first NUL and
    /// replaces non-printable bytes with '.'.
    /// (Contiguous collections inline into a call to the raw-buffer form: no copy per type.)
    @inline(__always) @discardableResult public func ascii<C: Collection>(_ bytes: C) -> Log where C.Element == UInt8 {
        if let done = bytes.withContiguousStorageIfAvailable({ ascii(UnsafeRawBufferPointer($0)) }) { return done }
        for b in bytes {
            if b == 0 { break }
            sink.write(b >= 0x20 && b < 0x7F ? b : 0x2E)
        }
        return self
    }

    /// Raw ASCII bytes from memory (see `ascii(_:)` above).
    @inline(never) @discardableResult public func ascii(_ bytes: UnsafeRawBufferPointer) -> Log {
        for b in bytes {
            if b == 0 { break }
            sink.write(b >= 0x20 && b < 0x7F ? b : 0x2E)
        }
        return self
    }

    /// A signed decimal integer.
    /// (Inlined into a call to one non-generic function: no copy per integer type.)
    @inline(__always) @discardableResult public func dec<T: BinaryInteger>(_ value: T) -> Log {
        if T.isSigned { return sdec(Int64(value)) }
        return udec(UInt64(value))
    }

    @inline(never) @discardableResult func sdec(_ value: Int64) -> Log {
        if value < 0 {
            sink.write(0x2D)
            return udec(UInt64(truncatingIfNeeded: 0 &- value))
        }
        return udec(UInt64(value))
    }

    /// An unsigned decimal integer, zero-padded to at least `width` digits.
    @discardableResult public func udec(_ value: UInt64, width: Int = 1) -> Log {
        var digits: (UInt64, Int) = (value, 0)
        var buf: InlineArray<20, UInt8> = .init(repeating: 0)
        repeat {
            buf[digits.1] = UInt8(truncatingIfNeeded: digits.0 % 10) + 0x30
            digits.0 /= 10
            digits.1 += 1
        } while digits.0 != 0 && digits.1 < 20
        var pad = width - digits.1
        while pad > 0 { sink.write(0x30); pad -= 1 }
        var i = digits.1
        while i > 0 { i -= 1; sink.write(buf[i]) }
        return self
    }

    /// Upper-case hex, exactly `digits` digits (no prefix).
    @discardableResult public func hex(_ value: UInt64, digits: Int) -> Log {
        var shift = (digits - 1) * 4
        while shift >= 0 {
            let nibble = UInt8(truncatingIfNeeded: (value >> UInt64(shift)) & 0xF)
            sink.write(nibble < 10 ? 0x30 + nibble : 0x37 + nibble)
            shift -= 4
        }
        return self
    }

    /// A MAC address as `AA:BB:CC:DD:EE:FF` (the C example's format).
    @discardableResult public func mac<C: Collection>(_ bytes: C) -> Log where C.Element == UInt8 {
        var first = true
        for b in bytes {
            if !first { sink.write(0x3A) }
            first = false
            hex(UInt64(b), digits: 2)
        }
        return self
    }

    /// An IPv4 address given as a host-order UInt32 (first octet in the top byte).
    @discardableResult public func ipv4(_ address: UInt32) -> Log {
        udec(UInt64(address >> 24)); sink.write(0x2E)
        udec(UInt64((address >> 16) & 0xFF)); sink.write(0x2E)
        udec(UInt64((address >> 8) & 0xFF)); sink.write(0x2E)
        return udec(UInt64(address & 0xFF))
    }

    /// Ends the line.
    public func end() { sink.write(0x0A) }
}

/// A sink that keeps every completed line (tests, the simulation's serial console).
public final class LineBuffer: LogSink {
    public private(set) var lines: [[UInt8]] = []
    private var current: [UInt8] = []
    public init() {}
    public func write(_ byte: UInt8) {
        if byte == 0x0A { lines.append(current); current.removeAll(keepingCapacity: true) } else { current.append(byte) }
    }
    /// Forgets every line kept so far.
    public func clear() { lines.removeAll(); current.removeAll() }
}
