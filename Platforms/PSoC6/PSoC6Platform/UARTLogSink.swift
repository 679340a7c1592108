import Runtime

/// `Runtime.LogSink` on the kit's debug UART (115200 8N1, polled; LF is sent as CR LF
/// like the seed's retarget-io with CY_RETARGET_IO_CONVERT_LF_TO_CRLF).
public final class UARTLogSink: LogSink {
    public init() {}
    public func write(_ byte: UInt8) {
        if byte == 0x0A { PDL.uartPut(0x0D) }
        PDL.uartPut(byte)
    }
    /// Waits until the last byte has left the UART (before a reset or a long sleep).
    public func flush() { PDL.uartFlush() }
}
