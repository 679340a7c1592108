/// A log line from one template: each `{}` in the text is the next value in decimal, each
/// `{xN}` (N one digit) the next value in upper-case hex of exactly N digits.
///
///     log.line("Error: Socket[{}]: the server does not answer ARP", slot)
///     log.line("cyw43: drop rx: bad frame tag {x4}/{x4}", length, check)
///
/// The same bytes as `text(...).dec(...).hex(...).text(...).end()`, in one call per line: on
/// the kit image each link of such a chain is a call plus a retain and release of the sink
/// (about 22 B), so a line of five links costs ~110 B at its call site and ~30 B as a template.
/// Values are `Int` (32 bits on the kit): a value that may not fit stays a `dec` link; a hex
/// value is its low 32 bits (N <= 8).
extension Log {
    /// Writes `template` with its first, second, third placeholder replaced by `a`, `b`, `c`
    /// (no line end: a chain may go on after it).
    @inline(never) public func fill(_ template: StaticString, _ a: Int, _ b: Int, _ c: Int) {
        template.withUTF8Buffer { t in
            var i = 0, next = 0
            while i < t.count {
                guard t[i] == 0x7B, i + 1 < t.count else {       // "{"
                    sink.write(t[i])
                    i += 1
                    continue
                }
                let v = next == 0 ? a : next == 1 ? b : c
                if t[i + 1] == 0x7D {                            // "{}"
                    dec(v)
                    next += 1
                    i += 2
                } else if t[i + 1] == 0x78, i + 3 < t.count, t[i + 3] == 0x7D {   // "{xN}"
                    hex(UInt64(UInt32(truncatingIfNeeded: v)), digits: Int(t[i + 2] &- 0x30))
                    next += 1
                    i += 4
                } else {
                    sink.write(t[i])
                    i += 1
                }
            }
        }
    }

    /// One whole line of static text, out of line: `Log.line` inlines at every call site (a
    /// call, the sink's line end and a release of the Log each).
    @inline(never) public func say(_ s: StaticString) {
        text(s)
        end()
    }

    /// `fill`, then the line end.
    @inline(never) public func line(_ template: StaticString, _ a: Int, _ b: Int, _ c: Int) {
        fill(template, a, b, c)
        end()
    }

    // Fewer values: overloads, not default arguments (each default is a call of its own at
    // every call site on the kit image).
    @inline(__always) public func fill(_ template: StaticString, _ a: Int) { fill(template, a, 0, 0) }
    @inline(__always) public func fill(_ template: StaticString, _ a: Int, _ b: Int) { fill(template, a, b, 0) }
    @inline(__always) public func line(_ template: StaticString, _ a: Int) { line(template, a, 0, 0) }
    @inline(__always) public func line(_ template: StaticString, _ a: Int, _ b: Int) { line(template, a, b, 0) }
}
