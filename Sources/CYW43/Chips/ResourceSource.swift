/// The images the driver downloads (docs/cyw43-bus.md §9).
public enum Resource: Equatable, Sendable {
    /// The WLAN firmware image (written byte-for-byte at RAM base).
    case firmware
    /// NVRAM in binary form: NUL-separated `key=value` strings, an extra NUL, padded to 4
    /// (`NVRAMImage.binary(fromText:)` converts the text file).
    case nvram
    /// The CLM (regulatory) blob sent with "clmload".
    case clm
}

/// Where firmware, NVRAM and CLM come from: files on Linux, flash arrays on the MCU,
/// synthetic images in the simulation. Read in chunks so nothing needs to hold the
/// whole 230-600 KB firmware in RAM.
public protocol ResourceSource: AnyObject {
    /// Size in bytes; 0 = not available (CLM: skip the load).
    func size(of resource: Resource) -> Int
    /// Copies up to `buffer.count` bytes starting at `offset`; returns the count copied.
    func read(_ resource: Resource, offset: Int, into buffer: UnsafeMutableRawBufferPointer) -> Int
}

/// A resource source over byte arrays in memory.
public final class MemoryResources: ResourceSource {
    public var firmware: [UInt8]
    public var nvram: [UInt8]
    public var clm: [UInt8]

    public init(firmware: [UInt8], nvram: [UInt8], clm: [UInt8]) {
        self.firmware = firmware; self.nvram = nvram; self.clm = clm
    }

    public func size(of resource: Resource) -> Int {
        switch resource {
        case .firmware: firmware.count
        case .nvram: nvram.count
        case .clm: clm.count
        }
    }

    public func read(_ resource: Resource, offset: Int, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        func copy(_ a: [UInt8]) -> Int {
            guard offset < a.count else { return 0 }
            let n = min(buffer.count, a.count - offset)
            for i in 0..<n { buffer[i] = a[offset + i] }
            return n
        }
        switch resource {
        case .firmware: return copy(firmware)
        case .nvram: return copy(nvram)
        case .clm: return copy(clm)
        }
    }
}
