import Testing
import Runtime
@testable import ChipModel

private let tko = Array("tko".utf8)

/// The real hook signature, on a chip that is powered but not booted (iovars only).
@Test func tkoIovarsThroughTheChipHook() {
    let chip = ChipModel(chip: .cyw43439, bus: .gspi)
    let t = TcpKeepaliveOffload()
    // MAX_TCP GET (§1.4): reply {0, len 4} + max 4.
    let max = t.getIovar(name: tko, params: [0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0], chip: chip)
    #expect(max?.0 == 0 && max?.1 == [0, 0, 4, 0, 4, 0, 0, 0])
    #expect(t.setIovar(name: tko, value: paramCE, chip: chip) == 0)
    let param = t.getIovar(name: tko, params: [1, 0, 12, 0] + [UInt8](repeating: 0, count: 12), chip: chip)
    #expect(param?.1 == [1, 0, 8, 0, 5, 0, 3, 0, 3, 0, 0, 0])
    #expect(t.setIovar(name: tko, value: exampleConnect, chip: chip) == 0)
    // CONNECT GET returns the stored blob (len = 140 bytes as sent, §1.2 quirk).
    let back = t.getIovar(name: tko, params: [2, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0], chip: chip)
    #expect(back?.0 == 0 && back.map { Array($0.1.dropFirst(4)) } == Array(exampleConnect[4..<144]))
    #expect(t.setIovar(name: Array("arp_ol".utf8), value: [0, 0, 0, 0], chip: chip) == nil)  // not ours
}

@Test func tkoIovarErrorsFollowTheFirmware() {
    let chip = FakeChip()
    let t = TcpKeepaliveOffload()
    // len > buffer - 4 -> BCME_BUFTOOSHORT (§1.1).
    #expect(t.set([1, 0, 12, 0, 5, 0, 3, 0], fw: chip) == -14)
    #expect(t.set([1, 0], fw: chip) == -14)
    // PARAM with len < 8 -> BCME_BADLEN (§1.4).
    #expect(t.set([1, 0, 4, 0, 5, 0, 3, 0], fw: chip) == -24)
    // CONNECT index 4 -> BCME_RANGE (§1.5).
    var bad = exampleConnect
    bad[4] = 4
    #expect(t.set(bad, fw: chip) == -29)
    // CONNECT GET of an unused slot -> BCME_NOTFOUND; index >= 4 -> BCME_RANGE (§1.4).
    #expect(t.get([2, 0, 8, 0, 1, 0, 0, 0, 0, 0, 0, 0]).0 == -30)
    #expect(t.get([2, 0, 8, 0, 7, 0, 0, 0, 0, 0, 0, 0]).0 == -29)
    // While enabled PARAM and CONNECT are BCME_BUSY (§1.4, §1.5).
    #expect(t.set(exampleConnect, fw: chip) == 0)
    #expect(t.set(enableOn, fw: chip) == 0)
    #expect(t.set(paramCE, fw: chip) == -16)
    #expect(t.set(exampleConnect, fw: chip) == -16)
    #expect(t.set(enableOn, fw: chip) == 0)  // no-op
}

@Test func statusIsReadableUntilDisable() {
    let chip = FakeChip()
    let t = enabledEngine(chip)
    // STATUS GET (§1.4): len 5 = count 4 + statuses; slot 0 normal, the rest unused (255).
    #expect(t.get([4, 0, 6, 0, 0, 0, 0, 0, 0, 0]).1 == [4, 0, 5, 0, 4, 0, 255, 255, 255])
    _ = t.set(enableOff, fw: chip)
    #expect(t.get([4, 0, 6, 0, 0, 0, 0, 0, 0, 0]).1 == [4, 0, 5, 0, 4, 255, 255, 255, 255])
}

@Test func firmwareResetForgetsEverything() {
    let chip = ChipModel(chip: .cyw43439, bus: .gspi)
    let o = FirmwareOffloads.install(on: chip)
    let fake = FakeChip()
    _ = o.keepalive.set(paramCE, fw: fake)
    _ = o.keepalive.set(exampleConnect, fw: fake)
    _ = o.keepalive.set(enableOn, fw: fake)
    _ = o.arp.set(Array("arpoe".utf8), [1, 0, 0, 0])
    _ = o.packetFilter.set(Array("pkt_filter_mode".utf8), [1, 0, 0, 0])
    o.keepalive.firmwareReset(chip: chip)
    o.arp.firmwareReset(chip: chip)
    o.packetFilter.firmwareReset(chip: chip)
    #expect(!o.keepalive.isEnabled && !o.keepalive.hasConnection(index: 0) && o.keepalive.interval == 7200)
    #expect(!o.arp.isEnabled && o.packetFilter.mode == 0)
}
