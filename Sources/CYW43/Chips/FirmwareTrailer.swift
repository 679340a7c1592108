/// The text trailer a real CYW43 firmware image ends with (docs/cyw43-bus.md §3.5), checked on
/// the host before a byte is downloaded, as cyw43-driver does ("could not find valid firmware"):
///
///     ... NUL "<chip><rev>-roml/<features> Version: <x.y.z> (...) CRC: .. Date: .. FWID .." NUL
///     <u16 LE: text length> <16-byte "DVID .." record>
///
/// (cyw43-driver reads the length 18 bytes before the end, wants a NUL before it, a length under
/// 500 and "Version: " inside the text.) The leading digits name the chip: decimal for ids from
/// 0xA000 up (43430 is the 4343W's id, 43439), the hex digits below (4373).
public enum FirmwareTrailer {
    /// What the check found.
    public enum Verdict: Equatable {
        /// A trailer with "Version: ", for this chip (or naming none).
        case valid
        /// No trailer in that shape: not a firmware image (or a truncated one).
        case notFirmware
        /// A trailer for another chip; `imageChip` is its leading number as written ("4373" -> 4373).
        case anotherChip(imageChip: UInt32)
    }

    static let dvidLength = 16
    static let maxTextLength = 500

    /// Reads the image's end from `resources` through `buffer` (at least 500 bytes).
    public static func check(_ resources: any ResourceSource, chipID: UInt16,
                      buffer: UnsafeMutableRawBufferPointer) -> Verdict {
        let size = resources.size(of: .firmware)
        let fixed = dvidLength + 3                       // NUL, u16 length, DVID
        guard size > fixed, buffer.count >= maxTextLength else { return .notFirmware }
        let head = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<3])
        guard resources.read(.firmware, offset: size - fixed, into: head) == 3 else { return .notFirmware }
        let length = Int(head[1]) | Int(head[2]) << 8
        guard head[0] == 0, length >= 9, length < maxTextLength, size >= fixed + length else { return .notFirmware }
        let text = UnsafeMutableRawBufferPointer(rebasing: buffer[0..<length])
        guard resources.read(.firmware, offset: size - fixed - length, into: text) == length else { return .notFirmware }
        return verdict(text: UnsafeRawBufferPointer(text), chipID: chipID)
    }

    static func verdict(text: UnsafeRawBufferPointer, chipID: UInt16) -> Verdict {
        let key: StaticString = "Version: "
        var found = false
        key.withUTF8Buffer { k in
            var i = 0
            while !found && i + k.count <= text.count {
                var j = 0
                while j < k.count && text[i + j] == k[j] { j += 1 }
                found = j == k.count
                i += 1
            }
        }
        guard found else { return .notFirmware }
        var digits = 0
        var number: UInt32 = 0
        while digits < text.count && digits < 6, text[digits] >= 0x30, text[digits] <= 0x39 {
            number = number * 10 + UInt32(text[digits] - 0x30)
            digits += 1
        }
        if digits == 0 { return .valid }                 // names no chip: not judged
        return number == expectedNumber(chipID) ? .valid : .anotherChip(imageChip: number)
    }

    /// 0xA9AF -> 43439, 0xA9A6 -> 43430, 0x4373 -> 4373 (its hex digits read as decimal).
    public static func expectedNumber(_ id: UInt16) -> UInt32 {
        if id >= 0xA000 { return UInt32(id) }
        var n: UInt32 = 0
        var v = id
        var scale: UInt32 = 1
        while v != 0 { n += UInt32(v & 0xF) * scale; scale *= 10; v >>= 4 }
        return n
    }
}
