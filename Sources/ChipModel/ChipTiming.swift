import Runtime

/// The model's delays on the virtual clock. Defaults follow the sheet where it gives a number;
/// the rest are plausible model choices. `ChipTiming.immediate` makes everything synchronous
/// (handy for register-level tests that never advance the clock).
public struct ChipTiming: Sendable {
    /// ARM released -> HT_AVAIL in F1 0x1000E. cyw43-driver: "takes about 29 ms" (docs/cyw43-bus.md §1.9).
    public var htAvailableAfterBoot: Duration = .milliseconds(29)
    /// HT available -> F2 ready (gSPI STATUS bit 5 / SDIO IORDY 0x04). Model choice.
    public var f2ReadyAfterHT: Duration = .milliseconds(2)
    /// KSO write while asleep -> KSO + DEVON read back set. Linux waits 2-3 ms (§7.9).
    public var ksoWake: Duration = .milliseconds(2)
    /// SDPCM control frame in -> CDC reply queued. Zero = queued while the host's F2 write runs.
    public var ioctlLatency: Duration = .zero
    /// SET_SSID / "join" -> the AP is found (or SET_SSID NO_NETWORKS).
    public var joinScan: Duration = .milliseconds(120)
    /// AP found -> ASSOC_REQ_IE, AUTH, ASSOC_RESP_IE, ASSOC, LINK up raised.
    public var authAssoc: Duration = .milliseconds(25)
    /// LINK up -> PSK_SUP KEYED (4-way handshake) for PSK/SAE networks. A Pico W trace
    /// (raspberrypi/pico-sdk#2153) shows 13 ms.
    public var fourWayHandshake: Duration = .milliseconds(13)
    /// LINK up -> JOIN and SET_SSID (success). The same trace: 33 ms, after PSK_SUP KEYED; the
    /// pair is raised on association whether or not the handshake succeeds (embassy-rs/embassy#3723).
    public var joinConfirm: Duration = .milliseconds(33)
    /// LINK up -> the AP deauthenticates a station whose 4-way handshake fails (wrong key):
    /// the AP retransmits M1 a few times first (hostapd: 4 tries); a Linux station's log shows
    /// 4.0 s from "associated" to "deauthenticated (reason 2)".
    public var wrongKeyDeauth: Duration = .seconds(4)
    /// LINK down after that deauth -> the firmware's own next association attempt to the same
    /// SSID (it keeps trying until the host sends WLC_DISASSOC, a new SET_SSID or WLC_DOWN).
    /// Model choice.
    public var reassociateAfterDeauth: Duration = .milliseconds(500)
    /// `apLost()` -> LINK down (beacon loss). Real firmware waits for several missed beacons.
    public var beaconLoss: Duration = .zero

    public init() {}

    /// Every delay zero: the register-level tests' timing.
    public static var immediate: ChipTiming {
        var t = ChipTiming()
        t.htAvailableAfterBoot = .zero
        t.f2ReadyAfterHT = .zero
        t.ksoWake = .zero
        t.joinScan = .zero
        t.authAssoc = .zero
        t.fourWayHandshake = .zero
        t.joinConfirm = .zero
        return t
    }
}
