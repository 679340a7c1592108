/// This machine's identity for `Driver.uniqueID`: a chip with a blank OTP reports a placeholder
/// MAC, and the driver makes a locally administered one from this number, so two boards on one
/// LAN do not share an address.
///
/// machine-id(5): `/etc/machine-id` holds 32 lowercase hex digits (128 bits) and a newline;
/// `/var/lib/dbus/machine-id` is the older place. The man page asks applications not to expose
/// the id itself but a value derived from it with a key of their own (sd_id128_get_machine_app_specific),
/// so the 16 bytes are folded into 64 bits through a keyed FNV-1a hash (not reversible to the id:
/// 128 bits into 64).
public enum MachineID {
    /// The files tried, in order.
    public static let paths = ["/etc/machine-id", "/var/lib/dbus/machine-id"]

    /// The derived id, or nil if no file holds a valid machine-id (the driver then uses 0).
    public static func read() -> UInt64? {
        for path in paths {
            if case .success(let bytes) = Syscalls.readFile(path), let id = derive(fromFile: bytes) { return id }
        }
        return nil
    }

    /// The derived id of one file's bytes: exactly 32 hex digits, an optional trailing newline,
    /// not all zero (machine-id(5): an uninitialised id is empty or "uninitialized").
    public static func derive(fromFile bytes: [UInt8]) -> UInt64? {
        var text = bytes[...]
        if text.last == 0x0A { text = text.dropLast() }
        guard text.count == 32 else { return nil }
        var id = [UInt8](repeating: 0, count: 16)
        for (i, c) in text.enumerated() {
            guard let v = hexValue(c) else { return nil }
            id[i / 2] |= i % 2 == 0 ? v << 4 : v
        }
        guard id.contains(where: { $0 != 0 }) else { return nil }
        return fnv1a(applicationKey + id)
    }

    /// FNV-1a, 64-bit (offset basis 0xcbf29ce484222325, prime 0x100000001b3).
    static func fnv1a(_ bytes: [UInt8]) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in bytes {
            h ^= UInt64(b)
            h = h &* 0x0000_0100_0000_01B3
        }
        return h
    }

    /// Ours: keeps the value specific to this application.
    static let applicationKey = Array("swift-tcp-keepalive MAC".utf8)

    static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x61...0x66: return c - 0x61 + 10
        case 0x41...0x46: return c - 0x41 + 10
        default: return nil
        }
    }
}
