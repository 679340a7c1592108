import Runtime

/// The RTO computation of RFC 6298 with Karn's algorithm (§3: no samples from
/// retransmitted segments) and exponential backoff (§5.5).
struct TcpRetransmissionTimer {
    let minimum: Duration
    let maximum: Duration
    /// SRTT and RTTVAR (nil before the first sample, RFC 6298 §2.1).
    private(set) var smoothed: Duration?
    private(set) var variance: Duration = .zero
    /// The RTO before backoff.
    private(set) var base: Duration
    /// Timeouts since the last ACK of new data; the RTO is doubled for each.
    private(set) var backoff = 0
    /// The segment being timed: its end sequence number and when it was sent.
    private var timing: (end: SeqNumber, sentAt: Instant)?

    /// RFC 6298 §2: clock granularity G.
    private static let granularity = Duration.milliseconds(1)

    init(initial: Duration, minimum: Duration, maximum: Duration) {
        self.minimum = minimum
        self.maximum = maximum
        self.base = initial
    }

    /// The RTO to arm the timer with now (§5.5: doubled per timeout, capped at `maximum`).
    var current: Duration {
        var rto = base
        var i = 0
        while i < backoff && rto < maximum { rto = rto * 2; i += 1 }
        return rto < maximum ? rto : maximum
    }

    /// A new segment (not a retransmission) ending at `end` was sent at `now`.
    mutating func sent(end: SeqNumber, at now: Instant) {
        if timing == nil { timing = (end, now) }
    }

    /// Karn: a retransmission makes the running measurement ambiguous.
    mutating func retransmitted() { timing = nil }

    /// New data up to `ack` was acknowledged at `now`: take a sample if it covers the timed
    /// segment, and (§5.7 / Linux) clear the backoff.
    mutating func acknowledged(upTo ack: SeqNumber, at now: Instant) {
        backoff = 0
        guard let t = timing, t.end <= ack else { return }
        timing = nil
        sample(now - t.sentAt)
    }

    /// The retransmission timer expired (§5.5).
    mutating func expired() {
        backoff += 1
        timing = nil
    }

    /// RFC 6298 §2.2 / §2.3.
    private mutating func sample(_ r: Duration) {
        if let srtt = smoothed {
            let delta = srtt > r ? srtt - r : r - srtt
            variance = (variance * 3 + delta) / 4
            smoothed = (srtt * 7 + r) / 8
        } else {
            smoothed = r
            variance = r / 2
        }
        let k = variance * 4
        var rto = (smoothed ?? r) + (k > Self.granularity ? k : Self.granularity)
        if rto < minimum { rto = minimum }
        if rto > maximum { rto = maximum }
        base = rto
    }
}
