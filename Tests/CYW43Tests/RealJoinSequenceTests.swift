import Testing
@testable import CYW43
import Runtime

/// The driver's join verdict from event sequences real chips send, written from public traces
/// (not recorded from our chip model), fed straight into the driver's event handling.
/// ChipModelTests' JoinTests holds the model to the same sequences.
@Suite struct RealJoinSequenceTests {
    typealias E = (type: UInt32, status: UInt32, reason: UInt32, flags: UInt16)

    /// A Pico W (CYW43439) joining WPA2, cyw43-driver's ASYNC trace in raspberrypi/pico-sdk#2153:
    /// ASSOC_REQ_IE 87, AUTH 3, ASSOC_RESP_IE 88, ASSOC 7, LINK 16 (flags 1), PSK_SUP 46 status 6,
    /// JOIN 1, SET_SSID 0.
    static let securedSuccess: [E] = [(87, 0, 0, 0), (3, 0, 0, 0), (88, 0, 0, 0), (7, 0, 0, 0),
                                      (16, 0, 0, 1), (46, 6, 0, 0), (1, 0, 0, 0), (0, 0, 0, 0)]
    /// Wrong key: association is reported (SET_SSID 0 first: embassy-rs/embassy#3723), then
    /// PSK_SUP 8 (WAIT_M3) reason 14 (SUP_DEAUTH) and DEAUTH_IND (reason 2: cyw43-driver
    /// "probably because password was wrong"), LINK down.
    static let wrongKey: [E] = [(87, 0, 0, 0), (3, 0, 0, 0), (88, 0, 0, 0), (7, 0, 0, 0), (16, 0, 0, 1),
                                (1, 0, 0, 0), (0, 0, 0, 0), (46, 8, 14, 0), (6, 0, 2, 0), (16, 0, 2, 0)]

    func driver(_ security: Security) -> Driver<GSPIBus<NullTransport>> {
        let d = Driver(bus: GSPIBus(transport: NullTransport(), platform: VirtualPlatform()), log: Log(LineBuffer()))
        d.joinSecurity = security
        d.joinProgress = JoinProgress()
        d.joinProgress.securityComplete = !security.isSecure
        d.joinState = .joining(deadline: Instant(microseconds: 9_000_000))
        return d
    }

    func feed(_ d: Driver<GSPIBus<NullTransport>>, _ events: ArraySlice<E>) {
        let frame = [UInt8](repeating: 0, count: EventMessage.headerSize)
        frame.withUnsafeBytes { f in
            for e in events {
                d.handleEvent(EventMessage(eventType: EventType(rawValue: e.type), status: e.status,
                                           reason: e.reason, flags: e.flags), frame: f)
            }
        }
    }

    @Test func securedJoinNeedsKeyedAndSetSSIDInTheTraceOrder() {
        let d = driver(.wpa2AES)
        feed(d, Self.securedSuccess[..<5])             // up to LINK up
        #expect(d.joinState != .joined)
        feed(d, Self.securedSuccess[5...6])            // PSK_SUP KEYED, JOIN
        #expect(d.joinState != .joined)
        feed(d, Self.securedSuccess[7...])             // SET_SSID
        #expect(d.joinState == .joined && d.nextNotice() == .joined && d.nextNotice() == nil)
    }

    /// SET_SSID before PSK_SUP KEYED (the order a wrong key shows) also joins once keyed.
    @Test func securedJoinWithSetSSIDFirstJoinsAtKeyed() {
        let d = driver(.wpa2AES)
        feed(d, Self.wrongKey[..<7])                   // ... LINK up, JOIN, SET_SSID 0
        #expect(d.joinState != .joined)
        feed(d, [(46, 6, 0, 0)])
        #expect(d.joinState == .joined && d.nextNotice() == .joined)
    }

    @Test func setSSIDSuccessIsNotJoinedOnAWrongKey() {
        let d = driver(.wpa2AES)
        feed(d, Self.wrongKey[..<7])                   // ... LINK up, JOIN, SET_SSID 0
        #expect(d.joinState != .joined && d.nextNotice() == nil)
        feed(d, Self.wrongKey[7...])
        #expect(d.joinState == .failed(.badPassphrase))
        #expect(d.nextNotice() == .joinFailed(.badPassphrase) && d.nextNotice() == nil)
    }

    /// DEAUTH_IND reason 2 in the handshake without a PSK_SUP before it (cyw43-driver treats it
    /// alone as a wrong password).
    @Test func deauthReason2InTheHandshakeIsAWrongKey() {
        let d = driver(.wpa2AES)
        feed(d, Self.wrongKey[..<7])
        feed(d, Self.wrongKey[8...])
        #expect(d.joinState == .failed(.badPassphrase))
    }

    /// WHD's classification: WAIT_M3 + timeout (15) = wrong key; WAIT_M1 + timeout = the edge of
    /// the cell (our `.timeout`); a PSK_SUP before LINK up is ignored.
    @Test func handshakeTimeoutsFollowWHD() {
        let m3 = driver(.wpa2AES)
        feed(m3, Self.wrongKey[..<5] + [(46, 8, 15, 0)])
        #expect(m3.joinState == .failed(.badPassphrase))
        let m1 = driver(.wpa2AES)
        feed(m1, Self.wrongKey[..<5] + [(46, 4, 15, 0)])
        #expect(m1.joinState == .failed(.timeout))
        let early = driver(.wpa2AES)
        feed(early, [(46, 8, 14, 0)])
        #expect(early.joinState != .failed(.badPassphrase))
    }

    /// An open network: no PSK_SUP; joined at SET_SSID after LINK up.
    @Test func openJoinCompletesWithoutPskSup() {
        let d = driver(.open)
        feed(d, [(87, 0, 0, 0), (3, 0, 0, 0), (88, 0, 0, 0), (7, 0, 0, 0), (16, 0, 0, 1)])
        #expect(d.joinState != .joined)
        feed(d, [(1, 0, 0, 0), (0, 0, 0, 0)])
        #expect(d.joinState == .joined)
    }

    @Test func unknownSSIDIsNetworkNotFound() {
        let d = driver(.wpa2AES)
        feed(d, [(0, 3, 0, 0)])
        #expect(d.joinState == .failed(.noNetwork))
    }
}
