import QEMUSupport
import Runtime

/// `Runtime.Log` output on the CMSDK UART0 (0x40004000), polled (`qemu_uart_putc`).
public final class UARTLogSink: LogSink {
    public init() {}
    public func write(_ byte: UInt8) { qemu_uart_putc(byte) }
}
