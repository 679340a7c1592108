import Runtime

/// 802.11 power save as WLC_SET_PM sets it (docs/cyw43-bus.md §7.4).
public enum PowerSave: Equatable, Sendable {
    /// PM0: radio constantly awake.
    case off
    /// PM1: legacy PS-Poll (aggressive, lower throughput).
    case pm1
    /// PM2: fast power save; sleeps after `sleepReturn` without traffic ("pm2_sleep_ret",
    /// 10..2000 ms, rounded down to a multiple of 10 like WHD).
    case pm2(sleepReturn: Duration)
}

/// How often the station wakes for beacons (WHD `whd_wifi_set_listen_interval`).
public enum ListenInterval: Equatable, Sendable {
    /// Every N beacons: bcn_li_bcn = N, bcn_li_dtim = 0, assoc_listen = N.
    case beacons(UInt8)
    /// Every N DTIMs: bcn_li_dtim = N, assoc_listen = N.
    case dtims(UInt8)
}
