/// The currents and timings the energy estimate uses. Every figure says where it comes
/// from; the ones marked ASSUMPTION were not found in a source we hold and are our
/// estimate (replace them with the datasheet value for the exact part and board).
/// Sources as cited in docs/peers.md "Published numbers".
public struct PowerFigures: Sendable {
    // MARK: host MCU (PSoC 6, CM4)

    /// PSoC 6 in system deep sleep with SRAM retention: 7 µA typ (datasheet parameter
    /// SIDDS1, PSoC 63, internal buck) + 0.38 µA WCO/RTC. Source: Infineon staff answer
    /// quoting the datasheet, https://community.cypress.com/thread/35250 (PSoC 62 is the
    /// same platform [uncertain]). For comparison, Infineon measured 12.1–12.6 µA on
    /// CY8CKIT-062S2-43012 (Infineon/mtb-example-wifi-wlan-lowpower README).
    public var hostDeepSleep_uA: Double = 7.38
    /// CM4 active (and CPU sleep between events while deep sleep is locked), 100 MHz,
    /// system LP mode. ASSUMPTION: no PSoC 6 active-current figure is in our references;
    /// 5.5 mA is an order-of-magnitude estimate for a Cortex-M4 at 100 MHz with flash,
    /// clocks and the SDIO host running. Replace from the PSoC 62 datasheet IDD table.
    public var hostActive_uA: Double = 5_500
    /// CPU time every wake costs that the virtual clock does not show (software takes no
    /// virtual time): leaving deep sleep (≤ 25 µs, datasheet; 15–120 µs measured with
    /// software, docs/psoc6-platform.md §4.1), FLL relock, the host-wake ISR, reading the
    /// frame or event over SDIO and going back to sleep. ASSUMPTION: 1 ms per wake.
    public var hostWakeOverhead_us: Double = 1_000

    // MARK: Wi-Fi chip (CYW43xxx)

    /// Associated, IEEE power save (PM2) idle, 2.4 GHz, DTIM 3: 112.6 µA (CYW43012 VBAT,
    /// averaged over 3 DTIM periods, beacon 100 TU; Infineon/mtb-example-wifi-wlan-lowpower
    /// README). DTIM 1 would be 317.5 µA. For CYW4343W/CYW43439 the datasheet PM2 figures
    /// were not retrievable (docs/peers.md "[gap]"): using the CYW43012 value is an ASSUMPTION.
    public var chipAssociatedIdle_uA: Double = 112.6
    /// WLAN deep sleep / not associated and idle: 2.4 µA (CYW43012 VBAT, same README).
    public var chipDeepSleep_uA: Double = 2.4
    /// Receiving / listening with the radio on. ASSUMPTION (no CYW43xxx RX figure in our
    /// references): 45 mA, typical of single-stream 2.4 GHz 802.11n radios.
    public var chipReceive_uA: Double = 45_000
    /// Transmitting. ASSUMPTION (no CYW43xxx TX figure in our references): 280 mA at
    /// ~17 dBm, typical of single-stream 2.4 GHz 802.11n radios.
    public var chipTransmit_uA: Double = 280_000
    /// Scanning/joining without an association: treated as listening. ASSUMPTION.
    public var chipUnassociated_uA: Double = 45_000

    // MARK: timing model

    /// PHY rate for frame airtime. ASSUMPTION: 24 Mbit/s OFDM (802.11g).
    public var phyRateMbps: Double = 24
    /// Fixed per-frame air overhead in µs: preamble/PLCP 20, SIFS 10, the 802.11 ACK ~28,
    /// MAC header+FCS carried as 28 extra bytes. ASSUMPTION from 802.11g timings.
    public var perFrameOverhead_us: Double = 58
    /// After a frame the chip stays awake before dozing again (PM2 "return to sleep").
    /// While the host sleeps LPA sets 10 ms (LPA_PM2_SLEEP_RET_TIME, docs/tko-offload.md §4.2).
    public var pm2ReturnToSleepHostAsleep_us: Double = 10_000
    /// While the host is awake the chip keeps its default return-to-sleep time.
    /// ASSUMPTION: 200 ms (the value LPA saves and restores is not in our references).
    public var pm2ReturnToSleepHostAwake_us: Double = 200_000

    public init() {}

    /// Airtime of one Ethernet frame of `bytes` bytes sent as an 802.11 data frame.
    public func airtime_us(bytes: Int) -> Double {
        perFrameOverhead_us + Double(bytes + 28) * 8 / phyRateMbps
    }

    /// Infineon's measured system average for CE229926 on CY8CKIT-062S2-43012 with all
    /// offloads on: 27 µA (PSoC 6) + 270 µA (CYW43012) = 297 µA, 5 GHz, DTIM 3, peer pings
    /// every 5 s (Infineon/mtb-example-wifi-offload-tcp-keepalive README). For the report.
    public static let ceMeasuredHost_uA: Double = 27
    public static let ceMeasuredChip_uA: Double = 270
}
