import CYW43
import Runtime

// Linked into every fuzz target that imports CYW43 (scripts/fuzz.sh).

final class FuzzNullSink: LogSink { func write(_ byte: UInt8) {} }
final class FuzzSink: FrameReceiver { func receive(frame: UnsafeRawBufferPointer) { _ = frame.first } }

final class FuzzPlatform: Platform {
    var now = Instant.zero
    func sleep(until deadline: Instant?) {}
    func setAlarm(_ deadline: Instant) {}   // no scheduler in a harness: no alarm to raise
    func delay(_ duration: Duration) { now += duration }
}

/// A WLANBus that boots like a CYW43439 (docs/cyw43-bus.md §3): a register file remembers
/// writes, HT and F2 are always ready, F1 reads are zeros. Rigs subclass it and override the
/// frame methods to answer control frames their own way; this one never has a frame.
class FuzzBootBus: WLANBus {
    let kind = BusKind.gspi
    let fuzzPlatform = FuzzPlatform()
    var platform: any Platform { fuzzPlatform }
    var backplaneWindow: UInt32 = 0xFFFF_FFFF
    var maxBackplaneTransfer: Int { 64 }
    var stats = BusStats()
    var registers: [UInt64: UInt32] = [:]
    var rxSequence: UInt8 = 0

    func initializeBus(hostWake: HostWake) throws(BusError) {}
    func readRegister(function: UInt8, address: UInt32, size: Int) throws(BusError) -> UInt32 {
        if function == 1 && address == 0x1000E { return 0xC0 }          // chipClockCSR: ALP + HT available
        if function == 1 && address == 0x8000 && size == 4 { return 43439 } // chip-common CHIPID (§3.2)
        return registers[UInt64(function) << 32 | UInt64(address)] ?? 0
    }
    func writeRegister(function: UInt8, address: UInt32, size: Int, value: UInt32) throws(BusError) {
        registers[UInt64(function) << 32 | UInt64(address)] = value
    }
    func transferF1(write: Bool, address: UInt32, buffer: UnsafeMutableRawBufferPointer) throws(BusError) {
        if !write { for i in 0..<buffer.count { buffer[i] = 0 } }
    }
    func chipIDAddress() throws(BusError) -> UInt32 { 0x1800_0000 }
    func finishFirmwareBoot(chip: ChipInfo) throws(BusError) {}
    func isF2Ready() throws(BusError) -> Bool { true }
    func serviceInterrupts(chip: ChipInfo) throws(BusError) -> Bool { false }
    func busSpecificSleepSetup() throws(BusError) {}
    func pokeFirmware(chip: ChipInfo) throws(BusError) {}
    func readFrame(into buffer: UnsafeMutableRawBufferPointer) throws(BusError) -> FrameRead { .none }
    func writeFrame(_ frame: UnsafeRawBufferPointer) throws(BusError) {}
}
