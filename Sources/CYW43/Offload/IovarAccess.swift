/// The two driver calls the offload iovars need (docs/seams.md §2). The CYW43 driver conforms
/// (see `Driver+IovarAccess.swift`); tests conform a fake that answers like firmware.
public protocol IovarAccess: AnyObject {
    /// SET_VAR (263): `name`, NUL, then `value`.
    func setIovar(_ name: StaticString, _ value: UnsafeRawBufferPointer) throws(IoctlError)
    /// GET_VAR (262): `name`, NUL, `params`; the reply is copied into `out`. Returns the
    /// number of reply bytes.
    func getIovar(_ name: StaticString, params: UnsafeRawBufferPointer,
                  into out: UnsafeMutableRawBufferPointer) throws(IoctlError) -> Int
    /// Adds `type` to the firmware's event mask (the driver keeps the mask; default: nothing).
    func offloadEnableEvent(_ type: EventType) throws(IoctlError)
}

extension IovarAccess {
    public func offloadEnableEvent(_ type: EventType) throws(IoctlError) {}
}

extension IovarAccess {
    /// SET with a byte array value.
    func offloadSet(_ name: StaticString, bytes: [UInt8]) throws(OffloadIovarError) {
        var failure: IoctlError? = nil
        bytes.withUnsafeBytes { value in
            do throws(IoctlError) { try setIovar(name, value) } catch { failure = error }
        }
        if let failure { throw .ioctl(failure) }
    }

    /// SET with a `count`-byte value that `fill` writes (the buffer starts zeroed), built in
    /// a stack buffer: what runs at every sleep and wake allocates nothing.
    func offloadSet(_ name: StaticString, count: Int,
                    _ fill: (UnsafeMutableRawBufferPointer) throws(OffloadWireError) -> Void) throws(OffloadIovarError) {
        var failure: OffloadIovarError? = nil
        withUnsafeTemporaryAllocation(byteCount: count, alignment: 4) { b in
            b.initializeMemory(as: UInt8.self, repeating: 0)
            do throws(OffloadWireError) { try fill(b) } catch { failure = .badReply(error); return }
            do throws(IoctlError) { try setIovar(name, UnsafeRawBufferPointer(b)) } catch { failure = .ioctl(error) }
        }
        if let failure { throw failure }
    }

    /// GET with a byte array of parameters into a `replyCapacity`-byte buffer; returns the
    /// reply bytes.
    func offloadGet(_ name: StaticString, params: [UInt8], replyCapacity: Int) throws(OffloadIovarError) -> [UInt8] {
        var reply = [UInt8](repeating: 0, count: replyCapacity)
        var failure: IoctlError? = nil
        var count = 0
        params.withUnsafeBytes { p in
            reply.withUnsafeMutableBytes { out in
                do throws(IoctlError) { count = try getIovar(name, params: p, into: out) } catch { failure = error }
            }
        }
        if let failure { throw .ioctl(failure) }
        return Array(reply.prefix(min(max(count, 0), replyCapacity)))
    }

    /// A little-endian u32 value.
    func offloadSet(_ name: StaticString, u32 value: UInt32) throws(OffloadIovarError) {
        var failure: IoctlError? = nil
        withUnsafeBytes(of: value.littleEndian) { b in
            do throws(IoctlError) { try setIovar(name, b) } catch { failure = error }
        }
        if let failure { throw .ioctl(failure) }
    }

    /// Reads a little-endian u32 value (4 zero bytes of parameters; nothing allocated).
    func offloadGetU32(_ name: StaticString) throws(OffloadIovarError) -> UInt32 {
        var value: UInt32 = 0
        var count = 0
        var failure: IoctlError? = nil
        withUnsafeBytes(of: UInt32(0)) { p in
            withUnsafeMutableBytes(of: &value) { out in
                do throws(IoctlError) { count = try getIovar(name, params: p, into: out) } catch { failure = error }
            }
        }
        if let failure { throw .ioctl(failure) }
        guard count >= 4 else { throw .badReply(.truncated(need: 4, have: max(count, 0))) }
        return UInt32(littleEndian: value)
    }
}
