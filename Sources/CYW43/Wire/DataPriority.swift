/// The 802.1D priority a data frame is sent with (the BDC header's priority field,
/// docs/cyw43-bus.md §5.3), and the flow-control bit of the SDPCM header that stops it (§4.1
/// byte 8, §4.2).
///
/// Priority: from the DSCP of an IPv4 header (the high 6 bits of the byte after the version
/// byte) through WHD's table (`whd_network_send_ethernet_data`): DSCP 0-7 -> 0 (best effort),
/// 8-23 -> 1 (background), 24-31 -> 0, 32-47 -> 5 (video), 48-63 -> 7 (voice); a DSCP of 0
/// and every frame that is not IPv4 (ARP) -> 0. (WHD also reads that byte in 802.1AS frames;
/// we never send any.)
///
/// Flow control: the firmware's bitmap has one "stop" bit per precedence; Linux brcmfmac
/// holds the frames of precedence p while bit p is set (`tx_prec_map = ~flowcontrol`) and
/// numbers precedences from priorities with PRIO2PREC, which swaps 0 (best effort) and 2
/// (spare; "none"), the two whose order 802.1D inverts. Precedences are sent highest first.
public enum DataPriority {
    /// The priority of an Ethernet II frame (0...7).
    public static func of(frame: UnsafeRawBufferPointer) -> UInt8 {
        guard frame.count >= 16, frame[12] == 0x08, frame[13] == 0x00 else { return 0 }
        return fromDSCP(frame[15] >> 2)
    }

    /// WHD's DSCP -> priority table, as ranges.
    public static func fromDSCP(_ dscp: UInt8) -> UInt8 {
        switch dscp & 0x3F {
        case 8...23: return 1
        case 32...47: return 5
        case 48...63: return 7
        default: return 0
        }
    }

    /// The precedence (flow-control bit number, send order) of `priority`.
    @inline(__always)
    public static func precedence(_ priority: UInt8) -> UInt8 {
        let p = priority & 7
        return p == 0 || p == 2 ? p ^ 2 : p
    }
}
