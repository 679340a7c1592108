import Runtime
import Boards
import CYW43
import Net

/// The C example's serial log lines (docs/tko-offload.md §6.2), in its format.
extension Log {
    /// `APP_INFO`: "Info: " prefix.
    @discardableResult func info(_ s: StaticString) -> Log { text("Info: ").text(s) }
    /// `ERR_INFO`: "Error: " prefix.
    @discardableResult func error(_ s: StaticString) -> Log { text("Error: ").text(s) }

    func banner(clearScreen: Bool) {
        if clearScreen { text("Info: ").text("\u{1B}[2J\u{1B}[;H").end() }
        line("Info: =====================================")
        line("Info: CE229926 - WLAN TCP Keepalive Offload")
        line("Info: =====================================")
        end()
    }

    @discardableResult func joinFailure(_ f: JoinFailure) -> Log {
        switch f {
        case .noNetwork: text("network not found")
        case .badPassphrase: text("wrong passphrase")
        case .authRejected: text("authentication rejected")
        case .timeout: text("timeout")
        }
        return self
    }

    @discardableResult func closeReason(_ r: TcpCloseReason?) -> Log {
        switch r {
        case .normal?: text("closed by the server")
        case .reset?: text("reset by the server")
        case .refused?: text("refused")
        case .timedOut?: text("no answer")
        case .keepaliveTimeout?: text("keepalive timeout")
        case .aborted?: text("aborted")
        case nil: text("closed")
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
        switch e {
        case .bus: text("bus transfer failed")
        case .unknownChip(let id): text("unknown chip id 0x").hex(UInt64(id), digits: 4)
        case .badFirmwareSize(let n): text("firmware image missing or too large (").dec(n).text(" bytes)")
        case .badNVRAMSize(let n): text("NVRAM missing or too large (").dec(n).text(" bytes)")
        case .notFirmware: text("could not find valid firmware (no \"Version:\" trailer at the image's end)")
        case .firmwareForAnotherChip(let n, let id):
            text("the firmware image is for chip ").dec(Int(n)).text(", this chip's id is 0x").hex(UInt64(id), digits: 4)
        case .coreNotUp: text("the chip's ARM core did not start")
        case .htClockTimeout: text("HT clock timeout")
        case .f2NotReady: text("F2 not ready (check NVRAM)")
        case .ioctl(let step, _): text("firmware refused ").text(step)
        default: text("bring-up failed")
        }
        return self
    }

    @discardableResult func joinStartError(_ e: JoinStartError) -> Log {
        switch e {
        case .notUp: text("driver not up")
        case .badSSID(let n): text("SSID must be 1-32 bytes, got ").dec(n)
        case .badPassphrase(let n): text("passphrase must be 8-63 characters, got ").dec(n)
        case .ioctl: text("firmware refused the security settings")
        }
        return self
    }
}
