import Runtime

/// A log line from one template: each `{}` in the text is the next value, in decimal.
///
///     log.line("Error: Socket[{}]: the server does not answer ARP", slot)
///
/// The same bytes as `text(...).dec(...).text(...).end()`, in one call per line: on the kit
/// image each link of such a chain is a call plus a retain and release of the sink (about
/// 22 B), so a line of five links costs ~110 B at its call site and ~30 B as a template.
/// Values are `Int` (32 bits on the kit): a value that may not fit stays a `dec` link.
extension Log {
    /// Writes `template` with its first, second, third `{}` replaced by `a`, `b`, `c` (no
    /// line end: a chain may go on after it).
    @inline(never) func fill(_ template: StaticString, _ a: Int, _ b: Int, _ c: Int) {
        template.withUTF8Buffer { t in
            var i = 0, next = 0
            while i < t.count {
                if t[i] == 0x7B, i + 1 < t.count, t[i + 1] == 0x7D {   // "{}"
                    dec(next == 0 ? a : next == 1 ? b : c)
                    next += 1
                    i += 2
                } else {
                    sink.write(t[i])
                    i += 1
                }
            }
        }
    }

    /// One whole line of static text, out of line: `Log.line` inlines at every call site (a
    /// call, the sink's line end and a release of the Log each).
    @inline(never) func say(_ s: StaticString) {
        text(s)
        end()
    }

    /// `fill`, then the line end.
    @inline(never) func line(_ template: StaticString, _ a: Int, _ b: Int, _ c: Int) {
        fill(template, a, b, c)
        end()
    }

    // Fewer values: overloads, not default arguments (each default is a call of its own at
    // every call site on the kit image).
    @inline(__always) func fill(_ template: StaticString, _ a: Int) { fill(template, a, 0, 0) }
    @inline(__always) func fill(_ template: StaticString, _ a: Int, _ b: Int) { fill(template, a, b, 0) }
    @inline(__always) func line(_ template: StaticString, _ a: Int) { line(template, a, 0, 0) }
    @inline(__always) func line(_ template: StaticString, _ a: Int, _ b: Int) { line(template, a, b, 0) }
}
