import Runtime

/// The `tko` iovar as typed operations (docs/tko-offload.md §1). Request buffers are
/// `wl_tko_t` header + payload + 4 zero bytes with header-inclusive `len` (TkoHeader).
extension IovarAccess {
    /// Buffer WHD allocates after the name for MAX_TCP and STATUS GETs (100 - 4, §1.1).
    static var tkoSmallReply: Int { 96 }
    /// Buffer WHD allocates after the name for PARAM / CONNECT GETs (1500 - 4, §1.1).
    static var tkoLargeReply: Int { 1496 }

    /// MAX_TCP GET (§1.4): the firmware's connection limit (4 in Broadcom's source).
    public func tkoMaxConnections() throws(OffloadIovarError) -> UInt8 {
        let r = try tkoGet(.maxTCP, payload: [0, 0, 0, 0], replyCapacity: Self.tkoSmallReply)
        guard r.count >= 1 else { throw .badReply(.truncated(need: TkoHeader.size + 1, have: TkoHeader.size)) }
        return r[0]
    }

    /// PARAM SET (§1.4). The firmware refuses it (BCME_BUSY) while TKO is enabled.
    public func tkoSetParameters(_ p: TkoParameters) throws(OffloadIovarError) {
        try offloadSet("tko", bytes: TkoHeader.request(.param, payload: p.bytes))
    }

    /// PARAM GET.
    public func tkoParameters() throws(OffloadIovarError) -> TkoParameters {
        let r = try tkoGet(.param, payload: [UInt8](repeating: 0, count: TkoParameters.size),
                           replyCapacity: Self.tkoLargeReply)
        do throws(OffloadWireError) {
            return try r.offloadParse { b throws(OffloadWireError) in try TkoParameters(parsing: b) }
        } catch { throw .badReply(error) }
    }

    /// CONNECT SET (§1.5): store one connection (replaces the slot's previous one).
    /// BCME_BUSY while enabled, BCME_RANGE for index >= 4.
    public func tkoConnect(_ c: TkoConnect) throws(OffloadIovarError) {
        try tkoSet(.connect, payloadSize: c.size) { b throws(OffloadWireError) in try c.emit(into: b) }
    }

    /// CONNECT GET (debug, §1.4): the stored connection `index` (BCME_NOTFOUND if unused).
    public func tkoConnection(index: UInt8) throws(OffloadIovarError) -> TkoConnect {
        // WHD sends len = 4 here (not header-inclusive) with the index in data[0] (§1.4).
        var params = TkoHeader.request(.connect, payload: [index, 0, 0, 0])
        params[2] = 4
        let r = try tkoGet(.connect, params: params, replyCapacity: Self.tkoLargeReply)
        do throws(OffloadWireError) {
            return try r.offloadParse { b throws(OffloadWireError) in try TkoConnect(parsing: b) }
        } catch { throw .badReply(error) }
    }

    /// ENABLE SET (§1.4): true starts every stored connection (first probe at once);
    /// false stops TKO and makes the firmware forget all connections.
    public func tkoEnable(_ on: Bool) throws(OffloadIovarError) {
        try tkoSet(.enable, payloadSize: 4) { b throws(OffloadWireError) in b[0] = on ? 1 : 0 }
    }

    /// A tko SET built in place (TkoHeader.request's layout: header, payload, 4 zero bytes),
    /// in a stack buffer: the CONNECTs and ENABLEs of every sleep and wake allocate nothing.
    private func tkoSet(_ sub: TkoSubcommand, payloadSize: Int,
                        _ payload: (UnsafeMutableRawBufferPointer) throws(OffloadWireError) -> Void) throws(OffloadIovarError) {
        try offloadSet("tko", count: TkoHeader.size + payloadSize + 4) { b throws(OffloadWireError) in
            TkoHeader(subcommand: sub, payloadSize: payloadSize).emit(into: b)
            try payload(UnsafeMutableRawBufferPointer(rebasing: b[TkoHeader.size..<(TkoHeader.size + payloadSize)]))
        }
    }

    /// STATUS GET (§1.4). Read it before `tkoEnable(false)`.
    public func tkoStatus() throws(OffloadIovarError) -> TkoStatus {
        let r = try tkoGet(.status, payload: [0, 0], replyCapacity: Self.tkoSmallReply)
        do throws(OffloadWireError) {
            return try r.offloadParse { b throws(OffloadWireError) in try TkoStatus(parsing: b) }
        } catch { throw .badReply(error) }
    }

    /// A tko GET: sends the request container; the reply starts with a `wl_tko_t` header
    /// (no name, §1.1) whose `len` bounds the returned payload.
    private func tkoGet(_ sub: TkoSubcommand, payload: [UInt8], replyCapacity: Int) throws(OffloadIovarError) -> [UInt8] {
        try tkoGet(sub, params: TkoHeader.request(sub, payload: payload), replyCapacity: replyCapacity)
    }

    private func tkoGet(_ sub: TkoSubcommand, params: [UInt8], replyCapacity: Int) throws(OffloadIovarError) -> [UInt8] {
        let reply = try offloadGet("tko", params: params, replyCapacity: replyCapacity)
        let header: TkoHeader
        do throws(OffloadWireError) {
            header = try reply.offloadParse { b throws(OffloadWireError) in try TkoHeader(parsing: b) }
        } catch { throw .badReply(error) }
        guard header.subcommand == sub else {
            throw .badReply(.unexpectedSubcommand(expected: sub.rawValue, got: header.subcommand.rawValue))
        }
        // `len` may be header-inclusive (WHD) or not (wl tool); take what is there, bounded.
        let end = min(reply.count, TkoHeader.size + Int(header.length))
        return Array(reply[TkoHeader.size..<max(end, TkoHeader.size)])
    }
}
