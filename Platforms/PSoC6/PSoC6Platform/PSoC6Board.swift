import Runtime

/// What the app wires to the driver on a PSoC 6 kit: the platform, the debug-UART log
/// sink, WL_REG_ON sequencing and the SDIO transport, brought up in the order WHD's BSP
/// glue uses (board → WL_REG_ON low 10 ms, high, 250 ms → SDIO enumeration).
public struct PSoC6Board {
    public let platform: PSoC6Platform
    public let log: UARTLogSink
    public let power: WLANPower
    public let sdio: PSoC6SDIOTransport

    /// Brings everything up; the log sink works as soon as the board is initialised, so
    /// a caller can report an SDIO failure on the UART.
    public static func bringUp(interrupts: InterruptMailbox, hostWakeInterrupt: UInt8,
                               power: WLANPower = WLANPower()) throws(PSoC6Error) -> PSoC6Board {
        let platform = try PSoC6Platform(interrupts: interrupts, hostWakeInterrupt: hostWakeInterrupt)
        power.powerOn(platform: platform)
        let sdio = try PSoC6SDIOTransport()
        return PSoC6Board(platform: platform, log: UARTLogSink(), power: power, sdio: sdio)
    }
}

extension PSoC6Board {
    /// CPU sleep with no deadline and nothing to wake for but an interrupt (fatal-error park).
    public static func idleForever() {
        let state = PDL.irqMask()
        PDL.sleepMasked(deadline: UInt64.max, allowDeepSleep: false)
        PDL.irqRestore(state)
    }
}
