// Linked into every fuzz target that imports CYW43 (scripts/fuzz.sh).

/// The smallest image the driver's trailer check accepts (docs/cyw43-bus.md §3.5): 4 code bytes,
/// NUL, a text with "Version: " and no chip digits, NUL, the text's u16 length, a 16-byte DVID
/// record. Rigs that bring a driver up download it.
let fuzzTrailer = Array("Version: 0.0.0 (fuzz harness image)".utf8)
let fuzzFirmware: [UInt8] = [0, 0, 0, 0, 0] + fuzzTrailer + [0, UInt8(fuzzTrailer.count), 0]
    + Array("DVID fuzz image\0".utf8)
