/// Bus transaction counters, named like WHD's `whd_bus_stats_t` so the app can print
/// LPA's "Bus Stats.." block (docs/tko-offload.md §6.3). SDIO fills the cmd52/cmd53 fields,
/// gSPI the spi fields; both fill the interrupt and abort fields.
public struct BusStats: Equatable, Sendable {
    public var cmd52 = 0
    public var cmd53Read = 0
    public var cmd53Write = 0
    public var cmd52Fail = 0
    public var cmd53ReadFail = 0
    public var cmd53WriteFail = 0
    public var spiReads = 0
    public var spiWrites = 0
    public var spiFail = 0
    /// Interrupt services that found something pending (SDIO intstatus / gSPI F0 0x04).
    public var sdioInterrupts = 0
    /// Error bits seen (gSPI command/data error, under/overflow; SDIO intstatus 8..15).
    public var errorInterrupts = 0
    /// Received frames terminated (RF_TERM, SDIO IOABORT).
    public var readAborts = 0
    /// FWHALT seen in the to-host mailbox data (firmware trapped, docs/cyw43-bus.md §2.5).
    public var firmwareHalts = 0
    public init() {}
}
