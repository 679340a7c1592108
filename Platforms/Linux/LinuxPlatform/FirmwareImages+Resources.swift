import CYW43

extension FirmwareImages {
    /// The driver's resource source. A text NVRAM file (the Linux `.txt` form) is
    /// converted to the binary form the chip reads (`NVRAMImage.binary(fromText:)`); a
    /// file that already contains NULs is taken as binary.
    public func resources() -> MemoryResources {
        let nv = nvram.contains(0) ? nvram : NVRAMImage.binary(fromText: nvram)
        return MemoryResources(firmware: firmware, nvram: nv, clm: clm)
    }
}
