import Runtime

/// Why a board file was rejected. Every case names the key, and the 1-based line where
/// the text has one. Values (which may be a passphrase) are never carried or logged.
public enum BoardConfigError: Error, Equatable, Sendable {
    /// The line is neither blank, a `#` comment, nor `key = value`.
    case malformedLine(line: Int)
    /// The key is not one Boards/README.md lists.
    case unknownKey(line: Int)
    /// The key appeared before, on another line.
    case duplicateKey(line: Int, key: BoardKey)
    /// Not a pin (`P2_6`, `gpiochip0:25`, `irq:1`, `none`).
    case badPin(line: Int, key: BoardKey)
    /// Not a dotted-quad IPv4 address, or 0.0.0.0 / broadcast / multicast where a host is needed.
    case badIPv4(line: Int, key: BoardKey)
    /// Not a number, or outside the key's range.
    case badNumber(line: Int, key: BoardKey)
    /// Not one of the key's words.
    case badChoice(line: Int, key: BoardKey)
    /// Empty, too long, or not printable ASCII.
    case badText(line: Int, key: BoardKey)
    /// Not `<local port> -> <ipv4>:<remote port>` (ports 1...65535) or `none`.
    case badSocket(line: Int, key: BoardKey)
    /// Not a filter rule (PacketFilterRule's syntax).
    case badFilter(line: Int, key: BoardKey)
    /// A required key is absent.
    case missingField(key: BoardKey)
    /// Each value is fine but the combination is not.
    case invalid(line: Int, key: BoardKey, problem: BoardConfigProblem)

    /// The line the error is about (0 when the key is absent).
    public var line: Int {
        switch self {
        case .malformedLine(let l), .unknownKey(let l): l
        case .duplicateKey(let l, _), .badPin(let l, _), .badIPv4(let l, _), .badNumber(let l, _),
             .badChoice(let l, _), .badText(let l, _), .badSocket(let l, _), .badFilter(let l, _),
             .invalid(let l, _, _): l
        case .missingField: 0
        }
    }

    /// Writes one line, e.g. `board.conf line 12: bad pin for key host_wake.pin`.
    public func log(to log: Log) {
        switch self {
        case .missingField(let key):
            log.text("board.conf: missing field ").text(key.name).end()
            return
        case .malformedLine:
            log.text("board.conf line ").dec(line).text(": expected key = value").end()
            return
        case .unknownKey:
            log.text("board.conf line ").dec(line).text(": unknown key").end()
            return
        default: break
        }
        log.text("board.conf line ").dec(line).text(": ")
        var key = BoardKey.kit
        switch self {
        case .duplicateKey(_, let k): log.text("duplicate key "); key = k
        case .badPin(_, let k): log.text("bad pin for key "); key = k
        case .badIPv4(_, let k): log.text("bad IPv4 address for key "); key = k
        case .badNumber(_, let k): log.text("bad number for key "); key = k
        case .badChoice(_, let k): log.text("unknown value for key "); key = k
        case .badText(_, let k): log.text("bad text for key "); key = k
        case .badSocket(_, let k): log.text("bad socket for key "); key = k
        case .badFilter(_, let k): log.text("bad filter for key "); key = k
        case .invalid(_, let k, let p): log.text(p.text).text(" at key "); key = k
        case .missingField, .malformedLine, .unknownKey: break
        }
        log.text(key.name).end()
    }
}

/// Cross-field problems found by validation.
public enum BoardConfigProblem: Hashable, Sendable {
    /// `transport` cannot carry `bus` (sdhc/udb need sdio, spidev needs gspi).
    case transportCannotCarryBus
    /// The pin's kind does not fit the transport (PSoC pins on a PSoC kit, gpiochip lines
    /// with spidev, irq lines with the chip model).
    case pinKindMismatch
    /// Host-wake must be wired: LPA warns that host-wake without a pin hangs the system
    /// (docs/tko-offload.md §5.2).
    case hostWakeRequired
    /// A passphrase must be 8...63 characters (WCM's check, docs/tko-offload.md §6.2 step 3).
    case passphraseLength
    /// Two keepalive sockets use the same local port.
    case duplicateLocalPort
    /// Packet filters mix `keep` and `discard`: the firmware has one filter mode.
    case mixedFilterActions

    /// What is wrong, in a few words (no value).
    public var text: StaticString {
        switch self {
        case .transportCannotCarryBus: "transport cannot carry this bus"
        case .pinKindMismatch: "pin kind does not fit the transport"
        case .hostWakeRequired: "host-wake pin required"
        case .passphraseLength: "passphrase must be 8 to 63 characters"
        case .duplicateLocalPort: "duplicate local port"
        case .mixedFilterActions: "filters mix keep and discard"
        }
    }
}
