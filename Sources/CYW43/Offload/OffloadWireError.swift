/// Why an offload iovar reply (or a record handed to us) was rejected.
public enum OffloadWireError: Error, Equatable, Sendable {
    /// Fewer bytes than the layout needs.
    case truncated(need: Int, have: Int)
    /// The reply's `wl_tko_t.subcmd_id` is not the one asked for.
    case unexpectedSubcommand(expected: UInt16, got: UInt16)
    /// `ip_addr_type` other than 0 (IPv4): our host side is IPv4-only (docs/tko-offload.md §1.5).
    case unsupportedAddressType(UInt8)
    /// A keepalive frame longer than a `u16` length field or the iovar buffer allows.
    case frameTooLong(Int)
}

/// The result of an offload iovar operation: the ioctl failed, or its reply did not parse.
public enum OffloadIovarError: Error, Equatable, Sendable {
    case ioctl(IoctlError)
    case badReply(OffloadWireError)

    /// The firmware does not have this feature (BCME_UNSUPPORTED, -23).
    public var isUnsupported: Bool {
        if case .ioctl(let e) = self { return e.isUnsupported }
        return false
    }
}

extension Array where Element == UInt8 {
    /// Runs a typed-throwing parser over the array's bytes (`withUnsafeBytes` only rethrows
    /// untyped errors).
    func offloadParse<T>(_ body: (UnsafeRawBufferPointer) throws(OffloadWireError) -> T) throws(OffloadWireError) -> T {
        let r: Result<T, OffloadWireError> = withUnsafeBytes { b in
            do throws(OffloadWireError) { return .success(try body(b)) } catch { return .failure(error) }
        }
        return try r.get()
    }
}
