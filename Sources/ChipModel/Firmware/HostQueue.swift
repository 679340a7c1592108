/// A frame the firmware has for the host, before its SDPCM header is written.
struct PendingFrame {
    var channel: UInt8
    var payload: [UInt8]
    var reason: WakeReason
    /// Already-built bytes (a NAK re-send keeps its original header).
    var built: [UInt8]? = nil
}

/// The dongle-to-host side of F2: frames wait here until the host reads them. The head frame's
/// SDPCM header is written when the host starts reading it, so it carries current credits.
struct HostQueue {
    var items: [PendingFrame] = []
    /// The head frame's bytes once the host started reading it, and how far it got.
    var current: [UInt8]? = nil
    var cursor = 0
    /// The firmware's SDPCM sequence counter (§4.1 byte 4).
    var txSeq: UInt8 = 0
    var lastDelivered: [UInt8]? = nil

    var hasPending: Bool { !items.isEmpty }

    /// Bytes left in the head frame (gSPI status word length field, §1.5).
    func pendingLength() -> Int? {
        if let c = current { return c.count - cursor }
        guard let f = items.first else { return nil }
        return f.built?.count ?? SDPCM.headerSize + f.payload.count
    }

    /// Drops the head frame (RF_TERM, §2.4 / §8.1).
    mutating func popHead() -> [UInt8]? {
        guard !items.isEmpty else { return nil }
        items.removeFirst()
        let done = current
        current = nil
        cursor = 0
        return done
    }

    /// IOABORT on F2 stops the data phase; the frame stays until RF_TERM (§8.3).
    mutating func abortRead() {}

    /// SMB_NAK: put the last delivered frame back at the head, header unchanged (§2.5).
    mutating func resend() {
        guard let last = lastDelivered, current == nil else { return }
        items.insert(PendingFrame(channel: last.count > 5 ? last[5] & 0x0F : 0, payload: [],
                                  reason: .other, built: last), at: 0)
        lastDelivered = nil
    }

    mutating func removeAll() {
        items.removeAll()
        current = nil
        cursor = 0
    }
}
