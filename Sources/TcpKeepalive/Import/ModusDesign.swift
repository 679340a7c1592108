import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// What a ModusToolbox `design.modus` (the Device Configurator's XML) holds that we read:
/// per device its part number and blocks; per block its location ("ioss[0].port[0].pin[4]",
/// "wifi[0].power[0]"), aliases (CYBSP_WIFI_HOST_WAKE, ...) and personality parameters.
struct ModusDesign {
    struct Block {
        var location: String
        var aliases: [String] = []
        var template: String? = nil
        var params: [(id: String, value: String)] = []
        func param(_ id: String) -> String? { params.first { $0.id == id }?.value }
    }
    struct Device {
        var mpn: String
        var blocks: [Block] = []
    }
    var devices: [Device] = []

    /// The device with the Wi-Fi personality, and that block.
    var wifi: (device: Device, block: Block)? {
        for d in devices {
            if let b = d.blocks.first(where: { $0.template == "connectivity_wifi" }) { return (d, b) }
        }
        return nil
    }

    /// The MCU: the device that has the pins (ioss blocks).
    var mcu: Device? { devices.first { $0.blocks.contains { $0.location.hasPrefix("ioss[") } } }

    /// The pin block that carries `alias` (on any device).
    func pin(alias: String) -> Block? {
        for d in devices {
            if let b = d.blocks.first(where: { $0.aliases.contains(alias) && $0.location.hasPrefix("ioss[") }) { return b }
        }
        return nil
    }

    /// "ioss[0].port[12].pin[5]" -> "P12_5".
    static func pinName(_ location: String) -> String? {
        let nums = location.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        guard location.hasPrefix("ioss["), nums.count == 3 else { return nil }
        return "P\(nums[1])_\(nums[2])"
    }

    static func parse(_ data: Data) throws(CommandError) -> ModusDesign {
        let reader = Reader()
        let p = XMLParser(data: data)
        p.delegate = reader
        guard p.parse() else {
            let line = p.lineNumber
            throw CommandError("not a design.modus (XML error at line \(line): \(p.parserError.map { "\($0.localizedDescription)" } ?? "unknown"))")
        }
        return reader.design
    }

    private final class Reader: NSObject, XMLParserDelegate {
        var design = ModusDesign()
        var device: Device?
        var block: Block?

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes a: [String: String] = [:]) {
            switch name {
            case "Device": device = Device(mpn: a["mpn"] ?? "")
            case "Block": block = Block(location: a["location"] ?? "")
            case "Alias": if let v = a["value"] { block?.aliases.append(v) }
            case "Personality": block?.template = a["template"]
            case "Param": if let id = a["id"], let v = a["value"] { block?.params.append((id, v)) }
            default: break
            }
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            switch name {
            case "Block": if let b = block { device?.blocks.append(b) }; block = nil
            case "Device": if let d = device { design.devices.append(d) }; device = nil
            default: break
            }
        }
    }
}
