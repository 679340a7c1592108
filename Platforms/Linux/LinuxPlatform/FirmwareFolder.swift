/// Candidate file names for one chip's firmware, CLM blob and NVRAM. The first name
/// found in the first folder that has it wins.
public struct FirmwareNames: Sendable, Equatable {
    public var firmware: [String]
    public var clm: [String]
    public var nvram: [String]

    public init(firmware: [String], clm: [String], nvram: [String]) {
        self.firmware = firmware
        self.clm = clm
        self.nvram = nvram
    }

    /// The names Linux distributions install (docs/cyw43-bus.md §9.1): Cypress images under
    /// cypress/ as cyfmac<chip>-sdio.*, brcmfmac symlinks under brcm/. The same "-sdio"
    /// image runs over gSPI (docs/linux-sbc.md §5.2). `chip`: "43439", "4343W", "43438",
    /// "43012", "4373".
    public static func linuxDefaults(chip: String) -> FirmwareNames {
        let stems: [String]
        switch chip.uppercased() {
        case "4343W", "43430": stems = ["cyfmac43430-sdio", "brcmfmac43430-sdio"]
        case "43438": stems = ["brcmfmac43430a0-sdio", "cyfmac43430-sdio", "brcmfmac43430-sdio"]
        default: stems = ["cyfmac\(chip.lowercased())-sdio", "brcmfmac\(chip.lowercased())-sdio"]
        }
        return FirmwareNames(firmware: stems.map { $0 + ".bin" },
                             clm: stems.map { $0 + ".clm_blob" },
                             nvram: stems.map { $0 + ".txt" })
    }

    /// Board-config names (e.g. WHD's "43439A0.bin") first, then the Linux defaults.
    public func preferring(_ other: FirmwareNames) -> FirmwareNames {
        func merge(_ a: [String], _ b: [String]) -> [String] { a + b.filter { !a.contains($0) } }
        return FirmwareNames(firmware: merge(other.firmware, firmware), clm: merge(other.clm, clm),
                             nvram: merge(other.nvram, nvram))
    }
}

/// The three images the driver downloads.
public struct FirmwareImages: Sendable {
    public var firmware: [UInt8]
    public var clm: [UInt8]
    public var nvram: [UInt8]
    /// Where each came from.
    public var paths: (firmware: String, clm: String, nvram: String)

    /// True if the firmware's embedded build string names the TCP keepalive offload
    /// feature ("-tko"); the Raspberry Pi OS 43439 image (7.95.75) lacks it
    /// (docs/linux-sbc.md §5.1).
    public var firmwareHasTKO: Bool {
        let needle: [UInt8] = Array("-tko".utf8)
        let fw = firmware
        if fw.count < needle.count { return false }
        var i = 0
        while i <= fw.count - needle.count {
            if fw[i] == needle[0] && fw[i + 1] == needle[1] && fw[i + 2] == needle[2] && fw[i + 3] == needle[3] {
                return true
            }
            i += 1
        }
        return false
    }
}

/// Why a firmware file could not be loaded. `description` names the file(s) tried and
/// every folder searched.
public enum FirmwareError: Error, Equatable, CustomStringConvertible {
    /// None of `names` exists in any of `folders`.
    case missing(role: String, names: [String], folders: [String])
    /// The file exists but could not be read.
    case unreadable(path: String, errno: Int32)
    /// The file is empty.
    case empty(path: String)

    public var description: String {
        switch self {
        case .missing(let role, let names, let folders):
            return "\(role) file not found: tried \(names.joined(separator: ", ")) in \(folders.joined(separator: ", ")). "
                + "Install the chip's firmware (Raspberry Pi OS: firmware-brcm80211; or copy the WHD/Infineon files), "
                + "or point --firmware at the folder that has them."
        case .unreadable(let path, let e):
            return "cannot read \(path): \(Syscalls.describe(errno: e)) (errno \(e))"
        case .empty(let path):
            return "\(path) is empty"
        }
    }
}

/// Loads firmware, CLM and NVRAM from a list of folders (first match wins).
public struct FirmwareFolder: Sendable {
    /// Debian / Raspberry Pi OS locations (docs/cyw43-bus.md §9.1).
    public static let systemFolders = ["/lib/firmware/cypress", "/lib/firmware/brcm", "/lib/firmware"]

    public var folders: [String]

    /// `folders` are searched in order; the system folders are appended unless
    /// `includeSystem` is false.
    public init(folders: [String] = [], includeSystem: Bool = true) {
        var all = folders.map { $0.hasSuffix("/") && $0.count > 1 ? String($0.dropLast()) : $0 }
        if includeSystem { all += Self.systemFolders.filter { !all.contains($0) } }
        self.folders = all
    }

    /// The path of the first existing candidate, or nil.
    public func locate(_ names: [String]) -> String? {
        for folder in folders {
            for name in names where Syscalls.exists(folder + "/" + name) { return folder + "/" + name }
        }
        return nil
    }

    /// Loads one file.
    public func load(role: String, names: [String]) throws(FirmwareError) -> (bytes: [UInt8], path: String) {
        guard let path = locate(names) else { throw .missing(role: role, names: names, folders: folders) }
        switch Syscalls.readFile(path) {
        case .failure(let e): throw .unreadable(path: path, errno: e.code)
        case .success(let bytes):
            if bytes.isEmpty { throw .empty(path: path) }
            return (bytes, path)
        }
    }

    /// Loads all three images.
    public func load(_ names: FirmwareNames) throws(FirmwareError) -> FirmwareImages {
        let fw = try load(role: "firmware", names: names.firmware)
        let clm = try load(role: "CLM", names: names.clm)
        let nv = try load(role: "NVRAM", names: names.nvram)
        return FirmwareImages(firmware: fw.bytes, clm: clm.bytes, nvram: nv.bytes,
                              paths: (fw.path, clm.path, nv.path))
    }
}
