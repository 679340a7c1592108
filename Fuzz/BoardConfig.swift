// Fuzz target: board.conf parsing (Sources/Boards). Any bytes must parse or throw a typed
// BoardConfigError, never trap; a parsed board must satisfy the validated invariants.
// Seeds: Fuzz/corpus/BoardConfig/ (every Boards/<KIT>/board.conf).
import Boards
import Runtime

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzBoardConfig(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let board: BoardConfig
    do throws(BoardConfigError) {
        board = try BoardConfig.parse(bytes)
    } catch {
        precondition(error.line >= 0, "negative line number")
        return 0
    }
    precondition(board.transport.carries(board.bus), "bus/transport not validated")
    precondition(board.hostWake.pin != .none, "host-wake pin not validated")
    precondition(!board.wifi.ssid.isEmpty && board.wifi.ssid.count <= 32, "SSID length not validated")
    let k = board.keepalive
    precondition(k.interval > 0 && k.retryInterval > 0 && k.retryCount > 0, "zero keepalive parameter")
    precondition(k.sockets.count <= KeepaliveSettings.maxSockets, "too many sockets")
    for (i, s) in k.sockets.enumerated() {
        precondition(s.localPort != 0 && s.remotePort != 0 && !s.remoteIP.isUnspecified, "bad socket")
        for t in k.sockets[(i + 1)...] { precondition(t.localPort != s.localPort, "duplicate local port") }
    }
    if board.wifi.security.needsPassphrase {
        precondition(board.wifi.passphrase.count >= 8 && board.wifi.passphrase.count <= 63, "passphrase length")
    }
    precondition(board.filters.count <= PacketFilterRule.maxRules, "too many filters")
    return 0
}
