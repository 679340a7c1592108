/// SDIO enumeration on the card side (docs/cyw43-bus.md §2.7 step 0): CMD0, CMD5, CMD3, CMD7 as
/// the host controller issues them before any CMD52, and the host's data-bus width.
extension ChipModel {
    /// One bus command other than CMD52/CMD53. Returns the response's 32-bit argument field, or
    /// nil when the card does not respond (CMD0 never has a response):
    /// - CMD5 (IO_SEND_OP_COND): R4 = bit 31 C (I/O ready), bits 30..28 I/O functions (2: F1,
    ///   F2), bit 27 memory present (0), bits 23..0 the I/O OCR (2.7-3.6 V, model choice).
    /// - CMD3 (SEND_RELATIVE_ADDR): R6 = new RCA in bits 31..16, card status bits 15..0 (0).
    /// - CMD7 (SELECT/DESELECT_CARD), RCA in argument bits 31..16: the addressed card answers R1b
    ///   (0) and goes to the command state; a card not addressed (RCA 0 = deselect all) goes
    ///   back to standby without a response.
    /// Any other index: no response (counted in `refusedTransfers`).
    public func sdioCommand(_ index: UInt8, argument: UInt32) -> UInt32? {
        syncClock()
        guard bus == .sdio, busPresent else { counters.refusedTransfers += 1; return nil }
        sdioCard.enumerating = true
        switch index {
        case SDIOCommandIndex.goIdle:
            return nil                                   // SD memory only; the I/O part ignores it
        case SDIOCommandIndex.ioSendOpCond:
            if sdioCard.state == .inactive { sdioCard.state = .ready }
            return 0x8000_0000 | 2 << 28 | 0x00FF_8000
        case SDIOCommandIndex.sendRelativeAddress:
            // Taken after CMD5 and in standby (a new RCA each time), not while selected.
            guard sdioCard.state == .ready || sdioCard.state == .standby else {
                counters.sdioCommandsOutOfState += 1
                return nil
            }
            sdioCard.state = .standby
            return UInt32(sdioCard.publishRCA()) << 16
        case SDIOCommandIndex.selectCard:
            let addressed = UInt16(truncatingIfNeeded: argument >> 16)
            if addressed == 0 {                          // deselect all: nobody answers
                if sdioCard.state == .command { sdioCard.state = .standby }
                return nil
            }
            guard sdioCard.state == .standby || sdioCard.state == .command else {
                counters.sdioCommandsOutOfState += 1
                return nil
            }
            if addressed == sdioCard.rca {
                sdioCard.state = .command
                return 0
            }
            sdioCard.state = .standby                    // another card (or none) addressed
            return nil
        default:
            counters.refusedTransfers += 1
            return nil
        }
    }

    /// A host enumerated the card through `sdioCommand` and it is selected (command state).
    public var sdioCardSelectedByHost: Bool { sdioCard.enumerating && sdioCard.state == .command }

    /// The number of data lines the host controller drives from now on (1 or 4), as a host
    /// switches its own width after writing BICTRL (cyw43-driver) or before (the PSoC 6 HAL
    /// runs 4-bit from enumeration on; only CMD53 uses the data lines). nil: no check.
    public var sdioHostBusWidth: Int? {
        get { sdioCard.hostBusWidth }
        set { sdioCard.hostBusWidth = newValue }
    }

    /// The card's data width from CCCR BICTRL bits 1..0 (0 = 1 bit, 2 = 4 bits; 1 and 3
    /// (8-bit, embedded only) are not supported by these cards: 0 = no valid width).
    var sdioCardBusWidth: Int {
        switch cccr.busInterface & 0x03 {
        case 0: return 1
        case 2: return 4
        default: return 0
        }
    }

    /// Whether a CMD53's data phase works: host and card drive the same number of lines. On a
    /// mismatch the command is answered (it travels on CMD) but the data fails its CRC: a
    /// write's block is discarded by the card, a read's data (already sent, FIFO consumed)
    /// arrives garbled at the host.
    var sdioDataLinesMatch: Bool {
        guard let host = sdioCard.hostBusWidth else { return true }
        return host == sdioCardBusWidth
    }
}
