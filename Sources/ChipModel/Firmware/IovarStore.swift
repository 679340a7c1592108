/// The firmware's plain iovars: a name, a value, and how the firmware checks a SET.
/// Iovars with side effects (clmload, join, event_msgs, ...) are handled before this table
/// (ChipModel+Iovars.swift); names that are in neither answer BCME_UNSUPPORTED.
struct IovarStore {
    enum Kind {
        /// A 32-bit integer; a shorter SET answers BCME_BUFTOOSHORT.
        case u32
        /// Opaque bytes, at least `min` long.
        case bytes(min: Int)
        /// SET accepted, GET answers BCME_UNSUPPORTED (secrets, actions).
        case writeOnly(min: Int)
    }
    struct Entry {
        var name: [UInt8]
        var value: [UInt8]
        var kind: Kind
    }
    private(set) var entries: [Entry] = []

    mutating func add(_ name: StaticString, _ kind: Kind, _ value: [UInt8]) {
        entries.append(Entry(name: Bytes.ascii(name), value: value, kind: kind))
    }
    mutating func addU32(_ name: StaticString, _ v: UInt32) {
        var b = [UInt8](); Bytes.appendLE32(&b, v)
        add(name, .u32, b)
    }

    /// The defaults: values a freshly booted firmware reports (model choices unless noted).
    mutating func installDefaults(profile: ChipProfile) {
        addU32("bus:txglom", 0)
        addU32("bus:rxglom", 0)
        addU32("bus:txglomalign", 4)
        addU32("apsta", 0)
        addU32("ampdu_ba_wsize", 16)
        addU32("ampdu_mpdu", 32)
        addU32("ampdu_rx_factor", 3)
        addU32("pm2_sleep_ret", 200)      // WHD default (docs/cyw43-bus.md §7.4)
        addU32("bcn_li_dtim", 1)
        addU32("bcn_li_bcn", 1)
        addU32("assoc_listen", 10)
        addU32("mpc", 1)
        addU32("roam_off", 0)
        addU32("mfp", 0)
        addU32("sup_wpa", 0)
        addU32("sup_wpa2_eapver", 0xFFFF_FFFF)
        addU32("sup_wpa_tmo", 2500)       // WHD's EAPOL key timeout (§7.3 step 6)
        addU32("wowl", 0)
        addU32("wowl_os", 0)
        addU32("wowl_activate", 0)
        add("wowl_clear", .writeOnly(min: 0), [])
        add("wowl_pattern", .writeOnly(min: 0), [])
        add("wowl_keepalive", .bytes(min: 0), [])
        add("wowl_arp_hostip", .bytes(min: 4), [0, 0, 0, 0])
        // wl_country_t {abbrev[4], rev i32, ccode[4]} (§7.2 step 6): worldwide "XX".
        add("country", .bytes(min: 4), [0x58, 0x58, 0, 0, 0, 0, 0, 0, 0x58, 0x58, 0, 0])
        add("ssid", .bytes(min: 4), [UInt8](repeating: 0, count: 36))
    }

    func index(of name: [UInt8]) -> Int? {
        for (i, e) in entries.enumerated() where e.name == name { return i }
        return nil
    }

    func value(named name: StaticString) -> [UInt8]? {
        index(of: Bytes.ascii(name)).map { entries[$0].value }
    }

    func u32(named name: StaticString) -> UInt32? {
        value(named: name).map { Bytes.le32($0, 0) }
    }

    /// SET: nil if the name is unknown, else the firmware status.
    mutating func set(_ name: [UInt8], _ value: [UInt8]) -> Int32? {
        guard let i = index(of: name) else { return nil }
        switch entries[i].kind {
        case .u32:
            guard value.count >= 4 else { return FirmwareStatus.bufferTooShort }
            entries[i].value = Array(value[0..<4])
        case .bytes(let min), .writeOnly(let min):
            guard value.count >= min else { return FirmwareStatus.bufferTooShort }
            entries[i].value = value
        }
        return FirmwareStatus.ok
    }

    /// GET: nil if the name is unknown, else (status, value).
    func get(_ name: [UInt8]) -> (Int32, [UInt8])? {
        guard let i = index(of: name) else { return nil }
        if case .writeOnly = entries[i].kind { return (FirmwareStatus.unsupported, []) }
        return (FirmwareStatus.ok, entries[i].value)
    }
}
