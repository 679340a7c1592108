import Runtime

/// CDC control messages (docs/cyw43-bus.md §5.1) and the WLC ioctl table (§7.1).
extension ChipModel {
    /// WLC ioctl numbers (§7.1; GET_WPA_AUTH 164 is SET_WPA_AUTH's getter).
    public enum Ioctl {
        public static let getMagic: UInt32 = 0
        public static let getVersion: UInt32 = 1
        public static let up: UInt32 = 2
        public static let down: UInt32 = 3
        public static let setInfra: UInt32 = 20
        public static let setAuth: UInt32 = 22
        public static let getBSSID: UInt32 = 23
        public static let getSSID: UInt32 = 25
        public static let setSSID: UInt32 = 26
        public static let getChannel: UInt32 = 29
        public static let setChannel: UInt32 = 30
        public static let scan: UInt32 = 50
        public static let disassoc: UInt32 = 52
        public static let setAntdiv: UInt32 = 64
        public static let setBcnPrd: UInt32 = 76
        public static let setDtimPrd: UInt32 = 78
        public static let setCountry: UInt32 = 84
        public static let getPM: UInt32 = 85
        public static let setPM: UInt32 = 86
        public static let setMonitor: UInt32 = 108
        public static let setGMode: UInt32 = 110
        public static let setAP: UInt32 = 118
        public static let getRSSI: UInt32 = 127
        public static let getWsec: UInt32 = 133
        public static let setWsec: UInt32 = 134
        public static let setBand: UInt32 = 142
        public static let getWpaAuth: UInt32 = 164
        public static let setWpaAuth: UInt32 = 165
        public static let scbDeauthenticateForReason: UInt32 = 201
        public static let getVar: UInt32 = 262
        public static let setVar: UInt32 = 263
        public static let setWsecPMK: UInt32 = 268
    }
    /// WLC_IOCTL_MAGIC / version as Broadcom's wlioctl.h defines them (not in the sheet; inferred).
    static let ioctlMagic: UInt32 = 0x14E4_6C77
    static let ioctlVersion: UInt32 = 2

    /// A channel-0 frame: CDC header {cmd, len, flags, status} + buffer (§5.1).
    func handleControl(_ payload: [UInt8]) {
        guard payload.count >= SDPCM.cdcSize else { counters.badHeaders += 1; return }
        counters.ioctls += 1
        let cmd = Bytes.le32(payload, 0)
        let len = Bytes.le32(payload, 4)
        let flags = Bytes.le32(payload, 8)
        let isSet = flags & 0x2 != 0
        // len is the buffer length (some drivers put the input length in the high half).
        let wanted = len <= 8192 ? Int(len) : Int(len & 0xFFFF)
        let end = min(payload.count, SDPCM.cdcSize + wanted)
        let buffer = Array(payload[SDPCM.cdcSize..<end])
        var (status, out) = ioctl(cmd, set: isSet, buffer)
        if status == FirmwareStatus.unsupported { counters.unsupportedIoctls += 1 }
        // The reply buffer is the host's buffer: GET values from offset 0, SET echoes (§5.1).
        var reply: [UInt8]
        if isSet {
            reply = buffer
        } else if status == FirmwareStatus.ok && out.count > buffer.count {
            status = FirmwareStatus.bufferTooShort
            reply = buffer
        } else {
            reply = buffer
            for i in 0..<min(out.count, reply.count) { reply[i] = out[i] }
            if status == FirmwareStatus.ok { for i in out.count..<reply.count where i >= 0 { reply[i] = 0 } }
        }
        var frame = [UInt8](repeating: 0, count: SDPCM.cdcSize)
        Bytes.putLE32(&frame, 0, cmd)
        Bytes.putLE32(&frame, 4, UInt32(reply.count))
        Bytes.putLE32(&frame, 8, (flags & ~1) | (status != 0 ? 1 : 0))
        Bytes.putLE32(&frame, 12, UInt32(bitPattern: status))
        frame += reply
        if timing.ioctlLatency.microseconds > 0 {
            pendingDeliveries += 1
            timers.schedule(.deliver(channel: SDPCM.channelControl, payload: frame), at: now + timing.ioctlLatency)
        } else {
            queueToHost(channel: SDPCM.channelControl, payload: frame)
        }
    }

    /// One ioctl: (status, value for a GET).
    func ioctl(_ cmd: UInt32, set: Bool, _ buf: [UInt8]) -> (Int32, [UInt8]) {
        typealias I = Ioctl
        let ok = FirmwareStatus.ok
        func u32(_ v: UInt32) -> (Int32, [UInt8]) { var b = [UInt8](); Bytes.appendLE32(&b, v); return (ok, b) }
        let arg = Bytes.le32(buf, 0)
        let hasArg = buf.count >= 4
        switch cmd {
        case I.getMagic: return u32(ChipModel.ioctlMagic)
        case I.getVersion: return u32(ChipModel.ioctlVersion)
        case I.up:
            isUp = true
            return (ok, [])
        case I.down:
            if join.linkUp { linkLost(reason: 4) }
            join.reset()
            isUp = false
            return (ok, [])
        case I.setInfra, I.setAuth, I.setWsec, I.setWpaAuth, I.setPM:
            guard hasArg else { return (FirmwareStatus.bufferTooShort, []) }
            switch cmd {
            case I.setInfra: infra = arg
            case I.setAuth: authMode = arg
            case I.setWsec: wsec = arg
            case I.setWpaAuth: wpaAuth = arg
            default:
                guard arg <= 2 else { return (FirmwareStatus.badArgument, []) }
                pmMode = arg
            }
            return (ok, [])
        case I.getPM: return u32(pmMode)
        case I.getWsec: return u32(wsec)
        case I.getWpaAuth: return u32(wpaAuth)
        case I.setSSID:
            return (startJoin(ssidParams: buf, bssidOffset: 36), [])
        case I.getSSID:
            var b = [UInt8](repeating: 0, count: 36)
            if join.linkUp, let ap = join.ap {
                Bytes.putLE32(&b, 0, UInt32(ap.ssid.count))
                for (i, c) in ap.ssid.prefix(32).enumerated() { b[4 + i] = c }
            }
            return (ok, b)
        case I.getBSSID:
            guard join.linkUp, let ap = join.ap else { return (FirmwareStatus.notAssociated, []) }
            return (ok, ap.bssid.bytes)
        case I.getRSSI:
            guard join.linkUp, let ap = join.ap else { return (FirmwareStatus.notAssociated, []) }
            return u32(UInt32(bitPattern: Int32(ap.rssi)))
        case I.getChannel:
            // channel_info_t {hw_channel, target_channel, scan_channel} (inferred layout).
            let ch = UInt32(join.ap?.channel ?? 1)
            var b = [UInt8](); Bytes.appendLE32(&b, ch); Bytes.appendLE32(&b, ch); Bytes.appendLE32(&b, 0)
            return (ok, b)
        case I.disassoc:
            if join.linkUp, let ap = join.ap {
                raiseEvent(type: Event.disassoc, status: EventStatus.success, reason: 0, flags: 0,
                           authType: 0, address: ap.bssid, data: [])
                linkLost(reason: 2)
            }
            join.reset()
            return (ok, [])
        case I.setWsecPMK:
            return (setPMK(buf), [])
        case I.setChannel, I.scan, I.setAntdiv, I.setBcnPrd, I.setDtimPrd, I.setCountry,
             I.setMonitor, I.setGMode, I.setAP, I.setBand, I.scbDeauthenticateForReason:
            plainIoctls[cmd] = buf
            return (ok, [])
        case I.getVar, I.setVar:
            guard let nul = buf.firstIndex(of: 0) else { return (FirmwareStatus.badArgument, []) }
            let name = Array(buf[0..<nul])
            let rest = Array(buf[(nul + 1)...])
            if cmd == I.setVar { return (setVar(name, rest), []) }
            return getVar(name, rest)
        default:
            return (FirmwareStatus.unsupported, [])
        }
    }

    /// WLC_SET_WSEC_PMK: wsec_pmk_t {u16 key_len, u16 flags, key[]}; flags 0x1 = passphrase
    /// (§7.3). The buffer length differs per driver (68/69/133), so only key_len is trusted.
    private func setPMK(_ buf: [UInt8]) -> Int32 {
        guard buf.count >= 4 else { return FirmwareStatus.bufferTooShort }
        let keyLen = Int(Bytes.le16(buf, 0))
        let flags = Bytes.le16(buf, 2)
        guard keyLen <= 64, buf.count >= 4 + keyLen else { return FirmwareStatus.badArgument }
        pmk = Array(buf[4..<(4 + keyLen)])
        pmkIsPassphrase = flags & 0x1 != 0
        return FirmwareStatus.ok
    }

    /// A delayed action from the timer queue.
    func run(_ action: ChipAction) {
        switch action {
        case .htAvailable: htClockUp()
        case .f2Ready: f2BecameReady()
        case .ksoAwake:
            ksoWakePending = false
            updateHostWake()
        case .deliver(let channel, let payload):
            pendingDeliveries -= 1
            queueToHost(channel: channel, payload: payload)
        case .join(let step, let generation):
            if generation == join.generation { joinStep(step) }
        case .scanDone: finishEscan()
        case .beaconLost(let generation):
            if generation == join.generation { linkLost(reason: 1) }
        }
    }
}
