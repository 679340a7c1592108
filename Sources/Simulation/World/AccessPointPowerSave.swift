import Runtime

/// The AP's side of 802.11 power save (IEEE 802.11 §11.2): while its station dozes, the
/// AP holds the frames for it and announces them in the TIM of its beacons; the station
/// wakes for the DTIM beacons it listens to, sees its bit, and collects them (PM2: a null
/// frame with PM=0, then it stays awake for `pm2_sleep_ret`). A station that transmits is
/// awake: the AP releases what it held at once. Beacons every `beaconInterval` (100 TU =
/// 102.4 ms), every `dtimPeriod`-th one a DTIM: with DTIM 3 a frame for a dozing station
/// waits up to 307.2 ms, longer than Linux's first retransmission timeout (200 ms), which
/// is what the kernel run showed.
public struct AccessPointPowerSave: Sendable, Equatable {
    /// Target beacon transmission time spacing (100 TU).
    public var beaconInterval: Duration = .microseconds(102_400)
    /// Every `dtimPeriod`-th beacon is a DTIM (3, the figure the power books assume).
    public var dtimPeriod: Int = 3
    /// From the DTIM beacon to the buffered frame on the air (the station's null/PS-Poll,
    /// the AP's answer).
    public var deliveryDelay: Duration = .milliseconds(1)
    /// Frames the AP holds for one station; more are dropped (an AP's per-station queue).
    public var bufferLimit: Int = 64

    public init() {}

    /// The first DTIM beacon the station hears at or after `t` when it listens to every
    /// `listenDTIMs`-th DTIM (TBTT 0 is a DTIM).
    public func nextListenedDTIM(atOrAfter t: Instant, listenDTIMs: Int) -> Instant {
        let period = beaconInterval.microseconds * Int64(max(dtimPeriod, 1) * max(listenDTIMs, 1))
        let us = Int64(t.microseconds)
        let k = (us + period - 1) / period
        return Instant(microseconds: UInt64(k * period))
    }
}

/// A station's power-save state as the AP sees it (the chip's PM mode and settings).
public struct StationPowerSave: Sendable, Equatable {
    /// How long the station stays awake after its last frame before dozing again (PM2:
    /// `pm2_sleep_ret`; PM1: 0).
    public var sleepReturn: Duration
    /// The station wakes for every n-th DTIM (`bcn_li_dtim`, at least 1).
    public var listenDTIMs: Int

    public init(sleepReturn: Duration, listenDTIMs: Int = 1) {
        self.sleepReturn = sleepReturn
        self.listenDTIMs = max(listenDTIMs, 1)
    }
}
