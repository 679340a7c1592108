import Runtime

/// The generic ioctl / iovar API (docs/seams.md §2). Iovars travel as WLC_GET_VAR /
/// WLC_SET_VAR with payload "name\0value" (docs/cyw43-bus.md §5.2).
extension Driver {
    /// WLC_SET_VAR "name\0value".
    public func setIovar(_ name: StaticString, _ value: UnsafeRawBufferPointer) throws(IoctlError) {
        let n = name.utf8CodeUnitCount
        _ = try control(Ioctl.setVar, set: true, payloadLength: n + 1 + value.count, out: nil) { p in
            Self.put(name, into: p)
            for i in 0..<value.count { p[n + 1 + i] = value[i] }
        }
    }

    /// WLC_GET_VAR "name\0params"; the request carries at least `out.count` bytes so the
    /// firmware has room to answer. Returns the bytes copied into `out` (the reply value
    /// starts at payload offset 0, §5.2).
    public func getIovar(_ name: StaticString, params: UnsafeRawBufferPointer,
                         into out: UnsafeMutableRawBufferPointer) throws(IoctlError) -> Int {
        let n = name.utf8CodeUnitCount
        return try control(Ioctl.getVar, set: false, payloadLength: max(n + 1 + params.count, out.count), out: out) { p in
            Self.put(name, into: p)
            for i in 0..<params.count { p[n + 1 + i] = params[i] }
        }
    }

    /// Any WLC ioctl. SET sends `value`; GET sends `value` padded to `out.count` and copies
    /// the reply into `out`. Returns the bytes copied.
    @discardableResult
    public func ioctl(_ command: Ioctl, set: Bool, value: UnsafeRawBufferPointer,
                      into out: UnsafeMutableRawBufferPointer? = nil, interface: UInt8 = 0) throws(IoctlError) -> Int {
        let len = set ? value.count : max(value.count, out?.count ?? 0)
        return try control(command, set: set, interface: interface, payloadLength: len, out: out) { p in
            for i in 0..<value.count { p[i] = value[i] }
        }
    }

    // MARK: conveniences

    /// SET ioctl with one u32 (little-endian).
    public func ioctlSet(_ command: Ioctl, _ value: UInt32) throws(IoctlError) {
        try withUnsafeBytes(of: value.littleEndian) { (b) throws(IoctlError) in
            _ = try ioctl(command, set: true, value: b)
        }
    }

    /// SET ioctl without payload (WLC_UP, WLC_DISASSOC).
    public func ioctlSet(_ command: Ioctl) throws(IoctlError) {
        _ = try ioctl(command, set: true, value: UnsafeRawBufferPointer(start: nil, count: 0))
    }

    /// "name" = u32.
    public func setIovar(_ name: StaticString, u32 value: UInt32) throws(IoctlError) {
        try withUnsafeBytes(of: value.littleEndian) { (b) throws(IoctlError) in try setIovar(name, b) }
    }

    /// "bsscfg:name" = {u32 bsscfg index, u32 value} (§5.2).
    public func setBsscfgIovar(_ name: StaticString, bsscfg: UInt32 = 0, u32 value: UInt32) throws(IoctlError) {
        try withUnsafeBytes(of: (bsscfg.littleEndian, value.littleEndian)) { (b) throws(IoctlError) in try setIovar(name, b) }
    }

    /// GET "name" as u32.
    public func getIovarU32(_ name: StaticString) throws(IoctlError) -> UInt32 {
        var v: UInt32 = 0
        _ = try withUnsafeMutableBytes(of: &v) { (b) throws(IoctlError) -> Int in
            try getIovar(name, params: UnsafeRawBufferPointer(start: nil, count: 0), into: b)
        }
        return UInt32(littleEndian: v)
    }

    static func put(_ name: StaticString, into p: UnsafeMutableRawBufferPointer) {
        let n = name.utf8CodeUnitCount
        name.withUTF8Buffer { u in for i in 0..<n { p[i] = u[i] } }
        p[n] = 0
    }

    /// Every control request goes through here: wakes the bus, runs the runner's mailbox.
    /// While it waits, tasks above the caller may run (the network task's `poll`, which
    /// defers its own control work until this one is done: `controlBusy`).
    func control(_ command: Ioctl, set: Bool, interface: UInt8 = 0, payloadLength: Int,
                 out: UnsafeMutableRawBufferPointer?, fill: (UnsafeMutableRawBufferPointer) -> Void) throws(IoctlError) -> Int {
        guard isUp || bringingUp else { throw .notReady }
        controlDepth += 1
        wakeBusIfNeeded()
        defer {
            lastBusActivity = platform.now
            controlDepth -= 1
            if controlDepth == 0 && controlDeferred {
                controlDeferred = false
                controlFreed?()
            }
        }
        return try runner.ioctl(command: command.rawValue, set: set, interface: interface, payloadLength: payloadLength,
                                out: out, timeout: ioctlTimeout, fill: fill)
    }
}
