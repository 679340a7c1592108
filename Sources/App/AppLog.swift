import Runtime
import Boards
import CYW43
import Net

/// The C example's serial log lines (docs/tko-offload.md §6.2), in its format.
extension Log {
    // `APP_INFO` / `ERR_INFO` lines start "Info: " / "Error: ": written as part of each line's
    // text (a prefix call of its own was a call, a retain and a release per line on the kit).

    func banner(clearScreen: Bool) {
        if clearScreen { say("Info: \u{1B}[2J\u{1B}[;H") }
        say("Info: =====================================")
        say("Info: CE229926 - WLAN TCP Keepalive Offload")
        say("Info: =====================================")
        end()
    }

    // A text per case: the case's number picks an item of one list (`item(_:of:)`). A call
    // per case was a call plus a retain and release of the sink each on the kit image, and
    // a switch that picks a StaticString becomes a table of pointers in RAM (.data.rel.ro).

    @discardableResult func joinFailure(_ f: JoinFailure) -> Log {
        let n: Int
        switch f {
        case .noNetwork: n = 0
        case .badPassphrase: n = 1
        case .authRejected: n = 2
        case .timeout: n = 3
        }
        return item(n, of: "network not found|wrong passphrase|authentication rejected|timeout")
    }

    /// In `code(_:)`'s order.
    @discardableResult func closeReason(_ r: TcpCloseReason?) -> Log {
        item(Self.code(r) - 1,
             of: "closed by the server|reset by the server|refused|no answer|keepalive timeout|aborted|closed")
    }

    /// Writes item `n` (from 0) of `list`, whose items are separated by "|".
    @inline(never) @discardableResult func item(_ n: Int, of list: StaticString) -> Log {
        list.withUTF8Buffer { t in
            var at = 0
            for b in t {
                if b == 0x7C { at += 1 } else if at == n { sink.write(b) }   // "|"
            }
        }
        return self
    }

    /// The numeric code of the `Socket[i]: ERROR <code>` line.
    static func code(_ r: TcpCloseReason?) -> Int {
        switch r {
        case .normal?: 1
        case .reset?: 2
        case .refused?: 3
        case .timedOut?: 4
        case .keepaliveTimeout?: 5
        case .aborted?: 6
        case nil: 7
        }
    }
}

extension Log {
    @discardableResult func bringUpError(_ e: BringUpError) -> Log {
        let t: StaticString
        switch e {
        case .bus: t = "bus transfer failed"
        case .unknownChip(let id): return text("unknown chip id 0x").hex(UInt64(id), digits: 4)
        case .badFirmwareSize(let n): fill("firmware image missing or too large ({} bytes)", n); return self
        case .badNVRAMSize(let n): fill("NVRAM missing or too large ({} bytes)", n); return self
        case .notFirmware: t = "could not find valid firmware (no \"Version:\" trailer at the image's end)"
        case .firmwareForAnotherChip(let n, let id):
            fill("the firmware image is for chip {}, this chip's id is 0x", Int(n))
            return hex(UInt64(id), digits: 4)
        case .coreNotUp: t = "the chip's ARM core did not start"
        case .htClockTimeout: t = "HT clock timeout"
        case .f2NotReady: t = "F2 not ready (check NVRAM)"
        case .ioctl(let step, _): return text("firmware refused ").text(step)
        default: t = "bring-up failed"
        }
        return text(t)
    }

    @discardableResult func joinStartError(_ e: JoinStartError) -> Log {
        switch e {
        case .notUp: return text("driver not up")
        case .badSSID(let n): fill("SSID must be 1-32 bytes, got {}", n)
        case .badPassphrase(let n): fill("passphrase must be 8-63 characters, got {}", n)
        case .ioctl: return text("firmware refused the security settings")
        }
        return self
    }
}
