/// Congestion control of RFC 5681 (slow start, congestion avoidance, fast retransmit
/// with a simple recovery: no window inflation, partial ACKs retransmit the next hole as
/// RFC 6582 NewReno does). Sizes in bytes.
struct TcpCongestionControl {
    private(set) var mss: Int
    /// cwnd
    private(set) var window: Int
    /// ssthresh (RFC 5681 §3.1: initially arbitrarily high)
    private(set) var threshold = Int.max

    init(mss: Int) {
        self.mss = mss
        window = Self.initialWindow(mss: mss)
    }

    /// RFC 6928 §2: IW = min(10*MSS, max(2*MSS, 14600)).
    static func initialWindow(mss: Int) -> Int { min(10 * mss, max(2 * mss, 14_600)) }

    /// New data acknowledged (RFC 5681 §3.1, eq. 2 and 3).
    mutating func acknowledged(_ bytes: Int) {
        if window < threshold {
            window += min(bytes, mss)
        } else {
            window += max(mss * mss / max(window, 1), 1)
        }
    }

    /// The retransmission timer expired (§3.1 eq. 4; loss window = 1 MSS).
    mutating func timedOut(flight: Int) {
        threshold = max(flight / 2, 2 * mss)
        window = mss
    }

    /// Three duplicate ACKs (§3.2 steps 2-3, without inflation).
    mutating func fastRetransmit(flight: Int) {
        threshold = max(flight / 2, 2 * mss)
        window = threshold
    }
}
