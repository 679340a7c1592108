import CYW43

/// CYW43's `ResourceSource` over the images psoc6.mk linked into flash (WIFI_FW, WIFI_CLM,
/// WIFI_NVRAM). Firmware and CLM are read in place, chunk by chunk, so the 230-600 KB image
/// never occupies RAM; the NVRAM text is converted once to the chip's binary form (≈1 KB),
/// in place into one buffer (`NVRAMImage.convert`: no arrays on the kit).
/// A missing image has size 0: the driver skips an absent CLM and fails a missing firmware.
public final class PSoC6Resources: ResourceSource {
    private let firmware: UnsafeBufferPointer<UInt8>
    private let clm: UnsafeBufferPointer<UInt8>
    private let nvram: UnsafeBufferPointer<UInt8>

    public init() {
        firmware = PDL.resource(.firmware)
        clm = PDL.resource(.clm)
        let text = PDL.resource(.nvram)
        if text.isEmpty {
            nvram = UnsafeBufferPointer(start: nil, count: 0)
        } else {
            let capacity = NVRAMImage.maxBinaryCount(textCount: text.count)
            let out = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
            let n = NVRAMImage.convert(UnsafeRawBufferPointer(text), into: UnsafeMutableRawBufferPointer(start: out, count: capacity))
            nvram = UnsafeBufferPointer(start: out, count: n)
        }
    }

    deinit { nvram.deallocate() }

    public func size(of resource: Resource) -> Int {
        switch resource {
        case .firmware: firmware.count
        case .clm: clm.count
        case .nvram: nvram.count
        }
    }

    public func read(_ resource: Resource, offset: Int, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        switch resource {
        case .firmware: return Self.copy(firmware, offset, buffer)
        case .clm: return Self.copy(clm, offset, buffer)
        case .nvram: return Self.copy(nvram, offset, buffer)
        }
    }

    private static func copy(_ from: UnsafeBufferPointer<UInt8>, _ offset: Int,
                             _ to: UnsafeMutableRawBufferPointer) -> Int {
        guard offset >= 0, offset < from.count, let src = from.baseAddress, let dst = to.baseAddress else { return 0 }
        let n = min(to.count, from.count - offset)
        dst.copyMemory(from: src + offset, byteCount: n)
        return n
    }
}
