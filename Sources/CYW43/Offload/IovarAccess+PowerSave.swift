/// The PM2 "return to sleep" time LPA's offload manager shortens around sleep
/// (docs/tko-offload.md §4.2 step 1: 10 ms; restored on wake, §4.3).
extension IovarAccess {
    /// "pm2_sleep_ret" GET, in ms.
    public func pm2SleepReturn() throws(OffloadIovarError) -> UInt32 {
        try offloadGetU32("pm2_sleep_ret")
    }

    /// "pm2_sleep_ret" SET, in ms (WHD accepts 10...2000, docs/cyw43-bus.md §7.4).
    public func setPM2SleepReturn(_ ms: UInt32) throws(OffloadIovarError) {
        try offloadSet("pm2_sleep_ret", u32: ms)
    }
}
